package dev.anteroom.common;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers for applications, queues and admins: random, positive and below 2^53 so that a
 * browser's JavaScript reads them exactly. Random rather than sequential so that ids neither reveal
 * volume nor need a database sequence, whose syntax differs between vendors.
 */
public final class Ids {

  private static final long LIMIT = 1L << 53;

  private Ids() {}

  public static long next() {
    return ThreadLocalRandom.current().nextLong(1, LIMIT);
  }
}
