package dev.anteroom.tenant;

import java.util.Optional;

/** The two kinds of application key, told apart by their prefix. */
public enum KeyKind {
  /** Server side: everything of its own application. */
  SECRET("sk_"),
  /** Browser side: join, poll and cancel only. */
  PUBLISHABLE("pk_");

  private final String prefix;

  KeyKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public static Optional<KeyKind> of(String key) {
    for (KeyKind kind : values()) {
      if (key != null && key.startsWith(kind.prefix)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
