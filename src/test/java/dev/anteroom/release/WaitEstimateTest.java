package dev.anteroom.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.MutableClock;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.InMemoryVisitorJournal;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.PassExpiries;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final EmbeddedLineStore store =
      new EmbeddedLineStore(
          new InMemoryVisitorJournal(), new VisitorKeyHasher(new byte[] {1}), clock);

  @AfterEach
  void close() {
    store.close();
  }

  /** Three passes that end in 100, 200 and 300 s. */
  private PassExpiries threePasses() {
    store.open(1, null);
    Instant now = clock.instant();
    for (int ends : new int[] {300, 100, 200}) {
      store.join(1, new NewVisitor(0, null, null, now, now.plusSeconds(ends)));
    }
    return store.passExpiries(1, now);
  }

  @Test
  void the_expiries_of_active_passes_come_earliest_first() {
    PassExpiries passes = threePasses();
    assertThat(passes.count()).isEqualTo(3);
    assertThat(passes.nth(1)).isEqualTo(clock.instant().plusSeconds(100));
    assertThat(passes.nth(3)).isEqualTo(clock.instant().plusSeconds(300));
    assertThat(store.passExpiries(1, clock.instant().plusSeconds(150)).count()).isEqualTo(2);
  }

  @Test
  void free_slots_go_first_then_each_pass_that_ends_frees_one_then_whole_lifetimes() {
    PassExpiries passes = threePasses();
    Instant now = clock.instant();
    int ttl = 900;
    // Four slots, three held: place 1 has a free slot, place 2 waits for the first pass to end.
    assertThat(WaitEstimate.slotSeconds(passes, 4, 1, ttl, now)).isZero();
    assertThat(WaitEstimate.slotSeconds(passes, 4, 2, ttl, now)).isEqualTo(100);
    assertThat(WaitEstimate.slotSeconds(passes, 4, 4, ttl, now)).isEqualTo(300);
    assertThat(WaitEstimate.slotSeconds(passes, 4, 5, ttl, now)).isEqualTo(900);
    assertThat(WaitEstimate.slotSeconds(passes, 4, 6, ttl, now)).isEqualTo(1000);
    // The cap lowered to two under three passes: the first to end frees nothing.
    assertThat(WaitEstimate.slotSeconds(passes, 2, 1, ttl, now)).isEqualTo(200);
    assertThat(WaitEstimate.slotSeconds(passes, 2, 2, ttl, now.plus(Duration.ofSeconds(50))))
        .isEqualTo(250);
  }
}
