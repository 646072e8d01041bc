package dev.anteroom.callback.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CallbackPropertiesTest {

  private static CallbackProperties fromEnvironment(Map<String, Object> variables) {
    var sources =
        ConfigurationPropertySources.from(new SystemEnvironmentPropertySource("env", variables));
    return new Binder(sources).bindOrCreate("anteroom.callbacks", CallbackProperties.class);
  }

  @Test
  void the_defaults_are_those_of_the_issue() {
    CallbackProperties settings = fromEnvironment(Map.of());
    assertThat(settings.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.multiplier()).isEqualTo(4);
    assertThat(settings.maxRetries()).isEqualTo(3);
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.allowPrivate()).isFalse();
    assertThat(settings.retention()).isEqualTo(Duration.ofDays(3));
    assertThat(settings.errorRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void environment_variables_set_them() {
    CallbackProperties settings =
        fromEnvironment(
            Map.of(
                "ANTEROOM_CALLBACKS_INITIAL_BACKOFF", "200ms",
                "ANTEROOM_CALLBACKS_MAX_RETRIES", "5",
                "ANTEROOM_CALLBACKS_MAX_PER_HOST", "4"));
    assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(settings.maxRetries()).isEqualTo(5);
    assertThat(settings.maxPerHost()).isEqualTo(4);
  }

  @Test
  void bad_values_are_refused_naming_the_setting() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("ANTEROOM_CALLBACKS_INITIAL_BACKOFF", "0s")))
        .hasStackTraceContaining("anteroom.callbacks.initial-backoff");
    assertThatThrownBy(() -> fromEnvironment(Map.of("ANTEROOM_CALLBACKS_MAX_RETRIES", "-1")))
        .hasStackTraceContaining("anteroom.callbacks.max-retries");
    assertThatThrownBy(
            () ->
                fromEnvironment(
                    Map.of(
                        "ANTEROOM_CALLBACKS_MAX_PER_HOST", "500",
                        "ANTEROOM_CALLBACKS_MAX_CONCURRENT", "100")))
        .hasStackTraceContaining("anteroom.callbacks.max-per-host");
    assertThatThrownBy(() -> fromEnvironment(Map.of("ANTEROOM_CALLBACKS_LEASE", "5s")))
        .hasStackTraceContaining("anteroom.callbacks.lease");
    // A lease that a lane wait plus a whole request can outlast: 30 s wait + 30 s request > 40 s.
    assertThatThrownBy(
            () ->
                fromEnvironment(
                    Map.of(
                        "ANTEROOM_CALLBACKS_REQUEST_TIMEOUT", "30s",
                        "ANTEROOM_CALLBACKS_LEASE", "40s")))
        .hasStackTraceContaining("2 x request-timeout + 5s");
    assertThatThrownBy(() -> fromEnvironment(Map.of("ANTEROOM_CALLBACKS_RETENTION", "1h")))
        .hasStackTraceContaining("anteroom.callbacks.retention must be at least 2 days");
    assertThatThrownBy(() -> fromEnvironment(Map.of("ANTEROOM_CALLBACKS_ERROR_RETENTION", "0s")))
        .hasStackTraceContaining("anteroom.callbacks.error-retention");
  }
}
