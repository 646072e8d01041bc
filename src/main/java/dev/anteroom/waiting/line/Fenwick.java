package dev.anteroom.waiting.line;

/**
 * A Fenwick (binary indexed) tree of counts over the slots 0..capacity-1: add, prefix count and
 * "k-th present slot" in O(log n), four bytes a slot. The capacity is a power of two so that {@link
 * #select} can walk down by halving.
 */
final class Fenwick {

  private final int[] tree;
  private final int capacity;

  Fenwick(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    this.capacity = capacity;
    this.tree = new int[capacity + 1];
  }

  /** A tree holding {@code counts[i]} at slot i, built in linear time. */
  static Fenwick of(int capacity, int[] counts, int length) {
    Fenwick fenwick = new Fenwick(capacity);
    int[] tree = fenwick.tree;
    for (int i = 0; i < length; i++) {
      tree[i + 1] += counts[i];
    }
    for (int i = 1; i <= capacity; i++) {
      int parent = i + (i & -i);
      if (parent <= capacity) {
        tree[parent] += tree[i];
      }
    }
    return fenwick;
  }

  int capacity() {
    return capacity;
  }

  void add(int slot, int delta) {
    for (int i = slot + 1; i <= capacity; i += i & -i) {
      tree[i] += delta;
    }
  }

  /** How many are counted in the slots before {@code slot}. */
  int countBefore(int slot) {
    int sum = 0;
    for (int i = slot; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
  }

  /** The slot holding the k-th counted item, k from 1; the caller ensures k is in range. */
  int select(int k) {
    int position = 0;
    for (int step = capacity; step > 0; step >>= 1) {
      int next = position + step;
      if (next <= capacity && tree[next] < k) {
        position = next;
        k -= tree[next];
      }
    }
    return position;
  }
}
