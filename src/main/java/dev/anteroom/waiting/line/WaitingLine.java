package dev.anteroom.waiting.line;

import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;

/**
 * One queue's {@link LineIndex} with its two locks. The stamped lock guards the arrays: polls read
 * optimistically and retry under a read lock only if a writer raced them, so a poll never waits for
 * the database. The transition lock serializes state changes of existing visitors (release, cancel,
 * expiry, completion), which hold it across their journal write, so no visitor is released twice;
 * joins only take the array lock, so they are never held up by a release.
 */
public final class WaitingLine {

  private final StampedLock arrays = new StampedLock();
  private final ReentrantLock transitions = new ReentrantLock();
  private final LineIndex index;

  public WaitingLine(LineIndex index) {
    this.index = index;
  }

  public <T> T read(Function<LineIndex, T> reader) {
    long stamp = arrays.tryOptimisticRead();
    if (stamp != 0) {
      try {
        T value = reader.apply(index);
        if (arrays.validate(stamp)) {
          return value;
        }
      } catch (RuntimeException racedWithAWriter) {
        // the arrays changed under the read; fall through to a locked read
      }
    }
    return readLocked(reader);
  }

  /**
   * A read that may also make racy single-slot writes, such as a poll's timestamp, or move visitors
   * between the index's idle buckets (an idle sweep, which serializes itself).
   */
  public <T> T readLocked(Function<LineIndex, T> reader) {
    long stamp = arrays.readLock();
    try {
      return reader.apply(index);
    } finally {
      arrays.unlockRead(stamp);
    }
  }

  public <T> T write(Function<LineIndex, T> writer) {
    long stamp = arrays.writeLock();
    try {
      return writer.apply(index);
    } finally {
      arrays.unlockWrite(stamp);
    }
  }

  public ReentrantLock transitions() {
    return transitions;
  }
}
