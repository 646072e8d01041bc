package dev.anteroom.waiting.store;

import java.util.function.LongConsumer;

/**
 * Packs a sorted set of visitor seqs into bytes for a seen report, and back. Seqs seen in one
 * second cluster (they are given out in join order and a line's polls come from its live range), so
 * each is written as its gap from the previous one in a varint: a dense set costs about a byte a
 * visitor, against eight for raw longs.
 *
 * <p>Layout: a format byte ({@value #FORMAT}, so that nodes of two versions can share a database
 * during a rolling update), the count, the first seq, then each gap minus one (gaps are at least
 * one, so consecutive seqs cost a zero byte). All unsigned LEB128 varints.
 */
public final class SeenSeqsCodec {

  static final int FORMAT = 1;

  private SeenSeqsCodec() {}

  /**
   * @param seqs ascending, distinct and not negative
   * @throws IllegalArgumentException if they are not
   */
  public static byte[] encode(long[] seqs) {
    int size = 1 + varintLength(seqs.length);
    long previous = -1;
    for (long seq : seqs) {
      if (seq <= previous) {
        throw new IllegalArgumentException(
            seq < 0
                ? "seq " + seq + " is negative"
                : "seqs must ascend without repeats: " + seq + " follows " + previous);
      }
      size += varintLength(seq - previous - 1);
      previous = seq;
    }
    byte[] out = new byte[size];
    out[0] = FORMAT;
    int at = writeVarint(out, 1, seqs.length);
    previous = -1;
    for (long seq : seqs) {
      at = writeVarint(out, at, seq - previous - 1);
      previous = seq;
    }
    return out;
  }

  /** The seqs {@link #encode} packed, ascending. */
  public static long[] decode(byte[] bytes) {
    Reader in = new Reader(bytes);
    long[] seqs = new long[in.count];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = in.next();
    }
    in.end();
    return seqs;
  }

  /**
   * Feeds the packed seqs in ascending order without building an array. The input is checked as it
   * is read, so a damaged report may have fed some seqs before it throws.
   */
  public static void forEach(byte[] bytes, LongConsumer sink) {
    Reader in = new Reader(bytes);
    for (int i = 0; i < in.count; i++) {
      sink.accept(in.next());
    }
    in.end();
  }

  private static int varintLength(long value) {
    // 7 bits a byte; zero still takes one.
    return Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
  }

  private static int writeVarint(byte[] out, int at, long value) {
    while ((value & ~0x7FL) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  /** Reads and checks one packed set: a damaged report fails loudly, never yields made-up seqs. */
  private static final class Reader {
    private final byte[] bytes;
    private int at;
    private long previous = -1;
    final int count;

    Reader(byte[] bytes) {
      this.bytes = bytes;
      if (bytes.length == 0 || bytes[0] != FORMAT) {
        throw damaged(
            bytes.length == 0 ? "it is empty" : "unknown format " + Byte.toUnsignedInt(bytes[0]));
      }
      at = 1;
      long n = varint();
      // Every seq takes at least a byte, which bounds the array a damaged count could ask for.
      if (n > bytes.length - at) {
        throw damaged("it claims " + n + " seqs in " + (bytes.length - at) + " bytes");
      }
      count = (int) n;
    }

    long next() {
      long gap = varint();
      if (gap > Long.MAX_VALUE - 1 - previous) {
        throw damaged("a seq beyond " + Long.MAX_VALUE);
      }
      previous += gap + 1;
      return previous;
    }

    void end() {
      if (at != bytes.length) {
        throw damaged((bytes.length - at) + " bytes left over");
      }
    }

    private long varint() {
      long value = 0;
      // Nine bytes carry 63 bits: a tenth would make a negative number.
      for (int shift = 0; shift < 63; shift += 7) {
        if (at >= bytes.length) {
          throw damaged("it ends inside a number");
        }
        byte b = bytes[at++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw damaged("a number beyond " + Long.MAX_VALUE);
    }

    private static IllegalArgumentException damaged(String why) {
      return new IllegalArgumentException("not a packed set of seqs: " + why);
    }
  }
}
