package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.ClientPage;
import dev.anteroom.support.OnH2;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The waiting-room client audited by axe-core in the same headless Chromium as {@link
 * ClientBrowserTest}: no serious or critical violation in English light and Arabic dark. The run
 * also writes the screenshots the README shows (see {@link ClientPage#SCREENSHOTS}).
 */
class ClientAxeTest {

  @Nested
  @OnH2
  class OnH2Database extends Audits {}

  abstract static class Audits extends ApiTestBase {

    Browser browser;
    ChromeDriver driver;
    ClientPage page;
    Tenant tenant;

    @BeforeEach
    void tenantAndBrowser() {
      browser = Browser.shared();
      driver = (ChromeDriver) browser.driver;
      page = new ClientPage(driver);
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
      page.windowViewport();
    }

    @Test
    void the_english_light_waiting_view_on_a_desktop_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(41);
      page.viewport(1280, 800, false);
      open(queue, "lang=en&theme=light");
      page.waitForState("waiting");

      page.assertNoSeriousViolations("English light, waiting");
      page.screenshot("waiting-en-light-desktop.png");
    }

    @Test
    void the_arabic_dark_waiting_view_on_a_phone_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(41);
      page.viewport(360, 740, true);
      open(queue, "lang=ar&theme=dark");
      page.waitForState("waiting");
      assertThat(driver.executeScript("return window.innerWidth")).isEqualTo(360L);

      page.assertNoSeriousViolations("Arabic dark, waiting");
      page.screenshot("waiting-ar-dark-phone.png");
    }

    @Test
    void the_english_dark_paused_view_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(2);
      Api.Answer paused = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause");
      assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
      open(queue, "lang=en&theme=dark");
      page.waitForState("paused");

      page.assertNoSeriousViolations("English dark, paused");
    }

    @Test
    void the_cancelled_view_in_both_languages_has_no_serious_violations() {
      for (String more : List.of("lang=en&theme=light", "lang=ar&theme=dark")) {
        long queue = queueWithVisitorsAhead(1);
        open(queue, more);
        page.waitForState("waiting");
        driver.findElement(By.cssSelector("button[data-anteroom=leave]")).click();
        page.waitForState("cancelled");

        page.assertNoSeriousViolations("cancelled, " + more);
      }
    }

    @Test
    void the_release_moment_has_no_serious_violations() {
      long queue = queueWithVisitorsAhead(0);
      page.viewport(1280, 800, false);
      open(queue, "lang=en&theme=light");
      page.waitForState("waiting");
      // The engine's first round only starts the queue's release budget; the next one lets in.
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(30));
      page.waitForState("released");

      page.assertNoSeriousViolations("English light, released");
      page.screenshot("released-en-light-desktop.png");
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
  }
}
