package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.queue.CallbackEvents;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A queue lists exactly the events the journal records, under the same names. */
class VisitorEventNamesTest {

  @Test
  void the_queue_knows_every_visitor_event_by_its_wire_name() {
    assertThat(CallbackEvents.KNOWN)
        .containsExactlyElementsOf(
            Arrays.stream(VisitorEvent.values()).map(VisitorEvent::wireName).toList());
  }
}
