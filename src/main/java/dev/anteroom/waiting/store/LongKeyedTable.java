package dev.anteroom.waiting.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A map from long keys that is read on every poll and written once per queue: reads take no lock
 * and box nothing (a {@code ConcurrentHashMap<Long, V>} would box the random queue id on each get);
 * an insert copies the table, which is cheap while there are thousands of keys, not millions.
 */
final class LongKeyedTable<V> {

  private volatile Slots<V> slots = new Slots<>(16);

  /** The value for the key, or null. */
  V get(long key) {
    return slots.get(key);
  }

  synchronized V computeIfAbsent(long key, LongFunction<V> make) {
    Slots<V> current = slots;
    V found = current.get(key);
    if (found != null) {
      return found;
    }
    V made = make.apply(key);
    slots = current.with(key, made);
    return made;
  }

  List<V> values() {
    return slots.values();
  }

  /** Open addressing with linear probing; never changed once published. */
  private static final class Slots<V> {
    private final long[] keys;
    private final Object[] values;
    private final int size;

    Slots(int capacity) {
      this(new long[capacity], new Object[capacity], 0);
    }

    private Slots(long[] keys, Object[] values, int size) {
      this.keys = keys;
      this.values = values;
      this.size = size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
      int mask = keys.length - 1;
      for (int i = home(key, mask); values[i] != null; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return (V) values[i];
        }
      }
      return null;
    }

    Slots<V> with(long key, V value) {
      // At most half full, so a probe ends soon at an empty slot.
      int capacity = (size + 1) * 2 > keys.length ? keys.length * 2 : keys.length;
      Slots<V> copy = new Slots<>(new long[capacity], new Object[capacity], size + 1);
      for (int i = 0; i < keys.length; i++) {
        if (values[i] != null) {
          copy.put(keys[i], values[i]);
        }
      }
      copy.put(key, value);
      return copy;
    }

    private void put(long key, Object value) {
      int mask = keys.length - 1;
      int i = home(key, mask);
      while (values[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = value;
    }

    @SuppressWarnings("unchecked")
    List<V> values() {
      List<V> all = new ArrayList<>(size);
      for (Object value : values) {
        if (value != null) {
          all.add((V) value);
        }
      }
      return all;
    }

    private static int home(long key, int mask) {
      return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
  }
}
