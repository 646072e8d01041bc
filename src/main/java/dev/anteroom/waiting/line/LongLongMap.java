package dev.anteroom.waiting.line;

/**
 * An open-addressing map from non-zero long keys to long values, 16 bytes a slot and at most three
 * quarters full: the visitor-key index would cost several times that as a {@code HashMap<String,
 * Long>}. Entries are removed by shifting the run behind them back (no tombstones), and the table
 * shrinks when it is mostly empty, so its size follows the live keys.
 */
final class LongLongMap {

  static final long MISSING = Long.MIN_VALUE;

  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  private long[] values;
  private int size;

  LongLongMap() {
    this(MIN_CAPACITY);
  }

  private LongLongMap(int capacity) {
    keys = new long[capacity];
    values = new long[capacity];
  }

  long get(long key) {
    long k = nonZero(key);
    // Local copies: a poll may read while a writer resizes, and must then fail or retry, not run
    // off an array of another length.
    long[] keys = this.keys;
    long[] values = this.values;
    int mask = keys.length - 1;
    for (int i = spread(k) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == k) {
        return values[i];
      }
      if (keys[i] == 0) {
        return MISSING;
      }
    }
  }

  void put(long key, long value) {
    if ((size + 1) * 4L > keys.length * 3L) {
      resize(keys.length * 2);
    }
    long k = nonZero(key);
    int mask = keys.length - 1;
    for (int i = spread(k) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == k) {
        values[i] = value;
        return;
      }
      if (keys[i] == 0) {
        keys[i] = k;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  /** Removes the key if it still maps to {@code value}: a later holder of the key keeps it. */
  void remove(long key, long value) {
    long k = nonZero(key);
    int mask = keys.length - 1;
    int hole = spread(k) & mask;
    while (keys[hole] != k) {
      if (keys[hole] == 0) {
        return;
      }
      hole = (hole + 1) & mask;
    }
    if (values[hole] != value) {
      return;
    }
    // Shift back every later entry of the run that may sit in the hole: one whose home slot is
    // not cyclically between the hole and where it sits.
    for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
      int home = spread(keys[i]) & mask;
      boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!stays) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    keys[hole] = 0;
    values[hole] = 0;
    size--;
    if (keys.length > MIN_CAPACITY && size * 8L < keys.length) {
      resize(keys.length / 2);
    }
  }

  int size() {
    return size;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[capacity];
    values = new long[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static long nonZero(long key) {
    return key == 0 ? 1 : key;
  }

  private static int spread(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
