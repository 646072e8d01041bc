package dev.anteroom.client.web;

import static dev.anteroom.support.ClientPage.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.ClientPage;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.TcpProxy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The waiting-room client in a real headless Chromium, embedded in a tenant's page on another
 * origin than Anteroom. The release engine is driven by {@code step}, never by waiting for it; the
 * browser is waited for with bounded explicit waits. Where Anteroom must go away and come back, the
 * page reaches it through a loopback {@link TcpProxy} that the test cuts and restores.
 */
class ClientBrowserTest {

  @Nested
  @OnH2
  class OnH2Database extends Scenarios {}

  abstract static class Scenarios extends ApiTestBase {

    /** Keeps the code of every anteroom:error event in window.__errorCodes. */
    private static final String RECORD_ERRORS =
        "<script>window.__errorCodes = []; document.addEventListener('anteroom:error',"
            + " function (e) { window.__errorCodes.push(e.detail.code); });</script>";

    /**
     * Keeps the opens_in_seconds of every status the client hears (its answers and its stream's
     * events) in window.__heard, -1 for a status of an open queue.
     */
    private static final String RECORD_STATUSES =
        "<script>window.__heard = []; document.addEventListener('anteroom:status',"
            + " function (e) { var s = e.detail.opens_in_seconds;"
            + " window.__heard.push(s == null ? -1 : s); });</script>";

    /**
     * Long enough for any one retry of the client's backoff (at most 60 s, less here, where the
     * outages last seconds).
     */
    private static final Duration RECONNECT = Duration.ofSeconds(70);

    Browser browser;
    WebDriver driver;
    ClientPage page;
    Tenant tenant;

    @BeforeEach
    void tenantAndBrowser() {
      browser = Browser.shared();
      driver = browser.driver;
      page = new ClientPage((ChromeDriver) driver);
      tenant = newTenant();
      Api.Answer changed =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("allowed_origins", List.of(browser.tenantOrigin())));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }

    @AfterEach
    void desktopViewport() {
      page.windowViewport();
    }

    @Test
    void a_visitor_joins_sees_the_place_fall_and_is_let_in_with_a_pass_verify_accepts() {
      long queue = pausedQueueWithVisitorsAhead(3);
      open(browser.tenantOrigin(), queue, "target=" + browser.tenantOrigin() + "/done");

      page.waitForState("paused");
      long history = historyLength();
      assertThat(page.position()).isEqualTo("4");

      resume(queue);
      for (int i = 0; i < 5 && newcomerPosition(queue) == 5; i++) {
        step(Duration.ofSeconds(1));
      }
      assertThat(newcomerPosition(queue)).as("someone ahead was let through").isBetween(2, 4);
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "the place to fall below 4; page: " + page.text())
          .until(d -> Integer.parseInt(page.position()) < 4);

      step(Duration.ofSeconds(30));
      new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/done?anteroom_pass="));
      assertThat(historyLength())
          .as("the shop replaced the waiting page, so Back does not return to it")
          .isEqualTo(history);
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
      page.waitForState("paused");
      assertThat(page.position()).isEqualTo("3");

      driver.navigate().refresh();
      page.waitForState("paused");

