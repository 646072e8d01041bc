package dev.anteroom.client.web;

import static dev.anteroom.support.ClientPage.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.ClientPage;
import dev.anteroom.support.OnH2;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hosted waiting page, {@code /wait/{queue_id}}, opened directly on Anteroom's origin in the
 * same headless Chromium as {@link ClientBrowserTest}. Every page watches for
 * Content-Security-Policy violations from its first instant (a script the DevTools protocol adds to
 * each new document, which the page's policy does not govern); each test asserts there were none,
 * and one shows that the watch does see a violation.
 *
 * <p>The page's calls carry Anteroom's own origin as their {@code Origin}, which is same-origin and
 * always allowed: the first scenario's tenant lists only its shop's origin, which a listed origin
 * makes strict even in the development profile.
 */
class WaitingPageBrowserTest {

  @Nested
  @OnH2
  class OnH2Database extends Scenarios {}

  abstract static class Scenarios extends ApiTestBase {

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
    private static final String WATCH =
        "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + "  window.__cspViolations.push(e.effectiveDirective + ' blocked '"
            + "    + (e.blockedURI || 'inline') + ' ' + (e.sample || ''));"
            + "});";
    private static final String LOGO =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\">"
            + "<rect width=\"120\" height=\"40\" rx=\"8\" fill=\"#0b57d0\"/></svg>";

    /** Serves the tenant's logo from another origin than Anteroom's. */
    private static HttpServer logoServer;

    Browser browser;
    ChromeDriver driver;
    ClientPage page;
    Tenant tenant;
    private String watch;

    @BeforeAll
    static void logoHost() throws IOException {
      logoServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      logoServer.createContext(
          "/logo.svg",
          exchange -> {
            byte[] bytes = LOGO.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "image/svg+xml");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      logoServer.start();
    }

    @AfterAll
    static void stopLogoHost() {
      logoServer.stop(0);
    }

    @BeforeEach
    void tenantAndBrowser() {
      browser = Browser.shared();
      driver = (ChromeDriver) browser.driver;
      page =
          new ClientPage(
              driver,
              () -> " violations: " + driver.executeScript("return window.__cspViolations"));
      tenant = newTenant();
      watch = addToEveryPage(WATCH);
    }

    @AfterEach
    void browserAsItWas() {
      // Leaves the page, so that its event stream does not hold up the server's graceful stop.
      driver.get("about:blank");
      driver.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", watch));
      page.windowViewport();
    }

    @Test
    void a_visitor_sees_the_queue_their_place_and_is_let_through_without_a_policy_violation() {
      Api.Answer restricted =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("allowed_origins", List.of(browser.tenantOrigin())));
      assertThat(restricted.status()).as(restricted.toString()).isEqualTo(200);
      String application =
          api().withKey(tenant.secretKey()).get("/applications/" + tenant.id()).text("name");
      long queue =
          pausedQueueWithVisitorsAhead(
              2,
              Map.of(
                  "logo_url", logoUrl(),
                  "title", "Summer sale <script>alert(1)</script>",
                  "message", "Doors open at 9.\nOne pair each."));

      open(queue, "target=" + URLEncoder.encode(browser.tenantOrigin() + "/done", UTF8));
      page.waitForState("paused");

      assertThat(driver.getCurrentUrl()).startsWith(api().base() + "/wait/");
      assertThat(driver.findElement(By.tagName("h1")).getText())
          .isEqualTo("Summer sale <script>alert(1)</script>");
      assertThat(driver.findElement(By.cssSelector(".page-message")).getText())
          .isEqualTo("Doors open at 9.\nOne pair each.");
      assertThat(driver.findElement(By.cssSelector(".page-app")).getText()).isEqualTo(application);
      assertThat(driver.executeScript("return document.querySelector('.page-logo').naturalWidth"))
          .as("the logo loaded from its own origin")
          .isEqualTo(120L);
      assertThat(page.position()).isEqualTo("3");
      assertThat(driver.findElement(By.cssSelector(".anteroom")).getCssValue("background-color"))
          .as("the client's styles apply under the policy")
          .isEqualTo("rgba(255, 255, 255, 1)");
      assertThat(driver.findElements(By.cssSelector("script"))).hasSize(1);
      assertNoPolicyViolation();

      resume(queue);
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(30));
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "the release to reach the target; page: " + page.text())
          .until(ExpectedConditions.urlContains("/done?anteroom_pass="));
      String pass =
          URLDecoder.decode(
              URI.create(driver.getCurrentUrl()).getRawQuery().substring("anteroom_pass=".length()),
              UTF8);
      Api.Answer verified =
          api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(verified.json().get("valid").asBoolean()).as(verified.toString()).isTrue();
      assertThat(verified.json().get("queue_id").asLong()).isEqualTo(queue);
    }

    @Test
    void arabic_dark_is_right_to_left_and_fits_a_320_px_phone() {
      long queue =
          pausedQueueWithVisitorsAhead(
              1,
              Map.of(
                  "logo_url", logoUrl(),
                  "title", "تخفيضات الصيف",
                  "message", "تفتح الأبواب في التاسعة. زوج واحد لكل زائر، من فضلك."));
      named("متجر الأحذية");
      page.viewport(320, 640, true);

      open(queue, "lang=ar&theme=dark");
      page.waitForState("paused");

      WebElement html = driver.findElement(By.tagName("html"));
      assertThat(html.getAttribute("lang")).isEqualTo("ar");
      assertThat(html.getAttribute("dir")).isEqualTo("rtl");
      WebElement client = driver.findElement(By.cssSelector(".anteroom"));
      assertThat(client.getAttribute("dir")).isEqualTo("rtl");
      assertThat(client.findElement(By.tagName("h2")).getText()).isEqualTo("أنت في الطابور");
      assertThat(driver.findElement(By.cssSelector(".page-app")).getText())
          .isEqualTo("متجر الأحذية");
      assertThat(html.getCssValue("background-color")).isEqualTo("rgba(14, 14, 17, 1)");
      assertThat(client.getCssValue("background-color")).isEqualTo("rgba(22, 22, 26, 1)");
      assertThat(driver.executeScript("return window.innerWidth")).isEqualTo(320L);
      assertThat(driver.executeScript("return document.documentElement.scrollWidth"))
          .as("nothing sticks out sideways")
          .isEqualTo(320L);
      assertThat(driver.findElement(By.tagName("h1")).getCssValue("direction"))
          .as("the tenant's Arabic title, dir=auto")
          .isEqualTo("rtl");
      assertNoPolicyViolation();
      page.screenshot("hosted-ar-dark-phone.png");

      // The watch itself: an inline style no hash allows must be reported.
      driver.executeScript(
          "var s = document.createElement('style'); s.textContent = 'h1{color:red}';"
              + " document.head.appendChild(s);");
      new WebDriverWait(driver, WAIT)
          .withMessage("the planted inline style to be reported")
          .until(d -> !violations().isEmpty());
      assertThat(violations()).anyMatch(v -> v.startsWith("style-src-elem blocked inline"));
    }

    @Test
    void without_constructed_stylesheets_the_clients_style_element_is_allowed_by_its_hash() {
      String noConstructedSheets =
          addToEveryPage(
              "CSSStyleSheet.prototype.replaceSync = function () {"
                  + " throw new Error('no constructed stylesheets here'); };");
      try {
        long queue = pausedQueueWithVisitorsAhead(0, Map.of());
        open(queue, "theme=light");
        page.waitForState("paused");

        assertThat(
                driver.executeScript(
                    "return Array.from(document.querySelectorAll('style'))"
                        + ".some(s => s.textContent.startsWith(\"/* The waiting-room client's\"))"))
            .as("the client fell back to a <style> element")
            .isEqualTo(true);
        assertThat(driver.findElement(By.cssSelector(".anteroom")).getCssValue("border-radius"))
            .isEqualTo("12px");
        assertNoPolicyViolation();
      } finally {
        driver.executeCdpCommand(
            "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", noConstructedSheets));
      }
    }

    @Test
    void the_english_light_page_on_a_desktop_has_no_serious_accessibility_violations() {
      long queue =
          pausedQueueWithVisitorsAhead(
              3,
              Map.of(
                  "logo_url", logoUrl(),
                  "title", "Summer sale",
                  "message", "Doors open at 9. One pair each, please."));
      named("Shoe shop");
      page.viewport(1280, 800, false);
      open(queue, "lang=en&theme=light");
      page.waitForState("paused");

      page.assertNoSeriousViolations("hosted page, English light");
      page.screenshot("hosted-en-light-desktop.png");
    }

    @Test
    void the_arabic_dark_page_on_a_phone_has_no_serious_accessibility_violations() {
      long queue =
          pausedQueueWithVisitorsAhead(
              3, Map.of("title", "تخفيضات الصيف", "message", "زوج واحد لكل زائر، من فضلك."));
      page.viewport(360, 740, true);
      open(queue, "lang=ar&theme=dark");
      page.waitForState("paused");

      page.assertNoSeriousViolations("hosted page, Arabic dark");
    }

    @Test
    void an_unknown_queue_is_a_plain_page_in_the_visitors_language() {
      open(987_654_321_987L, "lang=ar");

      assertThat(driver.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("غرفة الانتظار");
      assertThat(driver.findElement(By.tagName("body")).getText())
          .contains("غرفة الانتظار هذه غير موجودة");
      assertNoPolicyViolation();
    }

    private static String logoUrl() {
      return "http://localhost:" + logoServer.getAddress().getPort() + "/logo.svg";
    }

    private long pausedQueueWithVisitorsAhead(int ahead, Map<String, Object> display) {
      Map<String, Object> settings = new java.util.HashMap<>(display);
      settings.put("release_rate_per_minute", 60);
      long queue = newQueue(tenant, settings);
      Api.Answer paused = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause");
      assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
      for (int i = 0; i < ahead; i++) {
        Api.Answer joined =
            api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      }
      return queue;
    }

    /** Gives the tenant a name fit for the README's screenshots (names are unique: once each). */
    private void named(String name) {
      Api.Answer renamed = superAdmin().put("/applications/" + tenant.id(), Map.of("name", name));
      assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    }

    private void resume(long queue) {
      Api.Answer resumed = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/resume");
      assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
    }

    private void open(long queue, String more) {
      driver.get(
          api().base()
              + "/wait/"
              + queue
              + "?key="
              + tenant.publishableKey()
              + (more.isEmpty() ? "" : "&" + more));
    }

    /** Runs {@code source} in every new document before its own scripts; returns its id. */
    private String addToEveryPage(String source) {
      return (String)
          driver
              .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source))
              .get("identifier");
    }

    @SuppressWarnings("unchecked")
    private List<String> violations() {
      Object found = driver.executeScript("return window.__cspViolations || null");
      assertThat(found).as("the watch ran in this page").isNotNull();
      return (List<String>) found;
    }

    private void assertNoPolicyViolation() {
      assertThat(violations()).as("Content-Security-Policy violations").isEmpty();
    }
  }
}
