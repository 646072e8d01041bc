package dev.anteroom.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket per key (an email, a client address): {@code attempts} at once, then one more
 * every {@code refill}. Buckets are held in a bounded cache and dropped once unused for as long as
 * a full refill takes, when they would be full again anyway. Time is the injected clock's, so tests
 * move it instead of waiting.
 */
public final class Throttle {

  private final Bandwidth limit;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  /**
   * @param attempts how many attempts a key may make at once
   * @param refill the time after which one more attempt is allowed
   * @param maxKeys how many keys are tracked; the least recently used are forgotten beyond it
   */
  public Throttle(int attempts, Duration refill, int maxKeys, Clock clock) {
    if (attempts < 1 || refill.isNegative() || refill.isZero()) {
      throw new IllegalArgumentException(
          "a throttle needs at least 1 attempt and a positive refill, not "
              + attempts
              + " per "
              + refill);
    }
    this.limit = Bandwidth.builder().capacity(attempts).refillGreedy(1, refill).build();
    this.time = new ClockTime(clock);
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(refill.multipliedBy(attempts))
            .ticker(time::currentTimeNanos)
            .build();
  }

  /** Takes one attempt for the key, if one is left. */
  public Decision take(String key) {
    ConsumptionProbe probe =
        buckets
            .get(key, k -> Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build())
            .tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Decision.GRANTED
        : new Decision(false, Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Returns an attempt that turned out not to count (it succeeded, or another limit refused). */
  public void giveBack(String key) {
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket != null) {
      bucket.addTokens(1);
    }
  }

  /**
   * Whether an attempt may go ahead.
   *
   * @param retryAfter when refused, how long until the next attempt is allowed
   */
  public record Decision(boolean granted, Duration retryAfter) {
    static final Decision GRANTED = new Decision(true, Duration.ZERO);
  }

  /** The clock's time in nanoseconds, the unit of Caffeine's and bucket4j's time sources. */
  static long nanos(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Bucket4j's time source over {@link Clock}. */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return nanos(clock);
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
