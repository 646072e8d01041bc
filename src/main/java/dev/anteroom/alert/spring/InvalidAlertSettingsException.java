package dev.anteroom.alert.spring;

import dev.anteroom.common.StartupProblem;

/** An alert setting ({@code anteroom.alerts.*}, {@code SMTP_*}, {@code WEBHOOK_*}) is unusable. */
final class InvalidAlertSettingsException extends StartupProblem {

  InvalidAlertSettingsException(String problem) {
    super(
        "alert settings: " + problem,
        "Correct the setting (see the Alerts section of the README) and start again.");
  }
}
