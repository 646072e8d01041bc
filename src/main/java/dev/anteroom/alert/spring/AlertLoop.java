package dev.anteroom.alert.spring;

import dev.anteroom.alert.AlertDispatcher;
import dev.anteroom.alert.AlertEvaluator;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the evaluator every {@code anteroom.alerts.interval} and, every second, starts the sending
 * of alert messages whose retry is due, both on a thread of their own so that neither ever waits
 * on, or holds up, the release engine or a request. Tests switch it off ({@code
 * anteroom.alerts.loop-enabled=false}) and call {@link AlertEvaluator#evaluate} themselves.
 */
final class AlertLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AlertLoop.class);

  private final AlertEvaluator evaluator;
  private final AlertDispatcher dispatcher;
  private final Clock clock;
  private final long intervalMillis;
  private ScheduledExecutorService ticker;

  AlertLoop(
      AlertEvaluator evaluator, AlertDispatcher dispatcher, Clock clock, long intervalMillis) {
    this.evaluator = evaluator;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public synchronized void start() {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("anteroom-alerts").daemon().unstarted(runnable));
    ticker.scheduleWithFixedDelay(
        this::evaluate, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    ticker.scheduleWithFixedDelay(dispatcher::kick, 1, 1, TimeUnit.SECONDS);
  }

  private void evaluate() {
    try {
      evaluator.evaluate(clock.instant());
    } catch (RuntimeException e) {
      log.error("alert evaluation failed", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return ticker != null;
  }
}
