package dev.anteroom.release;

import dev.anteroom.waiting.store.PassExpiries;
import java.time.Duration;
import java.time.Instant;

/**
 * The part of a wait that a cap of active users sets. With {@code cap} slots, a place in line is
 * let through when a slot frees for it: the free slots go to the first places, then each pass that
 * runs out frees one for the next, earliest first; a visitor let through holds the slot for the
 * pass lifetime, so the places past one round wait for whole further lifetimes. It assumes every
 * pass is used until it runs out: a pass the tenant ends early ({@code /complete}) frees its slot
 * sooner, and the waits shorten when it does.
 */
final class WaitEstimate {

  private WaitEstimate() {}

  /** Seconds from {@code now} until the slot of the visitor at {@code place} (1-based) frees. */
  static double slotSeconds(
      PassExpiries passes, int cap, int place, int accessTtlSeconds, Instant now) {
    int inRound = (place - 1) % cap + 1;
    long rounds = (place - 1) / cap;
    int free = cap - passes.count();
    double first =
        inRound <= free
            ? 0
            : Math.max(0, Duration.between(now, passes.nth(inRound - free)).toMillis() / 1000.0);
    return first + (double) rounds * accessTtlSeconds;
  }
}
