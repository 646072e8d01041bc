package dev.anteroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged Anteroom jar running in a child JVM, as an operator would run it: own working
 * directory, own environment, output to a log file. Killing it sends SIGKILL.
 */
public final class ChildServer implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
  private static final String[] INHERITED_SETTINGS = {
    "DB_URL",
    "DB_USER",
    "DB_PASSWORD",
    "SECRET_KEY",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "PORT",
    "ANTEROOM_PROFILE",
    "ANTEROOM_DATA_DIR",
    "ANTEROOM_METRICS_TOKEN",
    "WEBHOOK_URL",
    "SMTP_HOST",
    "REDIS_URL"
  };

  private final Process process;
  private final Path log;

  private ChildServer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The jar built by {@code ./mvnw verify}, as failsafe passes it. */
  public static Path jar() {
    String jar = System.getProperty("anteroom.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          "the packaged jar is missing (" + jar + "): run these tests with ./mvnw verify");
    }
    return Path.of(jar);
  }

  /** Starts the jar in {@code workDir} with exactly {@code env} as Anteroom's settings. */
  public static ChildServer start(Path workDir, Map<String, String> env) {
    try {
      Files.createDirectories(workDir);
      Path log = Files.createTempFile(workDir, "anteroom-", ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder =
          new ProcessBuilder(java, "-Xmx512m", "-jar", jar().toString())
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      for (String name : INHERITED_SETTINGS) {
        builder.environment().remove(name);
      }
      builder.environment().putAll(env);
      return new ChildServer(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the web server and answers its port. */
  public int awaitPort(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Matcher started = STARTED.matcher(output());
      if (started.find()) {
        return Integer.parseInt(started.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited early:\n" + output());
      }
      pause();
    }
    throw new IllegalStateException("the server did not start in " + timeout + ":\n" + output());
  }

  /** Waits for the process to end and answers its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the server did not exit:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  public static boolean portFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
