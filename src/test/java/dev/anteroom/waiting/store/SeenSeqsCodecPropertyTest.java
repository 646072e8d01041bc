package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packed seqs come back exactly as they went in, for seeded random sets whose gaps are dense,
 * sparse or up to the whole range of a long, from none to a million; damaged or unsorted input is
 * refused, never turned into other seqs.
 */
class SeenSeqsCodecPropertyTest {

  static IntStream seeds() {
    return IntStream.range(0, 500);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void random_sets_come_back_unchanged(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] seqs = randomSet(random, random.nextInt(seed % 10 == 0 ? 20_000 : 200));
    assertRoundTrip(seqs);
  }

  @Test
  void edge_sets_come_back_unchanged() {
    assertRoundTrip(new long[0]);
    assertRoundTrip(new long[] {0});
    assertRoundTrip(new long[] {1});
    assertRoundTrip(new long[] {Long.MAX_VALUE});
    assertRoundTrip(new long[] {0, Long.MAX_VALUE});
    assertRoundTrip(new long[] {Long.MAX_VALUE - 1, Long.MAX_VALUE});
    assertRoundTrip(new long[] {127, 128, 16_383, 16_384, 1L << 62, (1L << 62) + 1});
  }

  @Test
  void a_million_seqs_come_back_unchanged_at_about_a_byte_each_when_dense() {
    SplittableRandom random = new SplittableRandom(7);
    long[] seqs = new long[1_000_000];
    long seq = 1 + random.nextLong(1L << 40);
    for (int i = 0; i < seqs.length; i++) {
      // Most visitors of a line poll, so the gaps are small; one in a thousand jumps far.
      seq += random.nextInt(1000) == 0 ? 1 + random.nextLong(1L << 30) : 1 + random.nextInt(3);
      seqs[i] = seq;
    }
    byte[] packed = assertRoundTrip(seqs);
    assertThat(packed.length).isLessThan(seqs.length + seqs.length / 50);
  }

  @Test
  void unsorted_repeated_or_negative_seqs_are_refused() {
    assertThatThrownBy(() -> SeenSeqsCodec.encode(new long[] {3, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 follows 3");
    assertThatThrownBy(() -> SeenSeqsCodec.encode(new long[] {3, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeenSeqsCodec.encode(new long[] {-1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void damaged_bytes_are_refused() {
    byte[] packed = SeenSeqsCodec.encode(new long[] {5, 300, 70_000});
    List<byte[]> damaged = new ArrayList<>();
    damaged.add(new byte[0]);
    damaged.add(new byte[] {9, 0});
    for (int cut = 1; cut < packed.length; cut++) {
      damaged.add(Arrays.copyOf(packed, cut));
    }
    damaged.add(Arrays.copyOf(packed, packed.length + 1));
    // A count larger than the bytes could hold.
    damaged.add(new byte[] {SeenSeqsCodec.FORMAT, (byte) 0xFF, (byte) 0xFF, 0x7F, 1});
    // A gap that runs past the largest long.
    damaged.add(
        new byte[] {
          SeenSeqsCodec.FORMAT, 2, 5, -1, -1, -1, -1, -1, -1, -1, -1, 0x7F,
        });
    // A tenth varint byte.
    damaged.add(new byte[] {SeenSeqsCodec.FORMAT, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});
    for (byte[] bytes : damaged) {
      assertThatThrownBy(() -> SeenSeqsCodec.decode(bytes))
          .as("%s", Arrays.toString(bytes))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a packed set of seqs");
    }
  }

  private static byte[] assertRoundTrip(long[] seqs) {
    byte[] packed = SeenSeqsCodec.encode(seqs);
    assertThat(SeenSeqsCodec.decode(packed)).isEqualTo(seqs);
    long[] fed = new long[seqs.length];
    int[] n = {0};
    SeenSeqsCodec.forEach(packed, seq -> fed[n[0]++] = seq);
    assertThat(n[0]).isEqualTo(seqs.length);
    assertThat(fed).isEqualTo(seqs);
    return packed;
  }

  /** Distinct seqs with gaps drawn from a mix of scales, sorted, none negative. */
  private static long[] randomSet(SplittableRandom random, int size) {
    int scale = random.nextInt(4);
    long[] seqs = new long[size];
    long seq = random.nextBoolean() ? -1 : random.nextLong(1L << 50);
    int filled = 0;
    for (; filled < size; filled++) {
      long room = Long.MAX_VALUE - seq;
      if (room < 1) {
        break;
      }
      long gap =
          switch (scale) {
            case 0 -> 1 + random.nextInt(3);
            case 1 -> 1 + random.nextInt(200);
            case 2 -> 1 + random.nextLong(1L << 35);
            default -> 1 + random.nextLong(Math.max(1, room / Math.max(1, size - filled)));
          };
      if (gap > room) {
        break;
      }
      seq += gap;
      seqs[filled] = seq;
    }
    return Arrays.copyOf(seqs, filled);
  }
}
