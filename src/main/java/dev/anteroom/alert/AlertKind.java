package dev.anteroom.alert;

import dev.anteroom.common.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an alert is about. System kinds concern the whole node, not one application. */
public enum AlertKind {
  QUEUE_LENGTH("Queue length", false),
  CALLBACK_FAILURES("Callback failures", false),
  DATABASE_UNREACHABLE("Database unreachable", true),
  RELEASE_LAG("Release engine behind schedule", true),
  DISK_SPACE("Disk almost full", true);

  private final String title;
  private final boolean system;

  AlertKind(String title, boolean system) {
    this.title = title;
    this.system = system;
  }

  /** The name in the API and the database: {@code queue_length}, {@code disk_space}... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String title() {
    return title;
  }

  /** Whether the alert concerns the node rather than an application: super admins only see it. */
  public boolean system() {
    return system;
  }

  /** The kind a client named, or a 400 naming {@code field}. */
  public static AlertKind parse(String field, String text) {
    for (AlertKind kind : values()) {
      if (kind.wireName().equals(text)) {
        return kind;
      }
    }
    throw new InvalidInputException(
        field,
        field
            + " must be one of "
            + Arrays.stream(values()).map(AlertKind::wireName).collect(Collectors.joining(", ")));
  }
}
