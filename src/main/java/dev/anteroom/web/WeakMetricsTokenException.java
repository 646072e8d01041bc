package dev.anteroom.web;

import dev.anteroom.common.StartupProblem;

/** Production mode was given a metrics token too short to guard every tenant's traffic. */
final class WeakMetricsTokenException extends StartupProblem {

  WeakMetricsTokenException(int length) {
    super(
        "ANTEROOM_METRICS_TOKEN has "
            + length
            + " characters; production mode needs at least "
            + MetricsAccessConfiguration.MIN_PRODUCTION_TOKEN
            + ": /metrics shows every tenant's traffic",
        "Set ANTEROOM_METRICS_TOKEN to a random value (for example the output of"
            + " `openssl rand -hex 32`) and give Prometheus the same.");
  }
}
