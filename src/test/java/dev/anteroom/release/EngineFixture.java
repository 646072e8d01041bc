package dev.anteroom.release;

import dev.anteroom.queue.InMemoryQueueStore;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.support.GatedJournal;
import dev.anteroom.support.MutableClock;
import dev.anteroom.tenant.Application;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.ReleasedVisitor;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import dev.anteroom.waiting.store.VisitorRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A release engine over in-memory twins, driven by a clock the test moves. */
final class EngineFixture implements AutoCloseable {

  final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  final InMemoryQueueStore queueStore = new InMemoryQueueStore();
  final GatedJournal journal = new GatedJournal();
  final Map<Long, Application> applications = new ConcurrentHashMap<>();
  final QueueDirectory directory =
      new QueueDirectory(queueStore::all, () -> List.copyOf(applications.values()));
  final LineMeters meters = new LineMeters();
  final EmbeddedLineStore store =
      new EmbeddedLineStore(journal, new VisitorKeyHasher(new byte[] {1}), clock);

  /** Applications another node paces: this engine only follows their queues. */
  final java.util.Set<Long> pacedElsewhere = ConcurrentHashMap.newKeySet();

  final ReleaseEngine engine =
      new ReleaseEngine(
          directory,
          store,
          queueStore,
          meters,
          clock,
          new Random(3),
          applicationId -> !pacedElsewhere.contains(applicationId));
  final List<ReleasedVisitor> released = new CopyOnWriteArrayList<>();

  EngineFixture() {
    directory.follow(engine);
    engine.addListener((queue, visitors) -> released.addAll(visitors));
  }

  Queue add(Queue queue) {
    queueStore.put(queue);
    directory.refresh();
    return queue;
  }

  void capApplication(long applicationId, int ratePerMinute) {
    applications.put(
        applicationId,
        new Application(
            applicationId,
            "app",
            null,
            null,
            List.of(),
            ratePerMinute,
            Instant.EPOCH,
            Instant.EPOCH));
    directory.refresh();
  }

  Queue current(Queue queue) {
    return directory.find(queue.id()).orElseThrow();
  }

  /** Visitors written straight to the journal and rebuilt, far faster than joining one by one. */
  void fill(Queue queue, int visitors, int priority) {
    store.drop(queue.id());
    long next = journal.maxSeq(queue.id()) + 1;
    List<VisitorRow> rows = new ArrayList<>(visitors);
    for (int i = 0; i < visitors; i++) {
      rows.add(
          new VisitorRow(
              queue.id(),
              next + i,
              priority,
              VisitorState.WAITING,
              null,
              null,
              clock.instant(),
              null,
              null,
              null,
              null));
    }
    journal.insert(rows);
    store.open(queue.id(), current(queue).shuffle());
  }

  long join(Queue queue, int priority) {
    store.open(queue.id(), current(queue).shuffle());
    return store
        .join(queue.id(), new NewVisitor(priority, null, null, clock.instant(), null))
        .visitor()
        .seq();
  }

  /** Steps every {@code step} for {@code total}; answers how many were released in each second. */
  List<Integer> run(Duration total, Duration step) {
    List<Integer> perSecond = new ArrayList<>();
    long steps = total.toMillis() / step.toMillis();
    long stepsPerSecond = Math.max(1, 1000 / step.toMillis());
    int thisSecond = 0;
    // The engine sees the queues at the start of the run: the pace is measured from there.
    engine.releaseDue();
    for (long i = 1; i <= steps; i++) {
      clock.tick(step);
      int before = released.size();
      engine.releaseDue();
      thisSecond += released.size() - before;
      if (i % stepsPerSecond == 0) {
        perSecond.add(thisSecond);
        thisSecond = 0;
      }
    }
    return perSecond;
  }

  int releasedFrom(Queue queue) {
    return (int) meters.of(queue.id()).released.sum();
  }

  @Override
  public void close() {
    store.close();
  }
}
