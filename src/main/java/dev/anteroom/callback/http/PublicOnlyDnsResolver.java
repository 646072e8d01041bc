package dev.anteroom.callback.http;

import dev.anteroom.common.PublicAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only name lookup: it resolves a host once and hands the client only the public
 * addresses among the answers, so the client connects to an address that was checked, and a DNS
 * answer that changes between a check and the connection (rebinding) cannot point it inward. IP
 * literals go through it too (the client never skips it). With {@code allowPrivate} every address
 * is allowed, for tests and private deployments.
 */
final class PublicOnlyDnsResolver implements DnsResolver {

  private final boolean allowPrivate;

  PublicOnlyDnsResolver(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** A host refused because every address it resolves to is refused. */
  static final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String message) {
      super(message);
    }
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(host);
    if (allowPrivate) {
      return all;
    }
    List<InetAddress> allowed = new ArrayList<>();
    String reason = null;
    for (InetAddress address : all) {
      Optional<String> refusal = PublicAddresses.refusal(address);
      if (refusal.isEmpty()) {
        allowed.add(address);
      } else if (reason == null) {
        reason = refusal.get();
      }
    }
    if (allowed.isEmpty()) {
      throw new RefusedAddressException(host + " resolves to a " + reason + " address");
    }
    return allowed.toArray(InetAddress[]::new);
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return resolve(host)[0].getCanonicalHostName();
  }
}
