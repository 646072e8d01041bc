package dev.anteroom.waiting.line;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.waiting.VisitorState;
import org.junit.jupiter.api.Test;

/**
 * What the line costs is bounded by who is live, not by how many came before: memory by the live
 * visitors' pages, and the idle sweeps' work by about one look per visitor per idle timeout.
 */
class LineIndexBoundsTest {

  @Test
  void one_visitor_who_stays_pins_one_page_not_every_number_after_it() {
    LineIndex index = new LineIndex(1);
    long stayer = index.reserve(17);
    index.commitWaiting(stayer, 0, 0);
    int mostPages = 0;
    int mostKeys = 0;
    for (int second = 1; second <= 2_000; second++) {
      // A thousand join each second, a third of them with a visitor key, ahead of the stayer.
      for (int i = 0; i < 1_000; i++) {
        long seq = index.reserve(i % 3 == 0 ? second * 1_000L + i + 100 : 0);
        index.commitWaiting(seq, 1, second);
      }
      index.touch(stayer, second);
      // Half go through with a five-second pass, a tenth cancel, the rest stop polling.
      for (long seq : index.pick(500, null)) {
        index.markReleased(seq, second + 5);
      }
      for (long seq : index.passesExpiredBy(second, Integer.MAX_VALUE)) {
        index.markEnded(seq, VisitorState.EXPIRED);
      }
      for (long seq : index.idleBefore(second - 3, Integer.MAX_VALUE)) {
        index.markEnded(seq, second % 10 == 0 ? VisitorState.CANCELLED : VisitorState.EXPIRED);
      }
      mostPages = Math.max(mostPages, index.pagesHeld());
      mostKeys = Math.max(mostKeys, index.keysHeld());
    }

    assertThat(index.nextSeq()).isEqualTo(2_000_002);
    assertThat(index.state(stayer)).isEqualTo(VisitorState.WAITING);
    assertThat(index.position(stayer)).isEqualTo(index.waiting());
    assertThat(index.waiting()).isLessThan(5_000);
    // The stayer's page and slot page, and those of the last nine seconds' visitors (8 at most
    // here); without freeing, the 2,000,000 numbers after the stayer's would fill 977 pages.
    assertThat(mostPages).isLessThanOrEqualTo(10);
    assertThat(mostKeys).isLessThan(5_000);
    assertThat(index.findLive(17)).isEqualTo(stayer);
  }

  @Test
  void a_visitor_who_keeps_polling_is_looked_at_about_once_per_idle_timeout() {
    LineIndex index = new LineIndex(1);
    int visitors = 10_000;
    int timeout = 60;
    for (int i = 0; i < visitors; i++) {
      index.commitWaiting(index.reserve(0), 0, 0);
    }
    int seconds = 600;
    for (int now = 1; now <= seconds; now++) {
      // Each visitor polls every five seconds, a fifth of them in each second.
      for (long seq = 1 + now % 5; seq <= visitors; seq += 5) {
        index.touch(seq, now);
      }
      assertThat(index.idleBefore(now - timeout, 5_000)).isEmpty();
    }

    assertThat(index.waiting()).isEqualTo(visitors);
    // Refiled under its last poll, a visitor comes due again one timeout later: about ten looks
    // each in 600 s. A scan would have looked at everyone every second, 600 times.
    assertThat(index.idleLooks())
        .isLessThanOrEqualTo((long) visitors * (seconds / (timeout - 5) + 1));
  }
}
