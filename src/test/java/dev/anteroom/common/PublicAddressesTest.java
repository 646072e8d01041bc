package dev.anteroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTest {

  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.255.254, loopback",
    "::1, loopback",
    "10.0.0.1, private",
    "10.255.255.255, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.1, private",
    "169.254.169.254, link-local",
    "169.254.0.1, link-local",
    "fe80::1, link-local",
    "febf::1, link-local",
    "fc00::1, unique-local",
    "fd12:3456::1, unique-local",
    "224.0.0.1, multicast",
    "239.255.255.250, multicast",
    "ff02::1, multicast",
    "0.0.0.0, unspecified",
    "0.1.2.3, unspecified",
    "::, unspecified",
    "100.64.0.1, carrier-grade NAT",
    "100.127.255.255, carrier-grade NAT",
    "255.255.255.255, reserved",
    "198.18.0.1, benchmarking",
    "198.19.255.255, benchmarking",
    "192.0.0.8, reserved",
    // IPv4-mapped and -compatible IPv6 forms are judged by the IPv4 address they carry.
    "::ffff:127.0.0.1, loopback",
    "::ffff:7f00:1, loopback",
    "::ffff:10.1.2.3, private",
    "::ffff:169.254.169.254, link-local",
    "::127.0.0.1, loopback",
    "::192.168.0.1, private",
    "64:ff9b::a9fe:a9fe, link-local",
    "2002:c0a8:0101::1, private",
    "2002:7f00:1::, loopback",
    "::ffff:0:a00:1, private",
    "::ffff:0:7f00:1, loopback",
    "64:ff9b:1::a00:1, local-use NAT64"
  })
  void refused_addresses_say_why(String literal, String reason) throws UnknownHostException {
    assertThat(PublicAddresses.refusal(address(literal))).get().asString().startsWith(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.169.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "169.253.0.1",
        "198.17.255.255",
        "198.20.0.1",
        "192.0.1.1",
        "2001:4860:4860::8888",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "2002:0808:0808::1"
      })
  void public_addresses_pass(String literal) throws UnknownHostException {
    assertThat(PublicAddresses.refusal(address(literal))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2130706433", "0x7f000001", "localhost"})
  void numeric_and_named_spellings_are_judged_by_what_they_resolve_to(String host) {
    // Whatever the resolver makes of these, it must never be a public address.
    try {
      for (InetAddress resolved : InetAddress.getAllByName(host)) {
        assertThat(PublicAddresses.isPublic(resolved)).as(host + " -> " + resolved).isFalse();
      }
    } catch (UnknownHostException unresolvable) {
      // An unresolvable spelling cannot be connected to either.
    }
  }
}
