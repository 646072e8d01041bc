package dev.anteroom.waiting.store;

/** Takes what a seen report says: the visitor {@code seq} polled a node at {@code tick}. */
@FunctionalInterface
public interface SeenSink {

  void seen(long seq, int tick);
}
