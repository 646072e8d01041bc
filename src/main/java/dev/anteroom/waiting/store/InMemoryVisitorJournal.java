package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The journal's in-memory twin, for tests and for simulations that must not touch the database. It
 * keeps rows for as long as it lives, which is the durability it promises.
 */
public final class InMemoryVisitorJournal implements VisitorJournal {

  private final ConcurrentSkipListMap<Key, VisitorRow> rows = new ConcurrentSkipListMap<>();

  @Override
  public synchronized void insert(List<VisitorRow> added) {
    for (VisitorRow row : added) {
      if (rows.containsKey(new Key(row.queueId(), row.seq()))) {
        throw new IllegalStateException("duplicate visitor " + row.queueId() + "/" + row.seq());
      }
    }
    added.forEach(row -> rows.put(new Key(row.queueId(), row.seq()), row));
  }

  @Override
  public synchronized boolean[] transition(List<Transition> changes) {
    boolean[] applied = new boolean[changes.size()];
    for (int i = 0; i < changes.size(); i++) {
      Transition change = changes.get(i);
      Key key = new Key(change.queueId(), change.seq());
      VisitorRow row = rows.get(key);
      if (row == null || row.state() != change.from()) {
        continue;
      }
      boolean released = change.to() == VisitorState.RELEASED;
      rows.put(
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
              change.reason()));
      applied[i] = true;
    }
    return applied;
  }

  @Override
  public long maxSeq(long queueId) {
    Map.Entry<Key, VisitorRow> last = rows.floorEntry(new Key(queueId, Long.MAX_VALUE));
    return last == null || last.getKey().queueId() != queueId ? 0 : last.getKey().seq();
  }

  @Override
  public void loadLive(long queueId, Instant now, Consumer<VisitorRow> sink) {
    rows
        .subMap(new Key(queueId, Long.MIN_VALUE), new Key(queueId, Long.MAX_VALUE))
        .values()
        .stream()
        .filter(row -> !row.stateAt(now).isFinal())
        .forEach(sink);
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
}
