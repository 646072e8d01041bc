package dev.anteroom.waiting.store;

import java.util.Locale;

/** Why a visitor's time in the queue ended, as recorded for analytics. */
public enum EndReason {
  /** The visitor left the line. */
  CANCELLED,
  /** The visitor stopped polling for longer than the queue's idle timeout. */
  IDLE,
  /** The tenant ended the visitor's session with {@code POST /complete}. */
  COMPLETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
