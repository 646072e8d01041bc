package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The journal's in-memory twin, for tests and for simulations that must not touch the database. It
 * keeps rows and outbox events for as long as it lives, which is the durability it promises, and
 * refuses a second event with the same key as the database's primary key does.
 */
public final class InMemoryVisitorJournal implements VisitorJournal {

  private final ConcurrentSkipListMap<Key, VisitorRow> rows = new ConcurrentSkipListMap<>();
  private final Map<EventKey, OutboxEvent> events = new LinkedHashMap<>();

  @Override
  public synchronized void insert(List<VisitorRow> added, List<OutboxEvent> newEvents) {
    for (VisitorRow row : added) {
      if (rows.containsKey(new Key(row.queueId(), row.seq()))) {
        throw new IllegalStateException("duplicate visitor " + row.queueId() + "/" + row.seq());
      }
    }
    requireNew(newEvents);
    added.forEach(row -> rows.put(new Key(row.queueId(), row.seq()), row));
    newEvents.forEach(this::put);
  }

  @Override
  public synchronized boolean[] transition(List<Transition> changes) {
    boolean[] applied = new boolean[changes.size()];
    Map<Key, VisitorRow> changed = new LinkedHashMap<>();
    List<OutboxEvent> newEvents = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      Transition change = changes.get(i);
      Key key = new Key(change.queueId(), change.seq());
      VisitorRow row = changed.getOrDefault(key, rows.get(key));
      if (row == null || row.state() != change.from()) {
        continue;
      }
      boolean released = change.to() == VisitorState.RELEASED;
      changed.put(
          key,
          new VisitorRow(
              row.queueId(),
              row.seq(),
              row.priority(),
              change.to(),
              row.visitorKey(),
              row.metadata(),
              row.joinedAt(),
              released ? change.at() : row.releasedAt(),
              released ? change.expiresAt() : row.expiresAt(),
              released ? null : change.at(),
              change.reason(),
              row.positionAtJoin()));
      if (change.event() != null) {
        newEvents.add(change.outboxEvent());
      }
      applied[i] = true;
    }
    // All or nothing, as the database's transaction: a refused event leaves every row as it was.
    requireNew(newEvents);
    rows.putAll(changed);
    newEvents.forEach(this::put);
    return applied;
  }

  @Override
  public synchronized int recordPassExpiries(long queueId, long[] seqs, Instant now) {
    int recorded = 0;
    for (long seq : seqs) {
      recorded += recordPassExpiry(rows.get(new Key(queueId, seq)), now) ? 1 : 0;
    }
    return recorded;
  }

  @Override
  public synchronized int recordPassExpiriesBetween(long queueId, Instant since, Instant now) {
    int recorded = 0;
    for (VisitorRow row : queueRows(queueId).values()) {
      if (row.expiresAt() != null && row.expiresAt().isAfter(since)) {
        recorded += recordPassExpiry(row, now) ? 1 : 0;
      }
    }
    return recorded;
  }

  private boolean recordPassExpiry(VisitorRow row, Instant now) {
    if (row == null
        || row.state() != VisitorState.RELEASED
        || row.expiresAt().isAfter(now)
        || events.containsKey(new EventKey(row.queueId(), row.seq(), VisitorEvent.EXPIRED))) {
      return false;
    }
    put(new OutboxEvent(row.queueId(), row.seq(), VisitorEvent.EXPIRED, row.expiresAt()));
    return true;
  }

  /** Every outbox event recorded, in the order written. */
  public synchronized List<OutboxEvent> events() {
    return List.copyOf(events.values());
  }

  /** Puts an outbox event as it is, for tests that plant a conflicting one. */
  public synchronized void plantEvent(OutboxEvent event) {
    put(event);
  }

  private void requireNew(List<OutboxEvent> newEvents) {
    for (OutboxEvent event : newEvents) {
      if (events.containsKey(EventKey.of(event))) {
        throw new IllegalStateException(
            "duplicate outbox event " + event.queueId() + "/" + event.seq() + "/" + event.event());
      }
    }
  }

  private void put(OutboxEvent event) {
    events.put(EventKey.of(event), event);
  }

  @Override
  public long maxSeq(long queueId) {
    Map.Entry<Key, VisitorRow> last = rows.floorEntry(new Key(queueId, Long.MAX_VALUE));
    return last == null || last.getKey().queueId() != queueId ? 0 : last.getKey().seq();
  }

  @Override
  public void loadLive(long queueId, Instant now, Consumer<VisitorRow> sink) {
    queueRows(queueId).values().stream().filter(row -> !row.stateAt(now).isFinal()).forEach(sink);
  }

  private Map<Key, VisitorRow> queueRows(long queueId) {
    return rows.subMap(new Key(queueId, Long.MIN_VALUE), new Key(queueId, Long.MAX_VALUE));
  }

  @Override
  public Optional<VisitorRow> find(long queueId, long seq) {
    return Optional.ofNullable(rows.get(new Key(queueId, seq)));
  }

  private record Key(long queueId, long seq) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byQueue = Long.compare(queueId, other.queueId);
      return byQueue != 0 ? byQueue : Long.compare(seq, other.seq);
    }
  }

  private record EventKey(long queueId, long seq, VisitorEvent event) {
    static EventKey of(OutboxEvent event) {
      return new EventKey(event.queueId(), event.seq(), event.event());
    }
  }
}
