package dev.anteroom.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackUrlsTest {

  /** A resolver over a fixed table, so no test depends on real DNS. */
  private static CallbackUrls.Resolver dns(Map<String, String> table) {
    return host -> {
      String address = table.get(host);
      if (address == null) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByName(address)};
    };
  }

  private final CallbackUrls strict =
      new CallbackUrls(
          false,
          dns(
              Map.of(
                  "shop.example", "93.184.215.14",
                  "metadata.example", "169.254.169.254",
                  "inside.example", "10.0.0.7",
                  "127.0.0.1", "127.0.0.1",
                  "::1", "::1")));

  private static InvalidInputException refusal(CallbackUrls check, String url) {
    try {
      check.check("callback_url", url);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError(url + " was accepted");
  }

  @Test
  void a_public_https_url_passes_and_so_does_none() {
    assertThatCode(() -> strict.check("callback_url", "https://shop.example/hooks"))
        .doesNotThrowAnyException();
    assertThatCode(() -> strict.check("callback_url", null)).doesNotThrowAnyException();
  }

  @Test
  void urls_that_resolve_inward_are_refused_naming_the_field_and_the_reason() {
    assertThat(refusal(strict, "http://metadata.example/latest").getMessage())
        .contains("callback_url")
        .contains("link-local");
    assertThat(refusal(strict, "http://inside.example/").getMessage()).contains("private");
    assertThat(refusal(strict, "http://127.0.0.1:8080/").getMessage()).contains("loopback");
    assertThat(refusal(strict, "http://[::1]/").getMessage()).contains("loopback");
    assertThat(refusal(strict, "http://inside.example/").field()).isEqualTo("callback_url");
  }

  @Test
  void user_info_and_other_schemes_are_refused_even_when_private_targets_are_allowed() {
    CallbackUrls lenient = new CallbackUrls(true, dns(Map.of()));
    assertThat(refusal(lenient, "https://user:secret@shop.example/").getMessage())
        .contains("user info");
    assertThat(refusal(lenient, "ftp://shop.example/").getMessage()).contains("http");
    assertThatCode(() -> lenient.check("callback_url", "http://127.0.0.1:9/"))
        .doesNotThrowAnyException();
  }

  @Test
  void ports_outside_the_range_and_interface_zones_are_refused_whatever_the_targets_allowed() {
    CallbackUrls lenient = new CallbackUrls(true, dns(Map.of()));
    assertThat(refusal(lenient, "http://shop.example:99999/d").getMessage()).contains("1-65535");
    assertThat(refusal(lenient, "http://shop.example:0/d").getMessage()).contains("1-65535");
    assertThat(refusal(lenient, "http://[fe80::1%25eth0]/h").getMessage()).contains("zone");
    assertThat(refusal(strict, "http://[::1]/").getMessage()).contains("resolves to a loopback");
    assertThatCode(() -> lenient.check("callback_url", "https://shop.example:65535/"))
        .doesNotThrowAnyException();
  }

  @Test
  void a_host_that_does_not_resolve_yet_is_accepted_for_the_delivery_time_check() {
    assertThatCode(() -> strict.check("callback_url", "https://not-yet.example/"))
        .doesNotThrowAnyException();
  }

  @Test
  void the_form_only_check_resolves_nothing() {
    assertThatThrownBy(() -> CallbackUrls.FORM_ONLY.check("callback_url", "http://a:b@x.example/"))
        .isInstanceOf(InvalidInputException.class);
    assertThatCode(() -> CallbackUrls.FORM_ONLY.check("callback_url", "http://localhost/"))
        .doesNotThrowAnyException();
  }
}
