package dev.anteroom.waiting.web.stream;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes to the event streams five times a second on a thread of its own, apart from the release
 * loop: however many streams are open, and however slow their clients, releases keep their pace.
 * Switched off with the release loop in tests ({@code anteroom.release.loop-enabled=false}), which
 * call {@link StatusStreams#publish} themselves.
 */
@Component
@ConditionalOnProperty(name = "anteroom.release.loop-enabled", matchIfMissing = true)
class StreamPublisher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StreamPublisher.class);
  static final Duration EVERY = Duration.ofMillis(200);

  private final StatusStreams streams;
  private ScheduledExecutorService executor;

  StreamPublisher(StatusStreams streams) {
    this.streams = streams;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("anteroom-streams").daemon().unstarted(runnable));
    executor.scheduleWithFixedDelay(this::publish, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void publish() {
    try {
      streams.publish();
    } catch (RuntimeException e) {
      log.error("publishing to event streams failed", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdown();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
