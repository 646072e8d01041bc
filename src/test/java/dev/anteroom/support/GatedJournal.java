package dev.anteroom.support;

import dev.anteroom.waiting.store.InMemoryVisitorJournal;
import dev.anteroom.waiting.store.OutboxEvent;
import dev.anteroom.waiting.store.Transition;
import dev.anteroom.waiting.store.VisitorJournal;
import dev.anteroom.waiting.store.VisitorRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The in-memory journal with gates a test can close: a closed gate holds every insert or transition
 * at the door, as a slow or stalled database would, until the test opens it again; a failure rule
 * makes chosen inserts fail, as a refused commit would.
 */
public final class GatedJournal implements VisitorJournal {

  private final InMemoryVisitorJournal rows = new InMemoryVisitorJournal();
  private final Gate inserts = new Gate();
  private final Gate transitions = new Gate();
  private volatile Predicate<List<VisitorRow>> failInsert = batch -> false;
  private volatile boolean breakNextInsert;

  public Gate inserts() {
    return inserts;
  }

  public Gate transitions() {
    return transitions;
  }

  /** Inserts whose rows match fail with an exception, as a refused commit would. */
  public void failInsertsWhere(Predicate<List<VisitorRow>> rule) {
    failInsert = rule;
  }

  /** The next insert throws an Error, as a bug or an exhausted JVM would, not a refused commit. */
  public void breakNextInsert() {
    breakNextInsert = true;
  }

  @Override
  public void insert(List<VisitorRow> added, List<OutboxEvent> events) {
    inserts.pass();
    if (breakNextInsert) {
      breakNextInsert = false;
      throw new AssertionError("something unexpected broke inside the writer");
    }
    if (failInsert.test(added)) {
      throw new IllegalStateException("the commit was refused");
    }
    rows.insert(added, events);
  }

  @Override
  public boolean[] transition(List<Transition> changes) {
    transitions.pass();
    return rows.transition(changes);
  }

  @Override
  public int recordPassExpiries(long queueId, long[] seqs, Instant now) {
    return rows.recordPassExpiries(queueId, seqs, now);
  }

  @Override
  public int recordPassExpiriesBetween(long queueId, Instant since, Instant now) {
    return rows.recordPassExpiriesBetween(queueId, since, now);
  }

  @Override
  public long maxSeq(long queueId) {
    return rows.maxSeq(queueId);
  }

  @Override
  public void loadLive(long queueId, Instant now, Consumer<VisitorRow> sink) {
    rows.loadLive(queueId, now, sink);
  }

  @Override
  public Optional<VisitorRow> find(long queueId, long seq) {
    return rows.find(queueId, seq);
  }

  /** A door that, once closed, holds every caller until opened; it tells when someone waits. */
  public static final class Gate {
    private volatile CountDownLatch open = new CountDownLatch(0);
    private volatile CountDownLatch reached = new CountDownLatch(1);

    public void close() {
      reached = new CountDownLatch(1);
      open = new CountDownLatch(1);
    }

    public void open() {
      open.countDown();
    }

    /** Waits until a caller is held at the closed gate; false if none came within 10 s. */
    public boolean awaitSomeoneWaiting() throws InterruptedException {
      return reached.await(10, TimeUnit.SECONDS);
    }

    void pass() {
      CountDownLatch gate = open;
      if (gate.getCount() > 0) {
        reached.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted at the gate", e);
        }
      }
    }
  }
}
