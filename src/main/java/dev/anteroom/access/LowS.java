package dev.anteroom.access;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * ECDSA signatures in their one canonical form. For every signature (R, S) over P-256, (R, n - S)
 * is another valid signature of the same text, so a pass could be re-spelled without the signing
 * key, and origins that de-duplicate passes by their text would count it twice. Like Bitcoin (BIP
 * 62) we accept only S at most n/2, and since Java's ECDSA picks either half, {@link #normalize}
 * flips S on signing. Signatures are JWS's 64-byte {@code R || S}, big-endian.
 */
final class LowS {

  /** The order n of the P-256 group (SEC 2, secp256r1). */
  static final BigInteger ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private static final BigInteger HALF_ORDER = ORDER.shiftRight(1);
  private static final int HALF = 32;

  private LowS() {}

  /** Whether R and S are in range and S is in the lower half: the one form passes are issued in. */
  static boolean isCanonical(byte[] signature) {
    if (signature.length != 2 * HALF) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, HALF));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, HALF, 2 * HALF));
    return r.signum() > 0
        && r.compareTo(ORDER) < 0
        && s.signum() > 0
        && s.compareTo(HALF_ORDER) <= 0;
  }

  /** The same signature with S replaced by n - S when S is in the upper half. */
  static byte[] normalize(byte[] signature) {
    if (signature.length != 2 * HALF) {
      throw new IllegalArgumentException(
          "an ES256 signature has 64 bytes, not " + signature.length);
    }
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, HALF, 2 * HALF));
    if (s.compareTo(HALF_ORDER) <= 0) {
      return signature;
    }
    byte[] flipped = Arrays.copyOf(signature, signature.length);
    byte[] low = ORDER.subtract(s).toByteArray();
    Arrays.fill(flipped, HALF, 2 * HALF, (byte) 0);
    int length = Math.min(low.length, HALF);
    System.arraycopy(low, low.length - length, flipped, 2 * HALF - length, length);
    return flipped;
  }
}
