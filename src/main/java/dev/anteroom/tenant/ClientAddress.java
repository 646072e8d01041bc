package dev.anteroom.tenant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The key a client's allowance is counted under. An IPv4 address counts alone; an IPv6 address
 * counts with its whole /64, since one subscriber is routinely given a /64 and could otherwise take
 * a fresh allowance from each of its 2^64 addresses.
 */
public final class ClientAddress {

  private ClientAddress() {}

  public static String of(String remoteAddress) {
    if (remoteAddress == null || remoteAddress.indexOf(':') < 0) {
      return remoteAddress == null ? "" : remoteAddress;
    }
    try {
      // A literal address: parsed, never looked up.
      byte[] bytes = InetAddress.getByName(remoteAddress).getAddress();
      if (bytes.length != 16) {
        return remoteAddress;
      }
      return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    } catch (UnknownHostException notALiteral) {
      return remoteAddress;
    }
  }
}
