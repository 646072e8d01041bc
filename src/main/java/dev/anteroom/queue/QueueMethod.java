package dev.anteroom.queue;

import dev.anteroom.common.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a queue admits visitors. */
public enum QueueMethod {
  /** First come, first served (by priority, then join order). */
  FIFO,
  /** A lottery: waiting visitors are released in random order. */
  RANDOM,
  /** The safety net: nobody waits while the site is under its active-user cap. */
  PASSTHROUGH,
  /** No waiting room: admitted at once if there is room, otherwise turned away. */
  REJECT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static QueueMethod parse(String text) {
    if (text == null) {
      return FIFO;
    }
    for (QueueMethod method : values()) {
      if (method.wireName().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return method;
      }
    }
    throw new InvalidInputException(
        "queue_method",
        "queue_method must be one of "
            + Arrays.stream(values()).map(QueueMethod::wireName).collect(Collectors.joining(", "))
            + ", was "
            + text);
  }
}
