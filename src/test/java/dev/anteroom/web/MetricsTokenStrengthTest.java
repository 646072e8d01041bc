package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.StartupProblem;
import org.junit.jupiter.api.Test;

class MetricsTokenStrengthTest {

  @Test
  void production_refuses_a_short_metrics_token_with_what_to_do() {
    assertThatThrownBy(() -> MetricsAccessConfiguration.requireStrength(true, "x"))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("ANTEROOM_METRICS_TOKEN has 1 characters")
        .satisfies(
            e -> assertThatCode(() -> ((StartupProblem) e).action()).doesNotThrowAnyException());
  }

  @Test
  void a_long_token_in_production_and_any_token_in_development_pass() {
    assertThatCode(() -> MetricsAccessConfiguration.requireStrength(true, "0123456789abcdef"))
        .doesNotThrowAnyException();
    assertThatCode(() -> MetricsAccessConfiguration.requireStrength(false, "x"))
        .doesNotThrowAnyException();
    assertThatCode(() -> MetricsAccessConfiguration.requireStrength(true, ""))
        .as("no token: /metrics is not served, which the filter handles")
        .doesNotThrowAnyException();
  }
}
