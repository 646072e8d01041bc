package dev.anteroom.waiting.store;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.StoreUnavailableException;
import dev.anteroom.queue.Queue;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.line.LineIndex;
import dev.anteroom.waiting.line.LiveRows;
import dev.anteroom.waiting.line.Ticks;
import dev.anteroom.waiting.line.WaitingLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: each queue's line is an in-process {@link LineIndex} over the journal (H2 or
 * PostgreSQL rows). Polls are answered from memory; every change is committed to the journal before
 * memory follows and before the caller hears of it, and a restart rebuilds memory from the journal.
 */
public final class EmbeddedLineStore implements WaitingLineStore {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedLineStore.class);
  private static final int EXPIRY_CHUNK = 5_000;

  /** The longest pass a queue can issue, in seconds: a day. */
  private static final int LONGEST_PASS = 86_400;

  /**
   * How far back a line's opening looks for passes that ran out while no node ran, to record their
   * visitor.expired events: longer than any pass, so a restart within a day misses none.
   */
  private static final Duration EXPIRY_CATCH_UP = Duration.ofDays(2);

  private final VisitorJournal journal;
  private final VisitorKeyHasher keys;
  private final Clock clock;
  private final EventSubscriptions subscriptions;
  private final ConcurrentHashMap<Long, WaitingLine> lines = new ConcurrentHashMap<>();
  private final JoinWriter writer;
  private volatile boolean joinsFailing;

  /** The log other nodes write to, or null when this node is alone with the database. */
  private final SharedLines shared;

  private final ConcurrentHashMap<Long, LineFollower> followers = new ConcurrentHashMap<>();

  /** Per queue, the log's end as the follow loop last read it. */
  private final ConcurrentHashMap<Long, Long> knownEnds = new ConcurrentHashMap<>();

  /** The polls this node saw since it last reported them, for the node that paces each queue. */
  private final SeenCollector seen = new SeenCollector();

  /** Per queue, the last report of polls (every node's) applied to this node's copy. */
  private final ConcurrentHashMap<Long, Long> reportsRead = new ConcurrentHashMap<>();

  /** When a pass over every open line last found each at its log's end; null before the first. */
  private volatile Instant followedAt;

  public EmbeddedLineStore(VisitorJournal journal, VisitorKeyHasher keys, Clock clock) {
    this(journal, keys, clock, EventSubscriptions.NONE);
  }

  public EmbeddedLineStore(
      VisitorJournal journal, VisitorKeyHasher keys, Clock clock, EventSubscriptions events) {
    this(journal, keys, clock, JoinWriter.DEFAULT_CAPACITY, JoinWriter.DEFAULT_DEADLINE, events);
  }

  public EmbeddedLineStore(
      VisitorJournal journal,
      VisitorKeyHasher keys,
      Clock clock,
      int joinCapacity,
      Duration joinDeadline) {
    this(journal, keys, clock, joinCapacity, joinDeadline, EventSubscriptions.NONE);
  }

  /**
   * @param joinCapacity joins that may wait for their commit at once; more are refused at once
   * @param joinDeadline how long a join may wait to be taken for a commit before it is refused
   * @param subscriptions which changes of which queues write a callback event to the outbox
   */
  public EmbeddedLineStore(
      VisitorJournal journal,
      VisitorKeyHasher keys,
      Clock clock,
      int joinCapacity,
      Duration joinDeadline,
      EventSubscriptions subscriptions) {
    this(journal, keys, clock, joinCapacity, joinDeadline, subscriptions, null);
  }

  /**
   * @param shared the lines' log when several nodes share the database (the journal must write it),
   *     or null when this node is alone with it
   */
  public EmbeddedLineStore(
      VisitorJournal journal,
      VisitorKeyHasher keys,
      Clock clock,
      int joinCapacity,
      Duration joinDeadline,
      EventSubscriptions subscriptions,
      SharedLines shared) {
    this.journal = journal;
    this.keys = keys;
    this.clock = clock;
    this.subscriptions = subscriptions;
    this.shared = shared;
    this.writer =
        new JoinWriter(
            shared == null ? this::writeBatch : this::writeSharedBatch, joinCapacity, joinDeadline);
  }

  @Override
  public void open(long queueId, Queue.Shuffle shuffle) {
    lines.computeIfAbsent(queueId, id -> shared == null ? load(id, shuffle) : follow(id, shuffle));
  }

  @Override
  public boolean isOpen(long queueId) {
    return lines.containsKey(queueId);
  }

  @Override
  public void drop(long queueId) {
    lines.remove(queueId);
    followers.remove(queueId);
    reportsRead.remove(queueId);
  }

  @Override
  public Joined join(long queueId, NewVisitor visitor, Integer maxWaiting) {
    line(queueId);
    return writer.submit(
        new JoinWriter.PendingJoin(queueId, visitor, keys.hash(visitor.visitorKey()), maxWaiting));
  }

  @Override
  public Optional<VisitorView> find(long queueId, long seq, Instant now) {
    WaitingLine line = line(queueId);
    VisitorView known = line.read(index -> index.isKnown(seq) ? viewOf(index, seq) : null);
    long next = line.read(LineIndex::nextSeq);
    if (known == null && seq >= next && shared != null) {
      // Joined through another node a moment ago: this copy may not have followed that far yet.
      catchUpQuietly(queueId);
      known = line.read(index -> index.isKnown(seq) ? viewOf(index, seq) : null);
      next = line.read(LineIndex::nextSeq);
    }
    if (known != null) {
      return Optional.of(asOf(known, now));
    }
    if (seq < 1 || seq >= next) {
      return Optional.empty();
    }
    return journal.find(queueId, seq).map(row -> viewOf(row, now));
  }

  @Override
  public Optional<VisitorView> findByVisitorKey(long queueId, String visitorKey, Instant now) {
    long hash = keys.hash(visitorKey);
    if (hash == 0) {
      return Optional.empty();
    }
    VisitorView view =
        line(queueId)
            .read(
                index -> {
                  long seq = index.findLive(hash);
                  return seq >= 0 && index.isKnown(seq) ? viewOf(index, seq) : null;
                });
    return Optional.ofNullable(view).map(v -> asOf(v, now)).filter(v -> !v.state().isFinal());
  }

  @Override
  public void touch(long queueId, long seq, Instant at) {
    int tick = Ticks.of(at);
    line(queueId)
        .readLocked(
            index -> {
              index.touch(seq, tick);
              return null;
            });
    if (shared != null) {
      seen.seen(queueId, seq, tick);
    }
  }

  /**
   * With shared lines: reports the polls this node saw since the last call, and applies every
   * node's reports to this node's copies, so that whichever node paces a queue (now, or after a
   * takeover) expires only visitors no node saw. Answers how many polls it applied. Called about
   * once a second by one thread; a report that cannot be written goes with the next.
   */
  public int exchangeSeen() {
    if (shared == null) {
      return 0;
    }
    SeenReports reports = shared.seenReports();
    List<SeenBatch> batches = seen.drainAll();
    for (int i = 0; i < batches.size(); i++) {
      try {
        reports.report(batches.get(i));
      } catch (RuntimeException unavailable) {
        batches.subList(i, batches.size()).forEach(seen::restore);
        throw unavailable;
      }
    }
    int applied = 0;
    // One read says which queues have new reports; only those are read.
    Map<Long, Long> newest = reports.lastReportNos(List.copyOf(reportsRead.keySet()));
    for (Map.Entry<Long, Long> report : newest.entrySet()) {
      long queueId = report.getKey();
      WaitingLine line = lines.get(queueId);
      Long read = reportsRead.get(queueId);
      if (line == null || read == null || read >= report.getValue()) {
        continue;
      }
      List<SeenBatch> polls = new ArrayList<>();
      Seen sink = new Seen(queueId, polls);
      long last = reports.readAfter(queueId, read, sink);
      sink.flush();
      for (SeenBatch batch : polls) {
        line.readLocked(
            index -> {
              for (long seq : batch.seqs()) {
                index.touch(seq, batch.tick());
              }
              return null;
            });
        applied += batch.seqs().length;
      }
      reportsRead.replace(queueId, read, last);
    }
    return applied;
  }

  /** Deletes reports of polls older than {@code age}; answers how many. */
  public int purgeSeen(Duration age) {
    return shared == null ? 0 : shared.seenReports().purgeWrittenBefore(age);
  }

  /** Gathers a report's polls (one tick each) so they are applied without a query under a lock. */
  private static final class Seen implements SeenSink {
    private final long queueId;
    private final List<SeenBatch> batches;
    private int tick = Integer.MIN_VALUE;
    private long[] seqs = new long[64];
    private int size;

    Seen(long queueId, List<SeenBatch> batches) {
      this.queueId = queueId;
      this.batches = batches;
    }

    @Override
    public void seen(long seq, int at) {
      if (at != tick) {
        flush();
        tick = at;
      }
      if (size == seqs.length) {
        seqs = Arrays.copyOf(seqs, size * 2);
      }
      seqs[size++] = seq;
      if (size >= 65_536) {
        flush();
      }
    }

    void flush() {
      if (size > 0) {
        batches.add(new SeenBatch(queueId, tick, Arrays.copyOf(seqs, size)));
        size = 0;
      }
    }
  }

  @Override
  public VisitorState cancel(long queueId, long seq, Instant at) {
    return endOne(
            queueId,
            seq,
            at,
            VisitorState.WAITING,
            VisitorState.CANCELLED,
            EndReason.CANCELLED,
            VisitorEvent.CANCELLED)
        .state();
  }

  @Override
  public List<ReleasedVisitor> release(
      long queueId, int max, Instant at, Instant passUntil, RandomGenerator random) {
    if (max <= 0) {
      return List.of();
    }
    WaitingLine line = line(queueId);
    if (shared != null) {
      // Pick from the line as the log has it now, not as it was up to a tick ago: visitors who
      // left through other nodes meanwhile would only be refused by the journal, one by one.
      catchUpQuietly(queueId);
    }
    line.transitions().lock();
    try {
      long[] picked = line.readLocked(index -> index.pick(max, random));
      if (picked.length == 0) {
        return List.of();
      }
      VisitorEvent event = eventOf(queueId, VisitorEvent.RELEASED);
      List<Transition> changes = new ArrayList<>(picked.length);
      for (long seq : picked) {
        changes.add(Transition.release(queueId, seq, at, passUntil, event));
      }
      boolean[] applied = journal.transition(changes);
      int expiresTick = Ticks.ceilOf(passUntil);
      List<ReleasedVisitor> released = new ArrayList<>(picked.length);
      line.write(
          index -> {
            for (int i = 0; i < picked.length; i++) {
              if (applied[i]) {
                if (shared == null) {
                  index.markReleased(picked[i], expiresTick);
                }
                released.add(
                    new ReleasedVisitor(
                        picked[i],
                        index.priority(picked[i]),
                        at,
                        passUntil,
                        Ticks.toInstant(index.joinTick(picked[i]))));
              }
            }
            return null;
          });
      for (int i = 0; i < picked.length; i++) {
        if (!applied[i]) {
          reconcile(line, queueId, picked[i], at);
        }
      }
      followOwn(queueId);
      return released;
    } finally {
      line.transitions().unlock();
    }
  }

  @Override
  public int expireIdle(long queueId, Instant lastSeenBefore, Instant at) {
    WaitingLine line = line(queueId);
    int cutoff = Ticks.of(lastSeenBefore);
    int expired = 0;
    while (true) {
      long[] idle = line.readLocked(index -> index.idleBefore(cutoff, EXPIRY_CHUNK));
      if (idle.length == 0) {
        return expired;
      }
      expired += endWaiting(line, queueId, idle, cutoff, at);
      if (idle.length < EXPIRY_CHUNK) {
        return expired;
      }
    }
  }

  private int endWaiting(WaitingLine line, long queueId, long[] idle, int cutoff, Instant at) {
    line.transitions().lock();
    try {
      List<Transition> changes = new ArrayList<>(idle.length);
      VisitorEvent event = eventOf(queueId, VisitorEvent.EXPIRED);
      line.readLocked(
          index -> {
            for (long seq : idle) {
              if (index.isKnown(seq)
                  && index.state(seq) == VisitorState.WAITING
                  && index.tick(seq) < cutoff) {
                changes.add(
                    Transition.end(
                        queueId,
                        seq,
                        VisitorState.WAITING,
                        VisitorState.EXPIRED,
                        at,
                        EndReason.IDLE,
                        event));
              }
            }
            return null;
          });
      if (changes.isEmpty()) {
        return 0;
      }
      boolean[] applied = journal.transition(changes);
      int count = 0;
      for (int i = 0; i < applied.length; i++) {
        long seq = changes.get(i).seq();
        if (applied[i]) {
          if (shared == null) {
            line.write(index -> mark(index, seq, VisitorState.EXPIRED));
          }
          count++;
        } else {
          reconcile(line, queueId, seq, at);
        }
      }
      followOwn(queueId);
      return count;
    } finally {
      line.transitions().unlock();
    }
  }

  @Override
  public int expirePasses(long queueId, Instant at, boolean record) {
    WaitingLine line = line(queueId);
    int now = Ticks.of(at);
    long[] expired = line.readLocked(index -> index.passesExpiredBy(now, Integer.MAX_VALUE));
    if (expired.length == 0) {
      return 0;
    }
    // The journal already says when each pass ends, so expiry by time changes no row; only a
    // queue that sends visitor.expired has its events written, before memory moves on, so a failed
    // write is tried again at the next sweep.
    line.transitions().lock();
    try {
      long[] ending =
          line.readLocked(
              index ->
                  Arrays.stream(expired)
                      .filter(
                          seq -> index.isKnown(seq) && index.state(seq) == VisitorState.RELEASED)
                      .toArray());
      if (record && ending.length > 0 && subscriptions.records(queueId, VisitorEvent.EXPIRED)) {
        journal.recordPassExpiries(queueId, ending, at);
      }
      return line.write(
          index -> {
            int count = 0;
            for (long seq : ending) {
              if (index.isKnown(seq) && index.state(seq) == VisitorState.RELEASED) {
                index.markEnded(seq, VisitorState.EXPIRED);
                count++;
              }
            }
            return count;
          });
    } finally {
      line.transitions().unlock();
    }
  }

  /** The event changes of the queue carry, asked once per step: null when it sends none. */
  private VisitorEvent eventOf(long queueId, VisitorEvent event) {
    return subscriptions.records(queueId, event) ? event : null;
  }

  @Override
  public boolean complete(long queueId, long seq, Instant at) {
    return endOne(
            queueId,
            seq,
            at,
            VisitorState.RELEASED,
            VisitorState.EXPIRED,
            EndReason.COMPLETED,
            VisitorEvent.COMPLETED)
        .moved();
  }

  /**
   * Moves one visitor from {@code from} to {@code to}, journal first; a visitor in any other state
   * keeps it. Answers the state afterwards (null for an unknown visitor) and whether this call made
   * the move.
   */
  private Ending endOne(
      long queueId,
      long seq,
      Instant at,
      VisitorState from,
      VisitorState to,
      EndReason reason,
      VisitorEvent event) {
    WaitingLine line = line(queueId);
    line.transitions().lock();
    try {
      VisitorView current = find(queueId, seq, at).orElse(null);
      if (current == null || current.state() != from) {
        return new Ending(current == null ? null : current.state(), false);
      }
      Transition change =
          Transition.end(queueId, seq, from, to, at, reason, eventOf(queueId, event));
      if (journal.transition(List.of(change))[0]) {
        if (shared == null) {
          line.write(index -> mark(index, seq, to));
        } else {
          followOwn(queueId);
        }
        return new Ending(to, true);
      }
      return new Ending(reconcile(line, queueId, seq, at), false);
    } finally {
      line.transitions().unlock();
    }
  }

  private record Ending(VisitorState state, boolean moved) {}

  @Override
  public LineCounts counts(long queueId) {
    return line(queueId).read(index -> new LineCounts(index.waiting(), index.active()));
  }

  @Override
  public Optional<Instant> oldestWaitingJoinedAt(long queueId) {
    LineIndex.OptionalJoin oldest = line(queueId).read(LineIndex::oldestWaiting);
    return oldest.present() ? Optional.of(Ticks.toInstant(oldest.joinTick())) : Optional.empty();
  }

  @Override
  public PassExpiries passExpiries(long queueId, Instant now) {
    int from = Ticks.of(now) + 1;
    int[] counts = line(queueId).readLocked(index -> index.passEndsFrom(from, LONGEST_PASS + 2));
    return PassExpiries.of(from, counts);
  }

  @Override
  public int positionOfNewcomer(long queueId, int priority) {
    return line(queueId).read(index -> index.positionOfNewcomer(priority));
  }

  @Override
  public void shuffle(long queueId, Queue.Shuffle shuffle) {
    line(queueId)
        .write(
            index -> {
              if (index.shuffle() == null) {
                index.applyShuffle(LineIndex.Shuffle.of(1, shuffle.throughSeq(), shuffle.seed()));
              }
              return null;
            });
  }

  @Override
  public long lastSeq(long queueId) {
    return line(queueId).read(index -> index.nextSeq() - 1);
  }

  @Override
  public Optional<VisitorRow> record(long queueId, long seq) {
    return journal.find(queueId, seq);
  }

  /**
   * Brings every open line up to its log's end (lines shared with other nodes; a node alone has
   * nothing to follow); answers how many events it applied. Called often by one thread.
   */
  public int follow() {
    if (shared == null) {
      return 0;
    }
    Instant started = clock.instant();
    Map<Long, Long> last = shared.lastEvents(List.copyOf(followers.keySet()));
    int applied = 0;
    boolean behind = false;
    knownEnds.putAll(last);
    for (Map.Entry<Long, Long> head : last.entrySet()) {
      LineFollower follower = followers.get(head.getKey());
      if (follower != null && follower.applied() < head.getValue()) {
        try {
          applied += follower.catchUp();
        } catch (IllegalStateException lost) {
          behind = true;
          restart(head.getKey(), follower, lost);
        } catch (RuntimeException failed) {
          // One queue's trouble must not keep the others from following.
          behind = true;
          log.warn("queue {}: cannot follow the log: {}", head.getKey(), failed.toString());
        }
      }
    }
    if (!behind) {
      followedAt = started;
    }
    return applied;
  }

  /**
   * A copy that can no longer follow (the events it needs were purged while it lagged, or it found
   * itself inconsistent) starts again from a snapshot, in place of the old copy.
   */
  private void restart(long queueId, LineFollower lost, IllegalStateException why) {
    log.warn(
        "queue {}: this node's copy starts again from a snapshot: {}", queueId, why.getMessage());
    Instant now = clock.instant();
    // The shuffle the copy holds: one applied at an opening after it started is not in shuffle().
    LineFollower fresh =
        LineFollower.start(queueId, shared, keys, lost.line().read(LineIndex::shuffle), now);
    // The line first, then the follower: a poll in between reads a number no further than its line.
    lines.put(queueId, fresh.line());
    if (followers.replace(queueId, lost, fresh)) {
      reportsRead.put(queueId, shared.seenReports().lastReportNo(queueId));
    }
  }

  /**
   * Follows the queue's log now, on behalf of a caller that only wants a fresher copy: a copy that
   * can no longer follow is left to the follow loop, which starts it again.
   */
  private void catchUpQuietly(long queueId) {
    try {
      follower(queueId).catchUp();
    } catch (IllegalStateException | StoreUnavailableException unavailable) {
      log.debug("queue {}: answered from the copy as it is", queueId, unavailable);
    }
  }

  /** Deletes each open line's events but the last {@code keep}; answers how many. */
  public int purgeLog(long keep) {
    if (shared == null) {
      return 0;
    }
    int purged = 0;
    for (long queueId : List.copyOf(followers.keySet())) {
      purged += shared.purge(queueId, keep);
    }
    return purged;
  }

  /**
   * How far this node's copies may be behind the shared log at {@code now}: the time since a pass
   * over them last found each at its log's end. Zero for a node alone with the database (its lines
   * are the truth); null when shared lines were never yet followed.
   */
  public Duration behind(Instant now) {
    if (shared == null) {
      return Duration.ZERO;
    }
    Instant at = followedAt;
    if (at == null) {
      return null;
    }
    return now.isAfter(at) ? Duration.between(at, now) : Duration.ZERO;
  }

  @Override
  public Optional<Instant> lastReleaseAt(long queueId) {
    return shared == null ? Optional.empty() : shared.lastReleaseAt(queueId);
  }

  /**
   * How long a poll that names a line further than this copy waits for whoever follows it now: then
   * it is answered from the copy as it is.
   */
  private static final Duration POLL_PATIENCE = Duration.ofMillis(20);

  @Override
  public long followTo(long queueId, long seen) {
    if (shared == null) {
      return 0;
    }
    LineFollower follower = follower(queueId);
    long applied = follower.applied();
    // Only as far as the follow loop knows the log goes (a number beyond it is answered from the
    // copy as it is: no query for whatever a caller sends), and never waiting long behind a join.
    if (seen > applied && seen <= knownEnds.getOrDefault(queueId, 0L)) {
      try {
        follower.tryCatchUpPast(seen, POLL_PATIENCE);
      } catch (IllegalStateException | StoreUnavailableException unavailable) {
        // The database is away, or the follow loop starts this copy again: the poll is answered
        // from the copy as it is.
      }
      applied = follower.applied();
    }
    return applied;
  }

  /**
   * With shared lines: waits until some node announces a committed change, or {@code atMost}
   * passes; alone with the database, just waits.
   */
  public void awaitChange(Duration atMost) throws InterruptedException {
    if (shared == null) {
      Thread.sleep(atMost.toMillis());
    } else {
      shared.awaitChange(atMost);
    }
  }

  /** Whether this store shares its lines with other nodes through the database. */
  public boolean isShared() {
    return shared != null;
  }

  /** Joins waiting to be taken for a commit, a measure of how far commits lag behind. */
  public int pendingJoins() {
    return writer.pending();
  }

  @Override
  public void close() {
    writer.close();
    if (shared != null) {
      shared.close();
    }
  }

  // ---- internals --------------------------------------------------------------------------

  private WaitingLine line(long queueId) {
    WaitingLine line = lines.get(queueId);
    if (line == null) {
      throw new IllegalStateException("the line of queue " + queueId + " is not open");
    }
    return line;
  }

  /**
   * With shared lines, a change this node committed reaches its copy through the log like any other
   * node's, so the copy never holds a change ahead of the number of events it has applied.
   */
  private void followOwn(long queueId) {
    if (shared != null) {
      catchUpQuietly(queueId);
    }
  }

  private LineFollower follower(long queueId) {
    LineFollower follower = followers.get(queueId);
    if (follower == null) {
      throw new IllegalStateException("the line of queue " + queueId + " is not open");
    }
    return follower;
  }

  private WaitingLine load(long queueId, Queue.Shuffle shuffle) {
    Instant now = clock.instant();
    int nowTick = Ticks.of(now);
    LiveRows rows = new LiveRows();
    journal.loadLive(queueId, now, into(rows, keys, nowTick));
    long next = journal.maxSeq(queueId) + 1;
    LineIndex.Shuffle applied =
        shuffle == null ? null : LineIndex.Shuffle.of(1, shuffle.throughSeq(), shuffle.seed());
    if (rows.size() > 0) {
      log.info("queue {}: rebuilt {} live visitors from the journal", queueId, rows.size());
    }
    catchUpPassExpiries(queueId, now);
    return new WaitingLine(LineIndex.rebuild(rows, applied, next));
  }

  /** The copy of a line shared with other nodes: a snapshot, then the log from there. */
  private WaitingLine follow(long queueId, Queue.Shuffle shuffle) {
    Instant now = clock.instant();
    LineFollower follower =
        LineFollower.start(
            queueId,
            shared,
            keys,
            shuffle == null ? null : LineIndex.Shuffle.of(1, shuffle.throughSeq(), shuffle.seed()),
            now);
    followers.put(queueId, follower);
    // Polls reported before now are covered: the copy starts every waiting visitor's idle clock at
    // now, as a restart does.
    reportsRead.put(queueId, shared.seenReports().lastReportNo(queueId));
    catchUpPassExpiries(queueId, now);
    return follower.line();
  }

  private void catchUpPassExpiries(long queueId, Instant now) {
    if (subscriptions.records(queueId, VisitorEvent.EXPIRED)) {
      int caughtUp = journal.recordPassExpiriesBetween(queueId, now.minus(EXPIRY_CATCH_UP), now);
      if (caughtUp > 0) {
        log.info(
            "queue {}: recorded {} passes that ran out while the line was closed",
            queueId,
            caughtUp);
      }
    }
  }

  /** Adds each durable row read back to a line being rebuilt at {@code nowTick}. */
  static Consumer<VisitorRow> into(LiveRows rows, VisitorKeyHasher keys, int nowTick) {
    return row ->
        rows.add(
            row.seq(),
            row.state(),
            row.priority(),
            // A restart is not the visitors' fault: the idle clock starts again from now.
            row.state() == VisitorState.WAITING ? nowTick : Ticks.ceilOf(row.expiresAt()),
            Ticks.of(row.joinedAt()),
            keys.hash(row.visitorKey()));
  }

  /**
   * Runs on the writer thread: numbers the joins (refusing those past a line's limit), commits all
   * rows in one transaction, then shows them. If that commit fails, each queue's rows are tried in
   * a transaction of their own, so one queue's failure never takes another's joins with it: a
   * queue's joins in a batch are all committed or none are.
   */
  private void writeBatch(List<JoinWriter.PendingJoin> batch) {
    Map<Long, QueueBatch> byQueue = new LinkedHashMap<>();
    try {
      writeBatch(batch, byQueue);
    } catch (RuntimeException | Error unexpected) {
      // Numbers reserved but never shown must not linger: a later join with the same visitor
      // key would be handed a place that was never written.
      byQueue.values().forEach(QueueBatch::abandonUnshown);
      throw unexpected;
    }
  }

  private void writeBatch(List<JoinWriter.PendingJoin> batch, Map<Long, QueueBatch> byQueue) {
    for (JoinWriter.PendingJoin join : batch) {
      WaitingLine line = lines.get(join.queueId);
      if (line == null) {
        join.result.completeExceptionally(
            new NotFoundException("queue " + join.queueId + " no longer takes joins"));
        continue;
      }
      byQueue.computeIfAbsent(join.queueId, id -> new QueueBatch(id, line)).number(join);
    }
    List<QueueBatch> writing = byQueue.values().stream().filter(q -> !q.rows.isEmpty()).toList();
    List<QueueBatch> failed = new ArrayList<>();
    try {
      if (!writing.isEmpty()) {
        journal.insert(
            writing.stream().flatMap(q -> q.rows.stream()).toList(),
            writing.stream().flatMap(q -> q.events.stream()).toList());
      }
    } catch (RuntimeException together) {
      if (writing.size() == 1) {
        failed.add(writing.getFirst());
        writing.getFirst().failure = together;
      } else {
        for (QueueBatch queue : writing) {
          try {
            journal.insert(queue.rows, queue.events);
          } catch (RuntimeException alone) {
            queue.failure = alone;
            failed.add(queue);
          }
        }
      }
    }
    reportWrites(failed);
    byQueue.values().forEach(QueueBatch::finish);
  }

  /**
   * Runs on the writer thread when several nodes share the lines: each queue's joins in one
   * transaction that holds the queue's head, so they are numbered (and checked against the line's
   * limit and the visitor keys it holds) from this copy caught up to the log's end. Committed, the
   * joins are applied as the log numbered them before anyone is answered.
   */
  private void writeSharedBatch(List<JoinWriter.PendingJoin> batch) {
    Map<Long, List<JoinWriter.PendingJoin>> byQueue = new TreeMap<>();
    for (JoinWriter.PendingJoin join : batch) {
      byQueue.computeIfAbsent(join.queueId, id -> new ArrayList<>()).add(join);
    }
    List<QueueBatch> failed = new ArrayList<>();
    byQueue.forEach(
        (queueId, joins) -> {
          LineFollower follower = followers.get(queueId);
          if (follower == null) {
            joins.forEach(
                join ->
                    join.result.completeExceptionally(
                        new NotFoundException("queue " + queueId + " no longer takes joins")));
            return;
          }
          QueueBatch queue = new QueueBatch(queueId, follower.line(), true);
          // The copy is taken only once the head is: waiting for another node's transaction on
          // the head must not hold up this node's polls and follow loop.
          boolean[] held = {false};
          try {
            try {
              long first =
                  shared.underHead(
                      queueId,
                      last -> {
                        follower.hold();
                        held[0] = true;
                        follower.catchUpTo(last);
                        joins.forEach(queue::number);
                        if (!queue.rows.isEmpty()) {
                          journal.insert(queue.rows, queue.events);
                        }
                        return last + 1;
                      });
              List<LineEvent> own = new ArrayList<>(queue.rows.size());
              for (VisitorRow row : queue.rows) {
                own.add(LineEvent.joined(row).numbered(first + own.size()));
              }
              follower.applyOwn(own);
            } catch (RuntimeException e) {
              queue.failure = e;
              failed.add(queue);
            }
            queue.finish();
            if (queue.failure != null) {
              // Those the failure came before (it may come before any was numbered).
              for (JoinWriter.PendingJoin join : joins) {
                join.result.completeExceptionally(
                    new StoreUnavailableException(
                        "the join could not be recorded; try again", queue.failure));
              }
            }
          } finally {
            if (held[0]) {
              follower.letGo();
            }
          }
        });
    reportWrites(failed);
  }

  /** One line when joins start failing to commit and one when they commit again. */
  private void reportWrites(List<QueueBatch> failed) {
    if (!failed.isEmpty() && !joinsFailing) {
      joinsFailing = true;
      // The failure's class only: a driver's message can quote the rows, visitor ids included.
      RuntimeException failure = failed.getFirst().failure;
      if (failure instanceof StoreUnavailableException) {
        log.debug("joins wait for the database, which is unavailable");
      } else {
        log.warn(
            "could not record joins of queue {}; refusing them with 503 until commits work: {}",
            failed.getFirst().queueId,
            failure.getClass().getName());
      }
    } else if (failed.isEmpty() && joinsFailing) {
      joinsFailing = false;
      log.info("joins are recorded again");
    }
  }

  /** The joins of one queue in a batch. */
  private final class QueueBatch {
    final long queueId;
    final WaitingLine line;
    final List<VisitorRow> rows = new ArrayList<>();
    final List<OutboxEvent> events = new ArrayList<>();
    final int[] newWaitingAt = new int[LineIndex.LEVELS];
    final VisitorEvent releaseEvent;
    final List<JoinWriter.PendingJoin> joins = new ArrayList<>();
    final List<long[]> outcomes = new ArrayList<>();

    /**
     * Whether the numbers are only counted here until the commit (shared lines, where the log
     * applies them) rather than reserved in the index at once.
     */
    final boolean counted;

    final Map<Long, Long> countedKeys = new HashMap<>();
    int newWaiting;
    int shown;
    RuntimeException failure;

    /** After an unexpected failure: forgets every number this batch reserved and did not show. */
    void abandonUnshown() {
      for (VisitorRow row : rows.subList(shown, rows.size())) {
        line.write(index -> abandon(index, row.seq()));
      }
    }

    QueueBatch(long queueId, WaitingLine line) {
      this(queueId, line, false);
    }

    QueueBatch(long queueId, WaitingLine line, boolean counted) {
      this.queueId = queueId;
      this.line = line;
      this.counted = counted;
      this.releaseEvent = eventOf(queueId, VisitorEvent.RELEASED);
    }

    private long findLive(LineIndex index, long keyHash) {
      long seq = index.findLive(keyHash);
      return seq >= 0 || !counted ? seq : countedKeys.getOrDefault(keyHash, -1L);
    }

    private long take(LineIndex index, long keyHash) {
      if (!counted) {
        return index.reserve(keyHash);
      }
      long seq = index.nextSeq() + rows.size();
      if (keyHash != 0) {
        countedKeys.put(keyHash, seq);
      }
      return seq;
    }

    /** Gives the join a number, or finds the live place its key holds, or refuses it. */
    void number(JoinWriter.PendingJoin join) {
      NewVisitor visitor = join.visitor;
      boolean waits = visitor.releaseUntil() == null;
      int[] place = new int[1];
      long[] outcome =
          line.write(
              index -> {
                long existing = join.keyHash == 0 ? -1 : findLive(index, join.keyHash);
                if (existing >= 0) {
                  return new long[] {existing, 0};
                }
                if (waits
                    && join.maxWaiting != null
                    && index.waiting() + newWaiting >= join.maxWaiting) {
                  return null;
                }
                // Reserved numbers are not counted in the line until committed, so this batch's
                // earlier joins at the same or a higher priority are added by hand.
                place[0] = index.positionOfNewcomer(visitor.priority()) + aheadInBatch(visitor);
                return new long[] {take(index, join.keyHash), 1};
              });
      if (outcome == null) {
        join.result.completeExceptionally(new LineFullException(queueId, join.maxWaiting));
        return;
      }
      joins.add(join);
      outcomes.add(outcome);
      if (outcome[1] == 1) {
        if (waits) {
          newWaiting++;
          newWaitingAt[visitor.priority()]++;
        } else if (releaseEvent != null) {
          events.add(new OutboxEvent(queueId, outcome[0], releaseEvent, visitor.joinedAt()));
        }
        rows.add(
            new VisitorRow(
                queueId,
                outcome[0],
                visitor.priority(),
                waits ? VisitorState.WAITING : VisitorState.RELEASED,
                visitor.visitorKey(),
                visitor.metadata(),
                visitor.joinedAt(),
                waits ? null : visitor.joinedAt(),
                visitor.releaseUntil(),
                null,
                null,
                waits ? place[0] : null));
      }
    }

    private int aheadInBatch(NewVisitor visitor) {
      int ahead = 0;
      for (int level = visitor.priority(); level < newWaitingAt.length; level++) {
        ahead += newWaitingAt[level];
      }
      return ahead;
    }

    /** Shows the committed rows (or forgets the numbers of failed ones) and answers each join. */
    void finish() {
      Set<Long> written = new HashSet<>();
      for (VisitorRow row : rows) {
        written.add(row.seq());
        if (!counted) {
          line.write(index -> failure == null ? commit(index, row) : abandon(index, row.seq()));
        }
        shown++;
      }
      for (int i = 0; i < joins.size(); i++) {
        JoinWriter.PendingJoin join = joins.get(i);
        long[] outcome = outcomes.get(i);
        if (failure != null && written.contains(outcome[0])) {
          join.result.completeExceptionally(
              new StoreUnavailableException("the join could not be recorded; try again", failure));
        } else {
          VisitorView view = line.read(index -> viewOf(index, outcome[0]));
          join.result.complete(new Joined(view, outcome[1] == 1));
        }
      }
    }
  }

  private static Void commit(LineIndex index, VisitorRow row) {
    if (row.state() == VisitorState.RELEASED) {
      index.commitReleased(row.seq(), row.priority(), Ticks.ceilOf(row.expiresAt()));
    } else {
      index.commitWaiting(row.seq(), row.priority(), Ticks.of(row.joinedAt()));
    }
    return null;
  }

  private static Void abandon(LineIndex index, long seq) {
    index.abandon(seq);
    return null;
  }

  private static Void mark(LineIndex index, long seq, VisitorState to) {
    index.markEnded(seq, to);
    return null;
  }

  /**
   * The journal refused a change memory thought valid, so another writer got there first: take the
   * journal's word for the visitor and answer its state.
   */
  private VisitorState reconcile(WaitingLine line, long queueId, long seq, Instant now) {
    Optional<VisitorRow> row = journal.find(queueId, seq);
    if (row.isEmpty()) {
      return null;
    }
    VisitorState truth = row.get().stateAt(now);
    if (shared != null) {
      // Another node changed the visitor first; its change is in the log this copy follows.
      followOwn(queueId);
      return truth;
    }
    log.warn("queue {}: visitor {} was {} in the journal; memory follows", queueId, seq, truth);
    line.write(
        index -> {
          if (index.isKnown(seq) && index.state(seq) != truth) {
            VisitorState held = index.state(seq);
            if (truth == VisitorState.RELEASED && held == VisitorState.WAITING) {
              index.markReleased(seq, Ticks.ceilOf(row.get().expiresAt()));
            } else if (held.canMoveTo(truth)) {
              index.markEnded(seq, truth);
            }
          }
          return null;
        });
    return truth;
  }

  /** A known visitor as the index holds it. */
  static VisitorView viewOf(LineIndex index, long seq) {
    VisitorState state = index.state(seq);
    return new VisitorView(
        seq,
        state,
        index.priority(seq),
        state == VisitorState.WAITING ? index.position(seq) : 0,
        state == VisitorState.RELEASED ? Ticks.toInstant(index.tick(seq)) : null);
  }

  private static VisitorView viewOf(VisitorRow row, Instant now) {
    VisitorState state = row.stateAt(now);
    return new VisitorView(
        row.seq(),
        state,
        row.priority(),
        0,
        state == VisitorState.RELEASED ? row.expiresAt() : null);
  }

  /** A pass that has run out reads as expired even before the sweep marks it. */
  private static VisitorView asOf(VisitorView view, Instant now) {
    if (view.state() == VisitorState.RELEASED && !now.isBefore(view.expiresAt())) {
      return new VisitorView(view.seq(), VisitorState.EXPIRED, view.priority(), 0, null);
    }
    return view;
  }
}
