package dev.anteroom.callback.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Callback delivery settings, {@code anteroom.callbacks.*} (so also environment variables such as
 * {@code ANTEROOM_CALLBACKS_INITIAL_BACKOFF=200ms}), checked at start-up.
 *
 * @param initialBackoff the longest wait before the first retry (each retry waits a random time
 *     between half and all of initial × multiplier^(n-1))
 * @param multiplier how much the wait grows from one retry to the next
 * @param maxRetries retries after the first attempt; the attempt after the last retry is final
 * @param maxRetryAfter the longest wait a receiver's {@code Retry-After} can ask for
 * @param connectTimeout to open a connection to a receiver
 * @param requestTimeout for a whole exchange, from sending to the end of the answer
 * @param maxConcurrent deliveries in flight at once on this node
 * @param maxPerHost deliveries in flight at once to one target host (and pooled connections)
 * @param batchSize events claimed per step
 * @param lease how long a claimed event is reserved for the claiming worker; a worker that dies
 *     leaves its events to others after this
 * @param retention how long delivered and failed outbox rows are kept
 * @param errorRetention how long callback error records are kept
 * @param allowPrivate {@code ANTEROOM_ALLOW_PRIVATE_CALLBACKS}: allow callback URLs that resolve to
 *     loopback, private and link-local addresses (tests, private networks)
 * @param loopEnabled whether this node runs the delivery loop (tests drive the dispatcher instead)
 * @param pollInterval how often an idle loop looks for due events
 */
@ConfigurationProperties("anteroom.callbacks")
public record CallbackProperties(
    @DefaultValue("1s") Duration initialBackoff,
    @DefaultValue("4") double multiplier,
    @DefaultValue("3") int maxRetries,
    @DefaultValue("1h") Duration maxRetryAfter,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("256") int maxConcurrent,
    @DefaultValue("16") int maxPerHost,
    @DefaultValue("500") int batchSize,
    @DefaultValue("20s") Duration lease,
    @DefaultValue("3d") Duration retention,
    @DefaultValue("30d") Duration errorRetention,
    @DefaultValue("false") boolean allowPrivate,
    @DefaultValue("true") boolean loopEnabled,
    @DefaultValue("200ms") Duration pollInterval) {

  public CallbackProperties {
    positive("initial-backoff", initialBackoff);
    positive("connect-timeout", connectTimeout);
    positive("request-timeout", requestTimeout);
    positive("max-retry-after", maxRetryAfter);
    positive("error-retention", errorRetention);
    // A pass that ran out writes no visitor row: its delivered visitor.expired row is the only
    // record that it was sent, and the catch-up after a restart looks back two days for it.
    if (retention.compareTo(MIN_RETENTION) < 0) {
      throw new IllegalArgumentException(
          "anteroom.callbacks.retention must be at least "
              + MIN_RETENTION.toDays()
              + " days (visitor.expired events would be sent again after a restart), was "
              + retention);
    }
    positive("poll-interval", pollInterval);
    if (!(multiplier >= 1 && multiplier <= 100)) {
      throw new IllegalArgumentException(
          "anteroom.callbacks.multiplier must be between 1 and 100, was " + multiplier);
    }
    range("max-retries", maxRetries, 0, 15);
    range("max-concurrent", maxConcurrent, 1, 10_000);
    range("max-per-host", maxPerHost, 1, maxConcurrent);
    range("batch-size", batchSize, 1, 5_000);
    // An event may wait half the lease for its host, then take a whole request: both must end
    // before the lease does, or the event could be claimed and sent again meanwhile.
    if (lease.compareTo(requestTimeout.multipliedBy(2).plusSeconds(5)) < 0) {
      throw new IllegalArgumentException(
          "anteroom.callbacks.lease must be at least 2 x request-timeout + 5s, was " + lease);
    }
  }

  /** The look-back of the pass-expiry catch-up when a line is opened. */
  static final Duration MIN_RETENTION = Duration.ofDays(2);

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "anteroom.callbacks." + name + " must be positive, was " + value);
    }
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "anteroom.callbacks."
              + name
              + " must be between "
              + min
              + " and "
              + max
              + ", was "
              + value);
    }
  }
}
