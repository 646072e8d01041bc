package dev.anteroom.waiting.line;

import dev.anteroom.waiting.VisitorState;
import java.util.Arrays;

/**
 * The live visitors of one queue as read back from the journal, in sequence order, kept in
 * primitive arrays so that rebuilding a line of a million visitors allocates a few arrays rather
 * than a million objects.
 */
public final class LiveRows {

  private long[] seqs = new long[64];
  private byte[] states = new byte[64];
  private byte[] priorities = new byte[64];
  private int[] ticks = new int[64];
  private int[] joinTicks = new int[64];
  private long[] keyHashes = new long[64];
  private int size;

  /**
   * Adds a visitor; rows must come in increasing sequence order.
   *
   * @param tick the last poll of a waiting visitor, or the pass expiry of a released one
   * @param keyHash the visitor key's hash, or 0 when the visitor has none
   */
  public void add(long seq, VisitorState state, int priority, int tick, long keyHash) {
    add(seq, state, priority, tick, tick, keyHash);
  }

  /**
   * Adds a visitor as {@link #add(long, VisitorState, int, int, long)} does, with the tick it
   * joined at.
   */
  public void add(
      long seq, VisitorState state, int priority, int tick, int joinTick, long keyHash) {
    if (state != VisitorState.WAITING && state != VisitorState.RELEASED) {
      throw new IllegalArgumentException("only waiting and released visitors are live: " + state);
    }
    if (size > 0 && seq <= seqs[size - 1]) {
      throw new IllegalArgumentException("rows must come in sequence order");
    }
    if (size == seqs.length) {
      int capacity = size * 2;
      seqs = Arrays.copyOf(seqs, capacity);
      states = Arrays.copyOf(states, capacity);
      priorities = Arrays.copyOf(priorities, capacity);
      ticks = Arrays.copyOf(ticks, capacity);
      joinTicks = Arrays.copyOf(joinTicks, capacity);
      keyHashes = Arrays.copyOf(keyHashes, capacity);
    }
    seqs[size] = seq;
    states[size] = state.code();
    priorities[size] = (byte) priority;
    ticks[size] = tick;
    joinTicks[size] = joinTick;
    keyHashes[size] = keyHash;
    size++;
  }

  public int size() {
    return size;
  }

  public long seq(int i) {
    return seqs[i];
  }

  public byte state(int i) {
    return states[i];
  }

  public byte priority(int i) {
    return priorities[i];
  }

  public int tick(int i) {
    return ticks[i];
  }

  public int joinTick(int i) {
    return joinTicks[i];
  }

  public long keyHash(int i) {
    return keyHashes[i];
  }
}
