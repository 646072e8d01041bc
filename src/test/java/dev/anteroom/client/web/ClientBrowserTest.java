package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The waiting-room client in a real headless Chromium, embedded in a tenant's page on another
 * origin than Anteroom. The release engine is driven by {@code step}, never by waiting for it; the
 * browser is waited for with bounded explicit waits.
 */
class ClientBrowserTest {

  @Nested
  @OnH2
  class OnH2Database extends Scenarios {}

  abstract static class Scenarios extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);

    Browser browser;
    WebDriver driver;
    Tenant tenant;

    @BeforeEach
    void tenantAndBrowser() {
      browser = Browser.shared();
      driver = browser.driver;
      tenant = newTenant();
      Api.Answer changed =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("allowed_origins", List.of(browser.tenantOrigin())));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }

    @Test
    void a_visitor_joins_sees_the_place_fall_and_is_let_in_with_a_pass_verify_accepts() {
      long queue = pausedQueueWithVisitorsAhead(3);
      open(browser.tenantOrigin(), queue, "target=" + browser.tenantOrigin() + "/done");

      waitForState("paused");
      assertThat(position()).isEqualTo("4");

      resume(queue);
      for (int i = 0; i < 5 && newcomerPosition(queue) == 5; i++) {
        step(Duration.ofSeconds(1));
      }
      assertThat(newcomerPosition(queue)).as("someone ahead was let through").isBetween(2, 4);
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "the place to fall below 4; page: " + pageText())
          .until(d -> Integer.parseInt(position()) < 4);

      step(Duration.ofSeconds(30));
      new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/done?anteroom_pass="));
      String pass =
          URLDecoder.decode(
              URI.create(driver.getCurrentUrl()).getRawQuery().substring("anteroom_pass=".length()),
              StandardCharsets.UTF_8);
      Api.Answer verified =
          api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
      assertThat(verified.json().get("valid").asBoolean()).as(verified.toString()).isTrue();
      assertThat(verified.json().get("queue_id").asLong()).isEqualTo(queue);
    }

    @Test
    void a_refresh_keeps_the_place() {
      long queue = pausedQueueWithVisitorsAhead(2);
      open(browser.tenantOrigin(), queue, "");
      waitForState("paused");
      assertThat(position()).isEqualTo("3");

      driver.navigate().refresh();
      waitForState("paused");

      assertThat(position()).isEqualTo("3");
      Api.Answer newcomer =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(newcomer.json().get("position").asInt()).as("one place, not two").isEqualTo(4);
    }

    @Test
    void leaving_the_line_cancels_the_place_and_offers_to_join_again() {
      long queue = pausedQueueWithVisitorsAhead(1);
      open(browser.tenantOrigin(), queue, "");
      waitForState("paused");

      button("leave").click();
      waitForState("cancelled");
      Api.Answer newcomer =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(newcomer.json().get("position").asInt()).as("the place is gone").isEqualTo(2);

      button("rejoin").click();
      waitForState("paused");
      assertThat(position()).isEqualTo("3");
    }

    @Test
    void arabic_is_right_to_left_with_its_own_strings_and_numbers() {
      long queue = pausedQueueWithVisitorsAhead(2);
      open(browser.tenantOrigin(), queue, "lang=ar");
      waitForState("paused");

      WebElement root = driver.findElement(By.cssSelector(".anteroom"));
      assertThat(root.getAttribute("dir")).isEqualTo("rtl");
      assertThat(root.getAttribute("lang")).isEqualTo("ar");
      assertThat(position())
          .as("the place written the Arabic way, through Intl")
          .isEqualTo(
              ((org.openqa.selenium.JavascriptExecutor) driver)
                  .executeScript("return new Intl.NumberFormat('ar').format(3)"));
      assertThat(root.findElement(By.tagName("h2")).getText()).isEqualTo("أنت في الطابور");
    }

    @Test
    void the_dark_theme_applies_its_colours() {
      long queue = pausedQueueWithVisitorsAhead(0);
      open(browser.tenantOrigin(), queue, "theme=dark");
      waitForState("paused");

      WebElement root = driver.findElement(By.cssSelector(".anteroom"));
      assertThat(root.getAttribute("data-theme")).isEqualTo("dark");
      assertThat(root.getCssValue("background-color")).isEqualTo("rgba(22, 22, 26, 1)");
    }

    @Test
    void a_page_on_an_origin_the_application_does_not_list_is_refused() {
      long queue = pausedQueueWithVisitorsAhead(0);
      open(browser.otherOrigin(), queue, "");

      waitForState("refused");
      Api.Answer first = api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(first.json().get("position").asInt()).as("nobody joined").isEqualTo(1);
    }

    @Test
    void bad_parameters_show_what_is_wrong_instead_of_a_blank_page() {
      driver.get(
          browser.tenantOrigin()
              + "/page?src="
              + URLEncoder.encode(
                  api().base() + "/scripts/queue.js?queue=x&key=sk_oops", StandardCharsets.UTF_8));

      waitForState("config-error");
      assertThat(driver.findElement(By.cssSelector(".anteroom")).getText())
          .contains("not set up correctly")
          .contains("queue: a queue id")
          .contains("key: a publishable key");
    }

    private long pausedQueueWithVisitorsAhead(int ahead) {
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      Api.Answer paused = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause");
      assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
      for (int i = 0; i < ahead; i++) {
        Api.Answer joined =
            api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      }
      return queue;
    }

    /** The place a newcomer would get now (nothing stored). */
    private int newcomerPosition(long queue) {
      Api.Answer simulated =
          api()
              .withKey(tenant.secretKey())
              .post("/join", Map.of("queue_id", queue, "simulate", true));
      assertThat(simulated.status()).as(simulated.toString()).isEqualTo(200);
      return simulated.json().get("position").asInt();
    }

    private void resume(long queue) {
      Api.Answer resumed = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/resume");
      assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
    }

    private void open(String origin, long queue, String more) {
      String src =
          api().base()
              + "/scripts/queue.js?queue="
              + queue
              + "&key="
              + tenant.publishableKey()
              + (more.isEmpty() ? "" : "&" + more);
      driver.get(origin + "/page?src=" + URLEncoder.encode(src, StandardCharsets.UTF_8));
    }

    private void waitForState(String state) {
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "client state " + state + "; page: " + pageText())
          .until(
              ExpectedConditions.attributeToBe(By.cssSelector(".anteroom"), "data-state", state));
    }

    private String pageText() {
      try {
        return driver.getCurrentUrl()
            + " "
            + driver.findElement(By.tagName("body")).getAttribute("innerHTML");
      } catch (RuntimeException e) {
        return e.toString();
      }
    }

    private String position() {
      return driver.findElement(By.cssSelector("[data-anteroom=position]")).getText();
    }

    private WebElement button(String name) {
      return driver.findElement(By.cssSelector("button[data-anteroom=" + name + "]"));
    }
  }
}
