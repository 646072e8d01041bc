package dev.anteroom.queue;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The directory keeps the newest copy of each queue, whatever order reads and changes land in. */
class QueueDirectoryTest {

  private final Instant now = Instant.parse("2026-06-01T10:00:00Z");
  private List<Queue> rows = new ArrayList<>();
  private Runnable duringRead = () -> {};
  private final Supplier<List<Queue>> loader =
      () -> {
        List<Queue> read = List.copyOf(rows);
        duringRead.run();
        return read;
      };
  private final QueueDirectory directory = new QueueDirectory(loader, List::of);

  @Test
  void a_refresh_that_read_before_a_pause_does_not_undo_it() {
    Queue open = aQueue().withId(7).build();
    rows.add(open);
    directory.refresh();
    Queue paused = open.withPaused(true, now);
    // The pause is written and announced while a refresh is reading the row as it was.
    duringRead = () -> directory.queueChanged(paused);

    directory.refresh();

    assertThat(directory.find(7)).hasValueSatisfying(q -> assertThat(q.paused()).isTrue());
  }

  @Test
  void a_newer_read_still_replaces_an_older_copy() {
    Queue open = aQueue().withId(7).build();
    rows.add(open);
    directory.refresh();
    rows = new ArrayList<>(List.of(open.withPaused(true, now)));

    directory.refresh();

    assertThat(directory.find(7)).hasValueSatisfying(q -> assertThat(q.paused()).isTrue());
  }

  @Test
  void a_refresh_that_read_before_a_deletion_does_not_bring_the_queue_back() {
    Queue queue = aQueue().withId(7).build();
    rows.add(queue);
    directory.refresh();
    duringRead = () -> directory.queueDeleted(7);

    directory.refresh();
    directory.queueChanged(queue);

    assertThat(directory.find(7)).isEmpty();
  }

  @Test
  void a_queue_created_while_a_refresh_reads_is_kept() {
    Queue created = aQueue().withId(8).build();
    duringRead = () -> directory.queueChanged(created);

    directory.refresh();

    assertThat(directory.find(8)).isPresent();
  }
}
