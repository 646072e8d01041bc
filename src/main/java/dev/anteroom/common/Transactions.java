package dev.anteroom.common;

import java.util.function.Supplier;

/** Runs work that spans several stores as one unit: all of it commits, or none of it does. */
@FunctionalInterface
public interface Transactions {

  <T> T inTransaction(Supplier<T> work);

  /** For tests and in-memory stores, where there is nothing to commit. */
  static Transactions none() {
    return Supplier::get;
  }
}
