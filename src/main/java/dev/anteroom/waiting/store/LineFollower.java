package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.line.LineIndex;
import dev.anteroom.waiting.line.LiveRows;
import dev.anteroom.waiting.line.Ticks;
import dev.anteroom.waiting.line.WaitingLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One node's copy of a queue's line, built from a snapshot of the database and kept up to date by
 * applying the queue's log in order. Every node that shares the database holds one per queue and
 * answers polls from it; since all apply the same events in the same order, all give the same
 * positions once they have applied the same number of events. One thread at a time follows ({@link
 * #catchUp}, or the node's own joins under {@link #exclusively}); any number read.
 */
public final class LineFollower {

  private static final int BATCH = 10_000;

  private final long queueId;
  private final LineLogReader log;
  private final VisitorKeyHasher keys;
  private final WaitingLine line;
  private final ReentrantLock following = new ReentrantLock();
  private volatile long applied;

  private LineFollower(
      long queueId, LineLogReader log, VisitorKeyHasher keys, WaitingLine line, long applied) {
    this.queueId = queueId;
    this.log = log;
    this.keys = keys;
    this.line = line;
    this.applied = applied;
  }

  /**
   * A copy of the queue's line as of now, ready to follow the log from the point the snapshot
   * reflects.
   *
   * @param shuffle the queue's opening shuffle, or null
   */
  public static LineFollower start(
      long queueId,
      LineLogReader log,
      VisitorKeyHasher keys,
      LineIndex.Shuffle shuffle,
      Instant now) {
    int nowTick = Ticks.of(now);
    LiveRows rows = new LiveRows();
    LineLogReader.Snapshot snapshot =
        log.snapshot(queueId, now, EmbeddedLineStore.into(rows, keys, nowTick));
    WaitingLine line = new WaitingLine(LineIndex.rebuild(rows, shuffle, snapshot.nextSeq()));
    return new LineFollower(queueId, log, keys, line, snapshot.lastEventNo());
  }

  /** Runs {@code work} while no other thread follows the log into this copy. */
  public <T> T exclusively(Supplier<T> work) {
    following.lock();
    try {
      return work.get();
    } finally {
      following.unlock();
    }
  }

  /**
   * Takes this copy for the caller's thread until {@link #letGo}: a join writer holds it from the
   * moment it holds the queue's head until its own events are applied.
   */
  public void hold() {
    following.lock();
  }

  public void letGo() {
    following.unlock();
  }

  /**
   * Follows the log if this copy has not applied {@code eventNo} yet, waiting at most {@code
   * patience} for whoever follows now: a poll is answered from the copy as it is rather than wait
   * behind a join.
   */
  public void tryCatchUpPast(long eventNo, Duration patience) {
    try {
      if (following.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        try {
          if (applied < eventNo) {
            catchUpNow();
          }
        } finally {
          following.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Applies every event logged since the last call; answers how many. */
  public int catchUp() {
    return exclusively(this::catchUpNow);
  }

  /**
   * Applies the log up to {@code lastEventNo}, which the caller knows to be its end (it holds the
   * queue's head lock): a copy that then ends elsewhere is not the line, and says so.
   */
  public void catchUpTo(long lastEventNo) {
    exclusively(this::catchUpNow);
    if (applied != lastEventNo) {
      throw new IllegalStateException(
          "queue "
              + queueId
              + ": followed to event "
              + applied
              + ", the log ends at "
              + lastEventNo);
    }
  }

  /**
   * Applies events this node has just committed, numbered right after the last one applied (the
   * caller held the head lock from its catch-up to its commit).
   */
  public void applyOwn(List<LineEvent> events) {
    exclusively(
        () -> {
          if (events.isEmpty()) {
            return null;
          }
          if (events.getFirst().eventNo() != applied + 1) {
            throw new IllegalStateException(
                "queue "
                    + queueId
                    + ": own event "
                    + events.getFirst().eventNo()
                    + " after "
                    + applied);
          }
          line.write(
              index -> {
                events.forEach(event -> apply(index, event));
                applied = events.getLast().eventNo();
                return null;
              });
          return null;
        });
  }

  private int catchUpNow() {
    int total = 0;
    while (true) {
      List<LineEvent> events = log.after(queueId, applied, BATCH);
      if (events.isEmpty()) {
        return total;
      }
      if (events.getFirst().eventNo() != applied + 1) {
        // Purged before this copy read them: it can no longer be the line.
        throw new IllegalStateException(
            "queue "
                + queueId
                + ": the log goes on at "
                + events.getFirst().eventNo()
                + " after event "
                + applied
                + " of this copy");
      }
      // The number moves under the write lock with the copy: whoever reads the copy and then the
      // number gets a number at least as far as what was read.
      line.write(
          index -> {
            for (LineEvent event : events) {
              apply(index, event);
            }
            applied = events.getLast().eventNo();
            return null;
          });
      total += events.size();
      if (events.size() < BATCH) {
        return total;
      }
    }
  }

  /** The number of the last event applied. */
  public long applied() {
    return applied;
  }

  public WaitingLine line() {
    return line;
  }

  /** The visitor as this copy holds it, if it knows the visitor. */
  public Optional<VisitorView> view(long seq) {
    return Optional.ofNullable(
        line.read(index -> index.isKnown(seq) ? EmbeddedLineStore.viewOf(index, seq) : null));
  }

  private void apply(LineIndex index, LineEvent event) {
    long seq = event.seq();
    switch (event.kind()) {
      case JOINED_WAITING, JOINED_RELEASED -> {
        if (seq < index.nextSeq()) {
          throw new IllegalStateException(
              "queue " + queueId + ": event " + event.eventNo() + " joins " + seq + " again");
        }
        // Numbers a failed join left unused stay unknown.
        while (index.nextSeq() < seq) {
          index.abandon(index.reserve(0));
        }
        index.reserve(keys.hash(event.visitorKey()));
        if (event.kind() == LineEvent.Kind.JOINED_WAITING) {
          index.commitWaiting(seq, event.priority(), Ticks.of(event.at()));
        } else {
          index.commitReleased(seq, event.priority(), Ticks.ceilOf(event.at()));
        }
      }
      case RELEASED -> {
        if (index.isKnown(seq) && index.state(seq) == VisitorState.WAITING) {
          index.markReleased(seq, Ticks.ceilOf(event.at()));
        }
      }
      case CANCELLED, EXPIRED, COMPLETED -> {
        VisitorState to =
            event.kind() == LineEvent.Kind.CANCELLED
                ? VisitorState.CANCELLED
                : VisitorState.EXPIRED;
        if (index.isKnown(seq) && index.state(seq).canMoveTo(to)) {
          index.markEnded(seq, to);
        }
      }
    }
  }
}
