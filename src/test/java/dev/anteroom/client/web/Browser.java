package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Debian Chromium for the client's browser tests, and a tenant's web server on another
 * loopback port, so every page that embeds the client is on another origin than Anteroom and CORS
 * is real. Both live until the test JVM ends. Without Chromium the tests are skipped on a
 * developer's machine and fail in CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
final class Browser {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  private static Browser shared;

  final WebDriver driver;
  final HttpServer tenant;

  private Browser(WebDriver driver, HttpServer tenant) {
    this.driver = driver;
    this.tenant = tenant;
  }

  static synchronized Browser shared() {
    if (shared == null) {
      if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
        String why =
            "Chromium and its driver are needed: apt-get install -y chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) {
          fail(why);
        }
        Assumptions.abort(why);
      }
      shared = new Browser(chromium(), tenantServer());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    shared.driver.manage().window().setSize(new Dimension(1200, 900));
    return shared;
  }

  private static WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /**
   * {@code /page?src=<script URL>} answers a shop's page that embeds that script, with {@code
   * &head=<html>} in its head (the shop's own styles, or a test's stand-ins for browser APIs);
   * {@code /done} is where released visitors land.
   */
  private static HttpServer tenantServer() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String html;
            if (exchange.getRequestURI().getPath().equals("/page")) {
              String src = null;
              String head = "";
              for (String pair : query.split("&")) {
                String value =
                    URLDecoder.decode(
                        pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
                if (pair.startsWith("src=")) {
                  src = value;
                } else if (pair.startsWith("head=")) {
                  head = value;
                }
              }
              html =
                  "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      + "<title>Shop</title>"
                      + head
                      + "</head><body><main><h1>Summer sale</h1>"
                      + "<script src=\""
                      + src.replace("&", "&amp;").replace("\"", "&quot;")
                      + "\"></script></main></body></html>";
            } else {
              html =
                  "<!doctype html><html lang=\"en\"><head><title>Shop</title></head>"
                      + "<body><main><h1>Welcome in</h1></main></body></html>";
            }
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tenant's origin as the browser reaches it by name. */
  String tenantOrigin() {
    return "http://localhost:" + tenant.getAddress().getPort();
  }

  /** The same tenant server under another origin, which the application does not list. */
  String otherOrigin() {
    return "http://127.0.0.1:" + tenant.getAddress().getPort();
  }

  /**
   * Ends the driver and its browser, which this JVM started, by their process ids: a WebDriver
   * {@code quit()} in a shutdown hook can hang while the JVM's own threads are going away.
   */
  private void close() {
    tenant.stop(0);
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
