package dev.anteroom.config;

import dev.anteroom.common.StartupProblem;

/** Production mode was asked for without a usable {@code SECRET_KEY}. */
public final class MissingSecretKeyException extends StartupProblem {

  public MissingSecretKeyException(String message) {
    super(
        message,
        "Set SECRET_KEY to a random value of at least 32 characters (for example the output of"
            + " `openssl rand -base64 48`), or unset ANTEROOM_PROFILE to run in development mode.");
  }
}
