package dev.anteroom.release.spring;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.queue.InMemoryQueueStore;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.support.GatedJournal;
import dev.anteroom.support.MutableClock;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop releases only while this node owns the line. */
class ReleaseLoopTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final InMemoryQueueStore queueStore = new InMemoryQueueStore();
  private final QueueDirectory directory = new QueueDirectory(queueStore::all, List::of);
  private final LineMeters meters = new LineMeters();
  private final EmbeddedLineStore store =
      new EmbeddedLineStore(new GatedJournal(), new VisitorKeyHasher(new byte[] {1}), clock);
  private final ReleaseEngine engine =
      new ReleaseEngine(directory, store, queueStore, meters, clock, new Random(1));
  private final AtomicBoolean held = new AtomicBoolean();
  private final ReleaseLoop loop = new ReleaseLoop(engine, directory, held::get);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_node_without_the_lease_releases_nobody_and_resumes_once_it_has_it_back() {
    Queue queue = aQueue().withRate(600).build();
    queueStore.put(queue);
    directory.follow(engine);
    directory.refresh();
    for (int i = 0; i < 50; i++) {
      store.join(queue.id(), new NewVisitor(0, null, null, clock.instant(), null));
    }

    for (int i = 0; i < 10; i++) {
      loop.tick(Runnable::run);
      clock.tick(Duration.ofMillis(200));
    }
    assertThat(meters.of(queue.id()).released.sum()).isZero();

    held.set(true);
    loop.tick(Runnable::run);
    clock.tick(Duration.ofSeconds(1));
    loop.tick(Runnable::run);
    assertThat(meters.of(queue.id()).released.sum()).isPositive();
  }
}
