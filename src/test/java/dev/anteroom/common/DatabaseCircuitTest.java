package dev.anteroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseCircuitTest {

  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final DatabaseCircuit circuit = new DatabaseCircuit(clock, Duration.ofSeconds(1));

  @Test
  void a_closed_circuit_lets_everyone_through() {
    assertThat(circuit.state()).isEqualTo(DatabaseCircuit.State.CLOSED);
    assertThat(circuit.allows()).isTrue();
    assertThat(circuit.allows()).isTrue();
    assertThat(circuit.outages()).isZero();
  }

  @Test
  void the_first_failure_opens_it_and_callers_are_refused_without_trying() {
    circuit.failed(new ConnectException("Connection refused"));

    assertThat(circuit.state()).isEqualTo(DatabaseCircuit.State.OPEN);
    assertThat(circuit.allows()).isFalse();
    clock.tick(Duration.ofMillis(999));
    assertThat(circuit.allows()).isFalse();
    assertThat(circuit.outages()).isEqualTo(1);
  }

  @Test
  void one_probe_per_interval_goes_through_while_open() {
    circuit.failed(new ConnectException("Connection refused"));
    clock.tick(Duration.ofSeconds(1));

    assertThat(circuit.allows()).as("the probe").isTrue();
    assertThat(circuit.allows()).as("everyone else meanwhile").isFalse();

    circuit.failed(new ConnectException("still refused"));
    assertThat(circuit.allows()).isFalse();
    clock.tick(Duration.ofSeconds(1));
    assertThat(circuit.allows()).as("the next probe").isTrue();
    assertThat(circuit.outages()).as("still the same outage").isEqualTo(1);
  }

  @Test
  void a_successful_probe_closes_it() {
    circuit.failed(new ConnectException("Connection refused"));
    clock.tick(Duration.ofSeconds(1));
    assertThat(circuit.allows()).isTrue();

    circuit.succeeded();

    assertThat(circuit.state()).isEqualTo(DatabaseCircuit.State.CLOSED);
    assertThat(circuit.allows()).isTrue();
    assertThat(circuit.allows()).isTrue();
  }

  @Test
  void each_outage_is_counted_once() {
    for (int outage = 0; outage < 3; outage++) {
      circuit.failed(new ConnectException("refused"));
      circuit.failed(new ConnectException("refused again"));
      clock.tick(Duration.ofSeconds(1));
      circuit.allows();
      circuit.succeeded();
    }
    assertThat(circuit.outages()).isEqualTo(3);
  }

  @Test
  void the_refusal_is_a_503_with_a_retry_hint() {
    StoreUnavailableException refusal = circuit.refusal();
    assertThat(refusal.code()).isEqualTo("store_unavailable");
    assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(2));
  }
}
