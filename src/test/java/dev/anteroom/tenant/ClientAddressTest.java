package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void an_ipv6_client_counts_with_its_whole_slash_64() {
    assertThat(ClientAddress.of("2001:db8:1:2:aaaa::1"))
        .isEqualTo(ClientAddress.of("2001:db8:1:2:ffff:ffff:ffff:fffe"))
        .isEqualTo("20010db800010002::/64");
    assertThat(ClientAddress.of("2001:db8:1:3::1"))
        .isNotEqualTo(ClientAddress.of("2001:db8:1:2::1"));
  }

  @Test
  void an_ipv4_client_counts_alone() {
    assertThat(ClientAddress.of("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(ClientAddress.of("192.0.2.8")).isNotEqualTo(ClientAddress.of("192.0.2.7"));
    assertThat(ClientAddress.of(null)).isEmpty();
  }
}
