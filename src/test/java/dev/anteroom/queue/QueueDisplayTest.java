package dev.anteroom.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueDisplayTest {

  @Test
  void nothing_set_shows_the_queue_name_as_the_page_title() {
    QueueSettings settings = named("summer-sale");

    assertThat(settings.display()).isEqualTo(QueueDisplay.NONE);
    assertThat(settings.pageTitle()).isEqualTo("summer-sale");
    assertThat(settings.withDisplay(new QueueDisplay(null, " Summer sale ", null)).pageTitle())
        .isEqualTo("Summer sale");
  }

  @Test
  void a_logo_is_an_https_url_whose_origin_the_page_can_allow() {
    QueueDisplay display =
        new QueueDisplay("https://CDN.shop.example:8443/brand/logo.svg?v=2", null, null);

    assertThat(display.logoUrl()).isEqualTo("https://CDN.shop.example:8443/brand/logo.svg?v=2");
    assertThat(display.logoOrigin()).isEqualTo("https://cdn.shop.example:8443");
    assertThat(new QueueDisplay("https://shop.example/l.png", null, null).logoOrigin())
        .isEqualTo("https://shop.example");
    assertThat(new QueueDisplay(null, null, null).logoOrigin()).isNull();
  }

  @Test
  void plain_http_is_for_loopback_hosts_only() {
    assertThat(new QueueDisplay("http://localhost:8080/logo.png", null, null).logoOrigin())
        .isEqualTo("http://localhost:8080");
    assertThat(new QueueDisplay("http://127.0.0.1:9000/logo.png", null, null).logoUrl())
        .isNotNull();
    assertLogoRefused("http://shop.example/logo.png", "must be an absolute https URL");
    assertLogoRefused("http://localhost.shop.example/logo.png", "must be an absolute https URL");
  }

  @Test
  void other_logo_urls_are_refused_with_the_reason() {
    for (String url :
        List.of("javascript:alert(1)", "data:image/png;base64,AAAA", "/logo.png", "ftp://x/l")) {
      assertLogoRefused(url, "must be an absolute https URL");
    }
    assertLogoRefused("https://user:pw@shop.example/l.png", "user info");
    assertLogoRefused("https://[2001:db8::1]/l.png", "IPv6");
    assertLogoRefused("https://shop.example/a b.png", "not a valid URL");
    assertLogoRefused("https://shop.example/" + "x".repeat(2000), "at most 2000 characters");
  }

  @Test
  void the_title_is_short_plain_text_and_the_message_keeps_its_lines() {
    assertThat(new QueueDisplay(null, "t".repeat(120), null).title()).hasSize(120);
    assertThatThrownBy(() -> new QueueDisplay(null, "t".repeat(121), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("title must be at most 120 characters long");
    assertThatThrownBy(() -> new QueueDisplay(null, "two\nlines", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("title must not contain control characters");

    QueueDisplay display = new QueueDisplay(null, null, "Doors open at 9.\r\n<b>Be kind</b>");
    assertThat(display.message()).isEqualTo("Doors open at 9.\n<b>Be kind</b>");
    assertThatThrownBy(() -> new QueueDisplay(null, null, "m".repeat(2001)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("message");
  }

  private static void assertLogoRefused(String url, String reason) {
    assertThatThrownBy(() -> new QueueDisplay(url, null, null))
        .as(url)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(reason)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("logo_url");
  }

  /** Settings with a name and every default. */
  private static QueueSettings named(String name) {
    return QueueSettings.of(
        name, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
