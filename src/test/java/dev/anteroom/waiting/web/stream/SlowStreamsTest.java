package dev.anteroom.waiting.web.stream;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.node.NodeLease;
import dev.anteroom.queue.InMemoryQueueStore;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.support.GatedJournal;
import dev.anteroom.support.MutableClock;
import dev.anteroom.tenant.VisitorSigningKeys;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Event streams whose clients stop reading hold up neither the publisher nor any release. */
class SlowStreamsTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final InMemoryQueueStore queueStore = new InMemoryQueueStore();
  private final QueueDirectory directory = new QueueDirectory(queueStore::all, List::of);
  private final LineMeters meters = new LineMeters();
  private final EmbeddedLineStore store =
      new EmbeddedLineStore(new GatedJournal(), new VisitorKeyHasher(new byte[] {1}), clock);
  private final ReleaseEngine engine =
      new ReleaseEngine(directory, store, queueStore, meters, clock, new Random(1));
  private final VisitorTokens tokens = new VisitorTokens(new byte[32]);
  private final WaitingRoom room =
      new WaitingRoom(
          directory,
          store,
          tokens,
          engine,
          (queue, seq, subject, releasedAt, expiresAt) -> "pass",
          new VisitorSigningKeys(new byte[32], id -> Optional.empty(), clock, Duration.ZERO),
          NodeLease.always(),
          meters,
          clock);
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch neverRead = new CountDownLatch(1);

  @AfterEach
  void close() {
    neverRead.countDown();
    writers.shutdownNow();
    store.close();
  }

  {
    directory.follow(engine);
  }

  private Queue queue(Queue queue) {
    queueStore.put(queue);
    directory.refresh();
    return queue;
  }

  private List<String> join(Queue queue, int visitors) {
    List<String> joined = new ArrayList<>();
    for (int i = 0; i < visitors; i++) {
      long seq =
          store
              .join(queue.id(), new NewVisitor(0, null, null, clock.instant(), null))
              .visitor()
              .seq();
      joined.add(tokens.issue(queue.id(), seq));
    }
    return joined;
  }

  /** A client that reads everything and counts how many of its streams were ended. */
  private static StatusStreams.EventSink counting(AtomicInteger ended) {
    return new StatusStreams.EventSink() {
      @Override
      public void send(StatusStreams.Event event) {}

      @Override
      public void complete() {
        ended.incrementAndGet();
      }
    };
  }

  /** A client that accepts the connection and then never reads: every write blocks. */
  private StatusStreams.EventSink stalled() {
    return new StatusStreams.EventSink() {
      @Override
      public void send(StatusStreams.Event event) {
        try {
          neverRead.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void complete() {}
    };
  }

  @Test
  @Timeout(60)
  void a_thousand_stalled_streams_change_no_release_count_and_are_dropped() {
    Queue watched = queue(aQueue().withRate(60).ofApplication(1).build());
    Queue other = queue(aQueue().withRate(600).ofApplication(2).build());
    store.open(watched.id(), null);
    store.open(other.id(), null);
    List<String> watchers = join(watched, 1_000);
    join(other, 2_000);
    StatusStreams streams = new StatusStreams(room, directory, clock, writers, 2, 10_000);
    watchers.forEach(token -> streams.subscribe(token, stalled()));
    assertThat(streams.size()).isEqualTo(1_000);

    engine.releaseDue();
    for (int step = 0; step < 300; step++) {
      clock.tick(Duration.ofMillis(200));
      engine.releaseDue();
      streams.publish();
    }

    assertThat(meters.of(other.id()).released.sum()).isEqualTo(600);
    assertThat(meters.of(watched.id()).released.sum()).isEqualTo(60);
    // A stream ends when its buffer overflows, or (for the few let through before that) after
    // its final event is queued; none is left open and none held up the steps above.
    assertThat(streams.size()).isZero();
    assertThat(streams.dropped()).isBetween(940L, 1_000L);
  }

  @Test
  void a_visitor_keeps_at_most_two_streams_and_an_application_its_cap() throws Exception {
    Queue queue = queue(aQueue().withRate(60).ofApplication(1).build());
    store.open(queue.id(), null);
    List<String> visitors = join(queue, 3);
    StatusStreams streams = new StatusStreams(room, directory, clock, writers, 2, 3);
    AtomicInteger ended = new AtomicInteger();
    StatusStreams.EventSink counting = counting(ended);

    for (int tab = 0; tab < 3; tab++) {
      streams.subscribe(visitors.get(0), counting);
    }
    assertThat(streams.size()).as("a third tab ends the oldest stream").isEqualTo(2);
    for (int i = 0; i < 1_000 && ended.get() == 0; i++) {
      Thread.sleep(1); // the evicted stream is ended by a writer task, not by this thread
    }
    assertThat(ended.get()).isEqualTo(1);
    streams.subscribe(visitors.get(1), counting);

    assertThatThrownBy(() -> streams.subscribe(visitors.get(2), counting))
        .isInstanceOfSatisfying(
            AnteroomException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_streams");
              assertThat(e.retryAfter()).isPresent();
            });
    assertThat(streams.size()).isEqualTo(3);
  }

  @Test
  void stopping_the_server_ends_every_stream_even_stalled_ones() throws Exception {
    Queue queue = queue(aQueue().withRate(60).ofApplication(1).build());
    store.open(queue.id(), null);
    List<String> visitors = join(queue, 3);
    StatusStreams streams = new StatusStreams(room, directory, clock, writers, 2, 10);
    AtomicInteger ended = new AtomicInteger();
    StatusStreams.EventSink counting = counting(ended);
    streams.subscribe(visitors.get(0), counting);
    streams.subscribe(visitors.get(1), counting);
    streams.subscribe(visitors.get(2), stalled());
    streams.publish();

    streams.endAll();

    assertThat(streams.size()).isZero();
    for (int i = 0; i < 1_000 && ended.get() < 2; i++) {
      Thread.sleep(1); // streams are ended by writer tasks, not by this thread
    }
    assertThat(ended.get()).isEqualTo(2);
    assertThatThrownBy(() -> streams.subscribe(visitors.get(0), counting))
        .as("no new stream on a node that is stopping")
        .isInstanceOfSatisfying(
            AnteroomException.class,
            e -> {
              assertThat(e.code()).isEqualTo("stopping");
              assertThat(e.retryAfter()).isPresent();
            });
    assertThat(streams.size()).isZero();

    streams.accept();
    streams.subscribe(visitors.get(0), counting);
    assertThat(streams.size()).as("a server started again takes streams again").isEqualTo(1);
  }
}
