package dev.anteroom.waiting.store;

/**
 * A change in a visitor's life that a tenant can be told about by callback. The journal records an
 * event in the transaction of the change that causes it (the outbox); its code is what the {@code
 * callback_outbox} table stores.
 */
public enum VisitorEvent {
  RELEASED(1, "visitor.released"),
  EXPIRED(2, "visitor.expired"),
  CANCELLED(3, "visitor.cancelled"),
  COMPLETED(4, "visitor.completed");

  private final int code;
  private final String wireName;

  VisitorEvent(int code, String wireName) {
    this.code = code;
    this.wireName = wireName;
  }

  public int code() {
    return code;
  }

  /** The event's {@code type} in callbacks and its name in a queue's {@code callback_events}. */
  public String wireName() {
    return wireName;
  }

  public static VisitorEvent ofCode(int code) {
    for (VisitorEvent event : values()) {
      if (event.code == code) {
        return event;
      }
    }
    throw new IllegalArgumentException("no visitor event has code " + code);
  }

  /** The event of this name, or null. */
  public static VisitorEvent ofWireName(String name) {
    for (VisitorEvent event : values()) {
      if (event.wireName.equals(name)) {
        return event;
      }
    }
    return null;
  }
}
