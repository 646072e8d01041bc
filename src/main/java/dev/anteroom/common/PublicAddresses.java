package dev.anteroom.common;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a server may be asked to call (callbacks, webhooks): only public unicast ones.
 * Refused, with the reason: loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16),
 * link-local (169.254/16, which holds cloud metadata at 169.254.169.254; fe80::/10), unique-local
 * (fc00::/7), multicast, unspecified (0.0.0.0/8, ::), carrier-grade NAT (100.64/10: shared address
 * space, not reachable from the internet), and the IPv6 forms that embed an IPv4 address
 * (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16),
 * which are judged by the address they embed.
 */
public final class PublicAddresses {

  private PublicAddresses() {}

  /** Why the address is refused, or empty if it is a public address. */
  public static Optional<String> refusal(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return refusalV4(bytes);
    }
    return refusalV6(bytes);
  }

  private static Optional<String> refusalV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 0) {
      return Optional.of("unspecified");
    }
    if (a0 == 127) {
      return Optional.of("loopback");
    }
    if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local");
    }
    if (a0 == 100 && a1 >= 64 && a1 <= 127) {
      return Optional.of("carrier-grade NAT");
    }
    if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      return Optional.of("benchmarking"); // 198.18/15, used inside some networks
    }
    int a2 = b[2] & 0xff;
    if (a0 == 192 && a1 == 0 && a2 == 0) {
      return Optional.of("reserved"); // 192.0.0/24, IETF protocol assignments
    }
    if (a0 >= 224 && a0 <= 239) {
      return Optional.of("multicast");
    }
    if (a0 >= 240) {
      return Optional.of("reserved");
    }
    return Optional.empty();
  }

  private static Optional<String> refusalV6(byte[] b) {
    boolean firstTenZero = true;
    for (int i = 0; i < 10; i++) {
      firstTenZero &= b[i] == 0;
    }
    int b10 = b[10] & 0xff;
    int b11 = b[11] & 0xff;
    if (firstTenZero && b10 == 0xff && b11 == 0xff) {
      return embedded(b, 12); // ::ffff:a.b.c.d
    }
    if (firstTenZero && b10 == 0 && b11 == 0) {
      boolean lastFourZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
      if (lastFourZero && b[15] == 0) {
        return Optional.of("unspecified");
      }
      if (lastFourZero && b[15] == 1) {
        return Optional.of("loopback");
      }
      return embedded(b, 12); // ::a.b.c.d, IPv4-compatible
    }
    boolean firstEightZero = true;
    for (int i = 0; i < 8; i++) {
      firstEightZero &= b[i] == 0;
    }
    if (firstEightZero && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b10 == 0 && b11 == 0) {
      return embedded(b, 12); // ::ffff:0:a.b.c.d, IPv4-translated
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0xff) {
      return Optional.of("multicast");
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return Optional.of("link-local");
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return Optional.of("site-local");
    }
    if ((first & 0xfe) == 0xfc) {
      return Optional.of("unique-local");
    }
    if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      if (b[4] == 0 && b[5] == 1) {
        return Optional.of("local-use NAT64"); // 64:ff9b:1::/48: translates to private networks
      }
      return embedded(b, 12); // 64:ff9b::/96, NAT64
    }
    if (first == 0x20 && second == 0x02) {
      return embedded(b, 2); // 2002::/16, 6to4
    }
    return Optional.empty();
  }

  private static Optional<String> embedded(byte[] b, int at) {
    return refusalV4(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]})
        .map(reason -> reason + " (IPv4 embedded in IPv6)");
  }

  /** Whether {@link #refusal} refuses the address. */
  public static boolean isPublic(InetAddress address) {
    return refusal(address).isEmpty();
  }
}
