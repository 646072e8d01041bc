package dev.anteroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.queue.QueueDisplay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitingPageTest {

  private static final String PAGE_CSS = "body{margin:0}";
  private static final String CLIENT_CSS = ".anteroom{color:red}";
  private static final Map<String, String> STRINGS =
      Map.of(
          "page_noscript", "Needs <JavaScript>",
          "page_error_title", "Waiting room",
          "page_not_found", "No such waiting room");

  private final WaitingPage pages = new WaitingPage(PAGE_CSS, CLIENT_CSS);

  @Test
  void tenant_text_is_escaped_wherever_it_goes() {
    String html =
        html(
            pages.page(
                content(
                    "Shop & <Co>",
                    "<script>alert('t')</script>",
                    new QueueDisplay(
                        "https://cdn.example/logo.png?a=1&b='x'",
                        null,
                        "Line one\n<img src=x onerror=alert(1)>"),
                    Map.of("key", "pk_abc", "target", "https://shop.example/in?a=1&b=\"2\""))));

    assertThat(html)
        .doesNotContain("<script>alert")
        .doesNotContain("<img src=x")
        .doesNotContain("<Co>")
        .contains("<h1 dir=\"auto\">&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h1>")
        .contains("<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; · Shop &amp; &lt;Co&gt;")
        .contains("Line one\n&lt;img src=x onerror=alert(1)&gt;</p>")
        .contains("src=\"https://cdn.example/logo.png?a=1&amp;b=&#39;x&#39;\" alt=\"\"")
        .contains("<noscript><p>Needs &lt;JavaScript&gt;</p></noscript>");
    assertThat(html.split("<script", -1)).as("exactly one script element").hasSize(2);
  }

  @Test
  void the_script_is_the_same_origin_client_with_the_pages_parameters() {
    String html =
        html(
            pages.page(
                content(
                    "Shop",
                    "Sale",
                    QueueDisplay.NONE,
                    Map.of(
                        "key", "pk_abc",
                        "theme", "dark",
                        "poll", "7",
                        "target", "https://shop.example/in?a=1&b=2"))));

    assertThat(html)
        .contains(
            "<script src=\"/scripts/queue.js?queue=42&amp;key=pk_abc&amp;lang=en&amp;theme=dark"
                + "&amp;poll=7&amp;target=https%3A%2F%2Fshop.example%2Fin%3Fa%3D1%26b%3D2\">"
                + "</script>")
        .contains("<html lang=\"en\" dir=\"ltr\" data-theme=\"dark\">")
        .doesNotContain("<img");
  }

  @Test
  void a_right_to_left_page_says_so_and_a_bad_theme_falls_back_to_auto() {
    String html =
        html(
            pages.page(
                new WaitingPage.Content(
                    42,
                    "Shop",
                    "Sale",
                    QueueDisplay.NONE,
                    new PageLanguage("ar", true),
                    Map.of("key", "pk_abc", "theme", "pink\"><script>"),
                    STRINGS)));

    assertThat(html).contains("<html lang=\"ar\" dir=\"rtl\" data-theme=\"auto\">");
    assertThat(html).contains("&amp;theme=pink%22%3E%3Cscript%3E\"");
  }

  @Test
  void the_policy_allows_the_own_origin_the_logos_and_the_two_stylesheets_by_hash() {
    WaitingPage.Rendered page =
        pages.page(
            content(
                "Shop",
                "Sale",
                new QueueDisplay("https://cdn.example:8443/l.svg", null, null),
                Map.of("key", "pk_abc")));

    assertThat(page.contentSecurityPolicy())
        .isEqualTo(
            "default-src 'none'; script-src 'self'; connect-src 'self';"
                + " img-src https://cdn.example:8443; style-src "
                + sha256(PAGE_CSS)
                + " "
                + sha256(CLIENT_CSS)
                + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(html(page)).contains("<style>" + PAGE_CSS + "</style>");
    assertThat(pages.pagePolicy(null))
        .contains("connect-src 'self'; style-src")
        .doesNotContain("img-src");
  }

  @Test
  void the_etag_follows_the_bytes() {
    WaitingPage.Rendered one = pages.page(content("Shop", "Sale", QueueDisplay.NONE, keyOnly()));
    WaitingPage.Rendered same = pages.page(content("Shop", "Sale", QueueDisplay.NONE, keyOnly()));
    WaitingPage.Rendered other = pages.page(content("Shop", "Sale!", QueueDisplay.NONE, keyOnly()));

    assertThat(one.etag()).isEqualTo(same.etag()).isNotEqualTo(other.etag());
  }

  @Test
  void an_error_page_has_no_script_and_a_policy_to_match() {
    WaitingPage.Rendered page =
        pages.error(
            new PageLanguage("en", false), "light", STRINGS, "page_not_found", "key: <pk_>");

    assertThat(html(page))
        .contains("<html lang=\"en\" dir=\"ltr\" data-theme=\"light\">")
        .contains("<h1>Waiting room</h1>\n<p>No such waiting room</p>")
        .contains("<p class=\"page-detail\" lang=\"en\" dir=\"ltr\">key: &lt;pk_&gt;</p>")
        .doesNotContain("<script");
    assertThat(page.contentSecurityPolicy())
        .isEqualTo(
            "default-src 'none'; style-src "
                + sha256(PAGE_CSS)
                + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  }

  @Test
  void a_stylesheet_that_could_close_its_element_is_refused() {
    assertThatThrownBy(() -> new WaitingPage("a{}</style><script>", CLIENT_CSS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, String> keyOnly() {
    return Map.of("key", "pk_abc");
  }

  private static WaitingPage.Content content(
      String application, String title, QueueDisplay display, Map<String, String> parameters) {
    return new WaitingPage.Content(
        42, application, title, display, new PageLanguage("en", false), parameters, STRINGS);
  }

  private static String html(WaitingPage.Rendered page) {
    return new String(page.bytes(), StandardCharsets.UTF_8);
  }

  private static String sha256(String text) throws RuntimeException {
    try {
      return "'sha256-"
          + Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)))
          + "'";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
