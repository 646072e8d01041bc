package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The poll's query string, read without the container's parameter map. */
class StatusEndpointTest {

  @Test
  void the_line_another_node_gave_is_read_and_anything_else_counts_as_none() {
    assertThat(StatusEndpoint.seenLine("token=abc&line=42")).isEqualTo(42);
    assertThat(StatusEndpoint.seenLine("line=7&token=abc")).isEqualTo(7);
    assertThat(StatusEndpoint.seenLine("token=abc")).isZero();
    assertThat(StatusEndpoint.seenLine(null)).isZero();
    assertThat(StatusEndpoint.seenLine("token=abc&line=")).isZero();
    assertThat(StatusEndpoint.seenLine("token=abc&line=-5")).isZero();
    assertThat(StatusEndpoint.seenLine("token=abc&line=4x2")).isZero();
    assertThat(StatusEndpoint.seenLine("token=abc&line=1234567890123456789")).isZero();
    assertThat(StatusEndpoint.seenLine("token=abc&line=123456789012345678"))
        .isEqualTo(123_456_789_012_345_678L);
  }

  @Test
  void the_token_is_found_wherever_it_stands() {
    assertThat(StatusEndpoint.token("line=3&token=a%2Bb")).isEqualTo("a+b");
    assertThat(StatusEndpoint.token("line=3")).isNull();
  }
}