      assertThat(page.position()).isEqualTo("3");
      Api.Answer newcomer =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(newcomer.json().get("position").asInt()).as("one place, not two").isEqualTo(4);
    }

    @Test
    void leaving_the_line_cancels_the_place_and_offers_to_join_again() {
      long queue = pausedQueueWithVisitorsAhead(1);
      open(browser.tenantOrigin(), queue, "");
      page.waitForState("paused");

      button("leave").click();
      page.waitForState("cancelled");
      Api.Answer newcomer =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(newcomer.json().get("position").asInt()).as("the place is gone").isEqualTo(2);

      button("rejoin").click();
      page.waitForState("paused");
      assertThat(page.position()).isEqualTo("3");
    }

    @Test
    void arabic_is_right_to_left_with_its_own_strings_and_numbers() {
      long queue = pausedQueueWithVisitorsAhead(2);
      open(browser.tenantOrigin(), queue, "lang=ar");
      page.waitForState("paused");

      WebElement root = driver.findElement(By.cssSelector(".anteroom"));
      assertThat(root.getAttribute("dir")).isEqualTo("rtl");
      assertThat(root.getAttribute("lang")).isEqualTo("ar");
      assertThat(page.position())
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
      page.waitForState("paused");

      WebElement root = driver.findElement(By.cssSelector(".anteroom"));
      assertThat(root.getAttribute("data-theme")).isEqualTo("dark");
      assertThat(root.getCssValue("background-color")).isEqualTo("rgba(22, 22, 26, 1)");
    }

    @Test
    void a_page_on_an_origin_the_application_does_not_list_is_refused() {
      long queue = pausedQueueWithVisitorsAhead(0);
      open(browser.otherOrigin(), api().base(), queue, "", RECORD_ERRORS);

      page.waitForState("refused");
      assertThat(errorCodes()).containsExactly("origin_not_allowed");
      Api.Answer first = api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(first.json().get("position").asInt()).as("nobody joined").isEqualTo(1);
    }

    @Test
    void a_kept_place_polled_after_its_origin_was_unlisted_is_refused_and_kept() {
      long queue = pausedQueueWithVisitorsAhead(1);
      open(browser.tenantOrigin(), api().base(), queue, "", RECORD_ERRORS);
      page.waitForState("paused");
      String token = keptToken(api().base(), queue);

      Api.Answer unlisted =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("allowed_origins", List.of("https://elsewhere.example")));
      assertThat(unlisted.status()).as(unlisted.toString()).isEqualTo(200);
      driver.navigate().refresh();

      page.waitForState("refused");
      assertThat(errorCodes()).containsExactly("origin_not_allowed");
      assertThat(keptToken(api().base(), queue)).as("the place is kept").isEqualTo(token);
      assertThat(newcomerPosition(queue)).as("still second in line, not left").isEqualTo(3);
    }

    @Test
    void a_tenants_accent_and_logo_on_anteroom_apply() {
      long queue = pausedQueueWithVisitorsAhead(0);
      String logo =
          "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10'"
              + " height='10'%3E%3C/svg%3E";
      open(
          browser.tenantOrigin(),
          api().base(),
          queue,
          "",
          "<style>.anteroom { --anteroom-accent: rgb(200, 0, 0); --anteroom-logo: url(\""
              + logo
              + "\"); }</style>");
      page.waitForState("paused");

      assertThat(button("leave").getCssValue("border-top-color"))
          .as("the shop's accent wins over the client's default")
          .isEqualTo("rgba(200, 0, 0, 1)");
      WebElement shownLogo = driver.findElement(By.cssSelector(".anteroom-logo"));
      assertThat(shownLogo.getAttribute("data-none")).as("the logo is shown").isNull();
      assertThat(shownLogo.isDisplayed()).isTrue();
      assertThat(shownLogo.getCssValue("background-image")).contains("data:image/svg+xml");
    }

    @Test
    void changes_of_state_are_said_in_the_live_region() {
      long queue = pausedQueueWithVisitorsAhead(1);
      open(browser.tenantOrigin(), queue, "");
      page.waitForState("paused");
      waitForSaid("The line is paused for a moment. You keep your place.");

      button("leave").click();
      page.waitForState("cancelled");
      waitForSaid("You have left the line.");
    }

    @Test
    void a_poll_answer_that_arrives_after_leaving_does_not_bring_the_line_back() {
      long queue = pausedQueueWithVisitorsAhead(1);
      // Polling only, and the first poll's answer held back until the test lets it through.
      String holdFirstPoll =
          "<script>window.EventSource = undefined; var realFetch = window.fetch;"
              + " window.fetch = function (url, init) {"
              + "  var answer = realFetch(url, init);"
              + "  if (String(url).indexOf('/queue_status') < 0 || window.__release) return answer;"
              + "  return new Promise(function (resolve, reject) {"
              + "    window.__release = function () { answer.then(resolve, reject); };"
              + "  });"
              + " };</script>";
      open(browser.tenantOrigin(), api().base(), queue, "poll=1", holdFirstPoll);
      page.waitForState("paused");
      new WebDriverWait(driver, WAIT)
          .withMessage("a poll to be held")
          .until(d -> script("return typeof window.__release === 'function'"));

      button("leave").click();
      page.waitForState("cancelled");
      Object after =
          ((JavascriptExecutor) driver)
              .executeAsyncScript(
                  "var done = arguments[arguments.length - 1]; window.__release();"
                      // Two poll intervals: time for the stale answer and a poll after it.
                      + " setTimeout(function () {"
                      + "   done(document.querySelector('.anteroom').getAttribute('data-state'));"
                      + " }, 2500);");

      assertThat(after).as("the state after the stale answer").isEqualTo("cancelled");
      assertThat(newcomerPosition(queue)).as("nobody joined again").isEqualTo(2);
    }

    @Test
    void after_a_stream_ends_the_first_poll_waits_a_random_delay_not_one_second_for_all() {
      long queue = pausedQueueWithVisitorsAhead(0);
      // A stream that fails at once, and the time from its failure to the next poll.
      String failingStream =
          "<script>window.EventSource = function () { var source = this;"
              + " this.close = function () {}; this.addEventListener = function () {};"
              + " setTimeout(function () {"
              + "   window.__failed = performance.now(); source.onerror && source.onerror();"
              + " }, 0); };"
              + " var realFetch = window.fetch; window.fetch = function (url, init) {"
              + "  if (window.__failed != null && window.__delay == null"
              + "      && String(url).indexOf('/queue_status') >= 0) {"
              + "    window.__delay = performance.now() - window.__failed;"
              + "  }"
              + "  return realFetch(url, init);"
              + " };</script>";
      List<Double> delays = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        open(browser.tenantOrigin(), api().base(), queue, "poll=3", failingStream);
        new WebDriverWait(driver, Duration.ofSeconds(10))
            .withMessage("a poll after the stream failed")
            .until(d -> script("return window.__delay != null"));
        delays.add(((Number) script("return window.__delay")).doubleValue());
      }

      assertThat(delays).as("at least a second, then spread").allMatch(d -> d >= 990);
      assertThat(
              delays.stream().mapToDouble(d -> d).max().orElseThrow()
                  - delays.stream().mapToDouble(d -> d).min().orElseThrow())
          .as("delays %s are spread, not one instant for every page", delays)
          .isGreaterThan(150);
    }

    @Test
    void bad_parameters_show_what_is_wrong_instead_of_a_blank_page() {
      driver.get(
          browser.tenantOrigin()
              + "/page?src="
              + URLEncoder.encode(
                  api().base() + "/scripts/queue.js?queue=x&key=sk_oops", StandardCharsets.UTF_8));

      page.waitForState("config-error");
      assertThat(driver.findElement(By.cssSelector(".anteroom")).getText())
          .contains("not set up correctly")
          .contains("queue: a queue id")
          .contains("key: a publishable key");
    }

    @Test
    void a_page_that_goes_quiet_past_the_idle_timeout_loses_the_place_and_may_join_again() {
      long queue =
          newQueue(tenant, Map.of("release_rate_per_minute", 60, "idle_timeout_seconds", 30));
      pause(queue);
      List<String> others = new ArrayList<>(joinFromServer(queue, 2));
      try (TcpProxy link = TcpProxy.to("127.0.0.1", port)) {
        String anteroom = "http://127.0.0.1:" + link.port();
        open(browser.tenantOrigin(), anteroom, queue, "");
        page.waitForState("paused");
        assertThat(page.position()).isEqualTo("3");
        String firstToken = keptToken(anteroom, queue);
        others.addAll(joinFromServer(queue, 1));

        link.refuseCounting();
        page.waitForState("reconnecting");
        // The line goes on while the page cannot reach it: the others keep polling, the page does
        // not, and the engine takes its place back once the idle timeout has passed.
        for (int i = 0; i < 20 && newcomerPosition(queue) == 5; i++) {
          step(Duration.ofSeconds(16));
          for (String token : others) {
            assertThat(api().get("/queue_status?token=" + token).text("status"))
                .isEqualTo("waiting");
          }
        }
        assertThat(newcomerPosition(queue))
            .as("the quiet page's place was taken back")
            .isEqualTo(4);

        link.restore();
        page.waitForState("expired", RECONNECT);
        assertThat(driver.findElement(By.cssSelector(".anteroom")).getText())
            .contains("inactive for too long");
        button("rejoin").click();
        page.waitForState("paused");
        assertThat(page.position()).as("a new place, at the back of the line").isEqualTo("4");
        assertThat(keptToken(anteroom, queue)).isNotEqualTo(firstToken);
      }
    }

    @Test
    void while_the_queue_is_paused_the_page_says_so_and_shows_the_wait_again_after() {
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 1));
      joinFromServer(queue, 3);
      open(browser.tenantOrigin(), queue, "");
      page.waitForState("waiting");
      assertThat(eta()).isNotBlank();

      pause(queue);
      step(Duration.ofSeconds(1));
      page.waitForState("paused");
      assertThat(driver.findElement(By.cssSelector(".anteroom")).getText())
          .contains("The line is paused for a moment")
          .contains("We can't estimate your wait right now");

      resume(queue);
      step(Duration.ofSeconds(1));
      page.waitForState("waiting");
      // The page, that is: the live region keeps what it last said.
      assertThat(driver.findElement(By.cssSelector("[data-anteroom=body]")).getText())
          .doesNotContain("The line is paused");
    }

    @Test
    void before_opening_the_page_counts_down_by_the_servers_clock_then_shows_the_place() {
      // The server's clock runs hours ahead of the browser's: the countdown must follow the server.
      clock.tick(Duration.ofHours(3));
      Instant opens = clock.instant().plus(Duration.ofMinutes(10));
      // Those ahead never poll: a long idle timeout keeps them in line through the wait.
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "release_rate_per_minute",
                  1,
                  "opens_at",
                  opens.toString(),
                  "idle_timeout_seconds",
                  3600));
      for (int i = 0; i < 3; i++) {
        Api.Answer ahead =
            api()
                .withKey(tenant.secretKey())
                .post("/join", Map.of("queue_id", queue, "priority", 5));
        assertThat(ahead.status()).as(ahead.toString()).isEqualTo(201);
      }
      open(browser.tenantOrigin(), api().base(), queue, "", RECORD_STATUSES);

      page.waitForState("not-open");
      assertThat(countdown()).isEqualTo("The line opens in 10 minutes");
      waitForTheStream();
      assertThat(driver.findElements(By.cssSelector("[data-anteroom=position]")))
          .as("no place to tell before the opening shuffle")
          .allSatisfy(e -> assertThat(e.isDisplayed()).isFalse());

      stepMinutes(4, opens);
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "the countdown to follow the server's clock; page: " + page.text())
          .until(d -> countdown().equals("The line opens in 6 minutes"));

      stepMinutes(6, opens);
      assertThat(clock.instant()).isEqualTo(opens);
      page.waitForState("waiting");
      assertThat(Integer.parseInt(page.position()))
          .as("behind the three with priority, less any let in at the opening")
          .isBetween(3, 4);
      assertThat(driver.findElement(By.cssSelector("[data-anteroom=countdown]")).isDisplayed())
          .isFalse();
    }

    @Test
    void when_the_queue_opens_by_the_servers_clock_alone_the_page_asks_and_shows_the_place() {
      // The server's clock runs hours ahead of the browser's, and by it the queue opens in 3 s.
      clock.tick(Duration.ofHours(3));
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "release_rate_per_minute",
                  1,
                  "opens_at",
                  clock.instant().plusSeconds(3).toString(),
                  "idle_timeout_seconds",
                  3600));
      for (int i = 0; i < 2; i++) {
        Api.Answer ahead =
            api()
                .withKey(tenant.secretKey())
                .post("/join", Map.of("queue_id", queue, "priority", 5));
        assertThat(ahead.status()).as(ahead.toString()).isEqualTo(201);
      }
      open(browser.tenantOrigin(), queue, "");
      page.waitForState("not-open");
      assertThat(countdown()).isEqualTo("The line opens in 3 seconds");

      // The engine opens the queue, as its loop would, and nothing is published to the page's
      // stream: the page must ask by itself when its countdown ends, not wait for an event.
      clock.tick(Duration.ofSeconds(3));
      engine.releaseDue();

      // The countdown's 3 s, the page's spread of up to 2 s and a second for the stream to speak
      // first, with room to spare; the stream alone would never say it.
      page.waitForState("waiting", Duration.ofSeconds(12));
      assertThat(Integer.parseInt(page.position()))
          .as("behind the two with priority, less any let in at the opening")
          .isBetween(2, 3);
    }

    @Test
    void when_anteroom_goes_away_the_page_says_so_backs_off_and_finds_the_place_again() {
      long queue = pausedQueueWithVisitorsAhead(2);
      try (TcpProxy link = TcpProxy.to("127.0.0.1", port)) {
        String anteroom = "http://127.0.0.1:" + link.port();
        open(browser.tenantOrigin(), anteroom, queue, "");
        page.waitForState("paused");
        assertThat(page.position()).isEqualTo("3");

        link.refuseCounting();
        page.waitForState("reconnecting");
        assertThat(driver.findElement(By.cssSelector(".anteroom")).getText())
            .contains("Reconnecting…")
            .contains("Trying again in");
        // Backing off from 1 s and doubling, the page tries at most five times in ten seconds;
        // one attempt a second would be ten, and a storm hundreds.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
          assertThat(link.refused())
              .as("connection attempts while Anteroom is away")
              .isLessThanOrEqualTo(6);
          sleepQuietly(Duration.ofMillis(100));
        }
        assertThat(link.refused()).as("the page keeps trying").isGreaterThanOrEqualTo(2);

        link.restore();
        page.waitForState("paused", RECONNECT);
        assertThat(page.position()).as("the same place, without a reload").isEqualTo("3");
      }
    }

    @Test
    void on_a_phone_360_px_wide_nothing_overflows_sideways() {
      ((ChromeDriver) driver)
          .executeCdpCommand(
              "Emulation.setDeviceMetricsOverride",
              Map.of("width", 360, "height", 740, "deviceScaleFactor", 2, "mobile", true));
      Instant opens = clock.instant().plus(Duration.ofHours(2));
      long scheduled = newQueue(tenant, Map.of("opens_at", opens.toString()));
      long running = newQueue(tenant, Map.of("release_rate_per_minute", 1));
      joinFromServer(running, 12);
      for (String lang : List.of("en", "ar")) {
        open(browser.tenantOrigin(), running, "lang=" + lang);
        page.waitForState("waiting");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.innerWidth"))
            .isEqualTo(360L);
        assertFitsTheScreen("waiting, " + lang);

        open(browser.tenantOrigin(), scheduled, "lang=" + lang);
        page.waitForState("not-open");
        assertFitsTheScreen("not open yet, " + lang);
      }
    }

    /**
     * Moves the engine a minute at a time towards {@code opens}, as its loop would: each round's
     * stream update counts as the page's poll, so the page never looks idle, as it would after one
     * leap of minutes. Each round's update reaches the page before the next round, as the loop's
     * events, a second apart at the least, would: rounds faster than the stream is written would
     * overflow its buffer of four events, and the server would end it as a client that stopped
     * reading, which no real minute does.
     */
    private void stepMinutes(int minutes, Instant opens) {
      for (int i = 0; i < minutes; i++) {
        step(Duration.ofMinutes(1));
        long left =
            clock.instant().isBefore(opens)
                ? Duration.between(clock.instant(), opens).toSeconds()
                : -1;
        new WebDriverWait(driver, WAIT)
            .withMessage(
                () -> "the page to hear " + left + "; heard " + script("return window.__heard"))
            .until(
                d ->
                    ((Number) script("return window.__heard[window.__heard.length - 1]"))
                            .longValue()
                        == left);
      }
    }

    /**
     * Waits for the first event of the page's stream (after the join's answer): a round stepped
     * while the server is still opening the stream could pass it by, and leave the page a round
     * behind.
     */
    private void waitForTheStream() {
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "the stream's first status; heard " + script("return window.__heard"))
          .until(d -> ((Number) script("return window.__heard.length")).intValue() >= 2);
    }

    private void assertFitsTheScreen(String view) {
      Object width =
          ((JavascriptExecutor) driver)
              .executeScript("return document.documentElement.scrollWidth");
      assertThat((Long) width)
          .as("%s: page width; page: %s", view, page.text())
          .isLessThanOrEqualTo(360L);
    }

    private static void sleepQuietly(Duration duration) {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private List<String> joinFromServer(long queue, int count) {
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Api.Answer joined =
            api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        tokens.add(joined.text("token"));
      }
      return tokens;
    }

    /** The queue token the client keeps in the page's storage. */
    private String keptToken(String anteroom, long queue) {
      Object kept =
          ((JavascriptExecutor) driver)
              .executeScript(
                  "var kept = JSON.parse(localStorage.getItem(arguments[0]) || 'null');"
                      + " return kept && kept.token;",
                  "anteroom:" + anteroom + ":" + queue);
      assertThat(kept).as("a kept token").isNotNull();
      return (String) kept;
    }

    private void pause(long queue) {
      Api.Answer paused = api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause");
      assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
    }

    private long pausedQueueWithVisitorsAhead(int ahead) {
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      pause(queue);
      joinFromServer(queue, ahead);
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
      open(origin, api().base(), queue, more);
    }

    /** The tenant's page on {@code origin}, with the client served from {@code anteroom}. */
    private void open(String origin, String anteroom, long queue, String more) {
      open(origin, anteroom, queue, more, "");
    }

    /** The same, with {@code head} in the page's head, ahead of the client. */
    private void open(String origin, String anteroom, long queue, String more, String head) {
      String src =
          anteroom
              + "/scripts/queue.js?queue="
              + queue
              + "&key="
              + tenant.publishableKey()
              + (more.isEmpty() ? "" : "&" + more);
      driver.get(
          origin
              + "/page?src="
              + URLEncoder.encode(src, StandardCharsets.UTF_8)
              + (head.isEmpty() ? "" : "&head=" + URLEncoder.encode(head, StandardCharsets.UTF_8)));
    }

    /** The codes of the client's anteroom:error events on this page. */
    @SuppressWarnings("unchecked")
    private List<Object> errorCodes() {
      return (List<Object>) script("return window.__errorCodes");
    }

    private Object script(String source) {
      return ((JavascriptExecutor) driver).executeScript(source);
    }

    private long historyLength() {
      return (Long) script("return history.length");
    }

    private void waitForSaid(String text) {
      new WebDriverWait(driver, WAIT)
          .withMessage(() -> "the live region to say " + text + "; page: " + page.text())
          .until(
              d ->
                  text.equals(
                      d.findElement(By.cssSelector("[aria-live=polite]"))
                          .getAttribute("textContent")));
    }

    private String eta() {
      return driver.findElement(By.cssSelector("[data-anteroom=eta]")).getText();
    }

    private String countdown() {
      return driver.findElement(By.cssSelector("[data-anteroom=countdown]")).getText();
    }

    private WebElement button(String name) {
      return driver.findElement(By.cssSelector("button[data-anteroom=" + name + "]"));
    }
  }
}
