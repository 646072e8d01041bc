package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectedTargetsTest {

  @Test
  void each_kind_of_refused_path_is_named() {
    assertThat(RejectedTargets.describe("/queues/%zz")).contains("two hexadecimal digits");
    assertThat(RejectedTargets.describe("/queues/%")).contains("two hexadecimal digits");
    assertThat(RejectedTargets.describe("/queues/%00")).contains("NUL");
    assertThat(RejectedTargets.describe("/queues/..%2F..%2Fadmins")).contains("slashes");
    assertThat(RejectedTargets.describe("/queues/%5c")).contains("slashes");
    assertThat(RejectedTargets.describe("/queues/%ff")).contains("not UTF-8");
    assertThat(RejectedTargets.describe("/../../etc/passwd")).contains("'..'");
    assertThat(RejectedTargets.describe("/queues/{id}")).contains("must be percent-encoded");
    assertThat(RejectedTargets.describe("/queues?token={x}")).contains("query string");
  }

  @Test
  void without_a_target_the_request_line_is_blamed_and_nothing_is_echoed() {
    assertThat(RejectedTargets.describe(null)).isEqualTo(RejectedTargets.GENERIC);
    assertThat(RejectedTargets.describe("")).isEqualTo(RejectedTargets.GENERIC);
    assertThat(RejectedTargets.describe("/secret-looking/%zz")).doesNotContain("secret");
  }
}
