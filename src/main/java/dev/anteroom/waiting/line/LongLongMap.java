package dev.anteroom.waiting.line;

/**
 * An open-addressing map from non-zero long keys to long values, about 32 bytes an entry at most:
 * the visitor-key index would cost several times that as a {@code HashMap<String, Long>}.
 */
final class LongLongMap {

  static final long MISSING = Long.MIN_VALUE;

  private long[] keys;
  private long[] values;
  private int size;

  LongLongMap() {
    this(16);
  }

  private LongLongMap(int capacity) {
    keys = new long[capacity];
    values = new long[capacity];
  }

  long get(long key) {
    long k = nonZero(key);
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
    if ((size + 1) * 2 > keys.length) {
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

  /** Keeps only the entries whose value passes; rebuilds instead of leaving tombstones. */
  void retainValues(java.util.function.LongPredicate keep) {
    long[] oldKeys = keys;
    long[] oldValues = values;
    int capacity = 16;
    while (capacity < size * 2) {
      capacity <<= 1;
    }
    keys = new long[capacity];
    values = new long[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0 && keep.test(oldValues[i])) {
        put(oldKeys[i], oldValues[i]);
      }
    }
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
