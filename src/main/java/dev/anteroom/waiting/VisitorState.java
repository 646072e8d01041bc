package dev.anteroom.waiting;

import java.util.Locale;

/**
 * Where a visitor stands. The only moves are WAITING to RELEASED, CANCELLED or EXPIRED, and
 * RELEASED to EXPIRED; {@link #moveTo} is the one place that checks them.
 */
public enum VisitorState {
  WAITING(1),
  RELEASED(2),
  CANCELLED(3),
  EXPIRED(4);

  private final byte code;
  // Computed once: every status answer names its state, and lower-casing per call was a quarter
  // of what a poll allocated.
  private final String wireName;

  VisitorState(int code) {
    this.code = (byte) code;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  /** The value stored in the database and in the in-memory index. */
  public byte code() {
    return code;
  }

  public String wireName() {
    return wireName;
  }

  public boolean isFinal() {
    return this == CANCELLED || this == EXPIRED;
  }

  public static VisitorState ofCode(int code) {
    for (VisitorState state : values()) {
      if (state.code == code) {
        return state;
      }
    }
    throw new IllegalArgumentException("no visitor state has code " + code);
  }

  public boolean canMoveTo(VisitorState to) {
    return switch (this) {
      case WAITING -> to == RELEASED || to == CANCELLED || to == EXPIRED;
      case RELEASED -> to == EXPIRED;
      case CANCELLED, EXPIRED -> false;
    };
  }

  /** Checks the move and answers the new state. */
  public VisitorState moveTo(VisitorState to) {
    if (!canMoveTo(to)) {
      throw new IllegalTransitionException(this, to);
    }
    return to;
  }

  /** A move the visitor life cycle does not allow. */
  public static final class IllegalTransitionException extends IllegalStateException {
    private final VisitorState from;
    private final VisitorState to;

    public IllegalTransitionException(VisitorState from, VisitorState to) {
      super("a visitor cannot move from " + from + " to " + to);
      this.from = from;
      this.to = to;
    }

    public VisitorState from() {
      return from;
    }

    public VisitorState to() {
      return to;
    }
  }
}
