package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The waiting-room client audited by axe-core in the same headless Chromium as {@link
 * ClientBrowserTest}: no serious or critical violation in English light and Arabic dark. The run
 * also writes the screenshots the README shows (see {@link #SCREENSHOTS}).
 */
class ClientAxeTest {

  /**
   * Where the screenshots go: {@code target/screenshots} on every run (so a run leaves the checkout
   * clean: the pages show the seconds waited, which differ from run to run), or the folder {@code
   * -Danteroom.screenshots=docs/screenshots} names, to refresh the README's.
   */
  static final Path SCREENSHOTS =
      Path.of(System.getProperty("anteroom.screenshots", "target/screenshots"));

  @Nested
  @OnH2
  class OnH2Database extends Audits {}

  abstract static class Audits extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> BLOCKING = List.of("serious", "critical");

    Browser browser;
    ChromeDriver driver;
    Tenant tenant;

    @BeforeEach
    void tenantAndBrowser() {
      browser = Browser.shared();
      driver = (ChromeDriver) browser.driver;
      tenant = newTenant();
      Api.Answer changed =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("allowed_origins", List.of(browser.tenantOrigin())));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }

    @AfterEach
    void normalViewport() {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @Test
    void the_english_light_waiting_view_on_a_desktop_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(41);
      viewport(1280, 800, false);
      open(queue, "lang=en&theme=light");
      waitForState("waiting");

      assertNoSeriousViolations("English light, waiting");
      screenshot("waiting-en-light-desktop.png");
    }

    @Test
    void the_arabic_dark_waiting_view_on_a_phone_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(41);
      viewport(360, 740, true);
      open(queue, "lang=ar&theme=dark");
      waitForState("waiting");
      assertThat(driver.executeScript("return window.innerWidth")).isEqualTo(360L);

      assertNoSeriousViolations("Arabic dark, waiting");
      screenshot("waiting-ar-dark-phone.png");
    }

    @Test
    void the_english_dark_paused_view_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(2);
      Api.Answer paused = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause");
      assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
      open(queue, "lang=en&theme=dark");
      waitForState("paused");

      assertNoSeriousViolations("English dark, paused");
    }

    @Test
    void the_cancelled_view_in_both_languages_has_no_serious_violations() {
      for (String more : List.of("lang=en&theme=light", "lang=ar&theme=dark")) {
        long queue = queueWithVisitorsAhead(1);
        open(queue, more);
        waitForState("waiting");
        driver.findElement(By.cssSelector("button[data-anteroom=leave]")).click();
        waitForState("cancelled");

        assertNoSeriousViolations("cancelled, " + more);
      }
    }

    @Test
    void the_release_moment_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(0);
      viewport(1280, 800, false);
      open(queue, "lang=en&theme=light");
      waitForState("waiting");
      // The engine's first round only starts the queue's release budget; the next one lets in.
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(30));
      waitForState("released");

      assertNoSeriousViolations("English light, released");
      screenshot("released-en-light-desktop.png");
    }

    /** An open queue whose line stands still until the test steps the release engine. */
    private long queueWithVisitorsAhead(int ahead) {
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 10));
      for (int i = 0; i < ahead; i++) {
        Api.Answer joined =
            api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
        assertThat(joined.status()).as(joined.toString()).isIn(200, 201);
      }
      return queue;
    }

    private void assertNoSeriousViolations(String view) {
      Results results = new AxeBuilder().analyze(driver);
      assertThat(results.isErrored()).as("axe ran: %s", results.getErrorMessage()).isFalse();
      List<Rule> blocking =
          results.getViolations().stream().filter(r -> BLOCKING.contains(r.getImpact())).toList();
      assertThat(blocking).as("%s: %s", view, describe(blocking)).isEmpty();
      assertThat(results.getPasses()).as("axe checked something").isNotEmpty();
    }

    private static String describe(List<Rule> rules) {
      return rules.stream()
          .map(
              r ->
                  r.getId()
                      + " ("
                      + r.getImpact()
                      + "): "
                      + r.getHelp()
                      + " at "
                      + r.getNodes().stream()
                          .map(n -> String.valueOf(n.getTarget()))
                          .collect(Collectors.joining(", ")))
          .collect(Collectors.joining("\n", "\n", ""));
    }

    private void viewport(int width, int height, boolean mobile) {
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private void screenshot(String name) {
      try {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private void open(long queue, String more) {
      String src =
          api().base()
              + "/scripts/queue.js?queue="
              + queue
              + "&key="
              + tenant.publishableKey()
              + "&"
              + more;
      driver.get(
          browser.tenantOrigin() + "/page?src=" + URLEncoder.encode(src, StandardCharsets.UTF_8));
    }

    private void waitForState(String state) {
      WebDriver d = driver;
      new WebDriverWait(d, WAIT)
          .withMessage(
              () ->
                  "client state "
                      + state
                      + "; page: "
                      + d.findElement(By.tagName("body")).getAttribute("innerHTML"))
          .until(
              ExpectedConditions.attributeToBe(By.cssSelector(".anteroom"), "data-state", state));
    }
  }
}
