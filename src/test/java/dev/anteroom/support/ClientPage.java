package dev.anteroom.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The waiting-room client ({@code section.anteroom}) in whatever page a browser test's Chromium
 * shows: waits for its state, reads its place, sizes the viewport, audits the page with axe-core
 * and takes screenshots. A wait that fails says what the page showed, and what {@code notes} adds
 * (a page's own watch, say), so a failure on CI can be read without the browser.
 */
public final class ClientPage {

  /** How long a test waits for the page to follow what the server did. */
  public static final Duration WAIT = Duration.ofSeconds(15);

  /**
   * Where screenshots go: {@code target/screenshots} on every run (so a run leaves the checkout
   * clean: the pages show the seconds waited, which differ from run to run), or the folder {@code
   * -Danteroom.screenshots=docs/screenshots} names, to refresh the README's.
   */
  public static final Path SCREENSHOTS =
      Path.of(System.getProperty("anteroom.screenshots", "target/screenshots"));

  private static final List<String> BLOCKING = List.of("serious", "critical");

  private final ChromeDriver driver;
  private final Supplier<String> notes;

  public ClientPage(ChromeDriver driver) {
    this(driver, () -> "");
  }

  public ClientPage(ChromeDriver driver, Supplier<String> notes) {
    this.driver = driver;
    this.notes = notes;
  }

  public void waitForState(String state) {
    waitForState(state, WAIT);
  }

  public void waitForState(String state, Duration wait) {
    new WebDriverWait(driver, wait)
        .withMessage(() -> "client state " + state + "; page: " + text())
        .until(ExpectedConditions.attributeToBe(By.cssSelector(".anteroom"), "data-state", state));
  }

  /** The page's address and markup, for a failure's message. */
  public String text() {
    try {
      return driver.getCurrentUrl()
          + " "
          + driver.findElement(By.tagName("body")).getAttribute("innerHTML")
          + notes.get();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** The place the client shows. */
  public String position() {
    return driver.findElement(By.cssSelector("[data-anteroom=position]")).getText();
  }

  public void viewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  /** The browser's own window size again, after {@link #viewport}. */
  public void windowViewport() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** No serious or critical axe-core violation in the page; {@code view} names it in a failure. */
  public void assertNoSeriousViolations(String view) {
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

  /** Writes the page as it looks into {@link #SCREENSHOTS}. */
  public void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
