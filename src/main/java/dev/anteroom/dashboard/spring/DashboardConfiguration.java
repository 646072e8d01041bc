package dev.anteroom.dashboard.spring;

import dev.anteroom.alert.AlertService;
import dev.anteroom.callback.CallbackOutcomes;
import dev.anteroom.dashboard.AggregateStore;
import dev.anteroom.dashboard.Analytics;
import dev.anteroom.dashboard.MinuteFlusher;
import dev.anteroom.dashboard.QueueStats;
import dev.anteroom.dashboard.Summary;
import dev.anteroom.dashboard.jdbc.JdbcAggregateStore;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.tenant.ApplicationStore;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.WaitingLineStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the dashboard: the aggregate rows, the flusher fed by the release engine (which also feeds
 * the {@code queue_wait_seconds} histogram), the analytics, and, unless switched off ({@code
 * anteroom.dashboard.loop-enabled=false}), the loop that flushes every {@code
 * anteroom.dashboard.flush-interval} (10 s by default) on every node.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

  @Bean
  AggregateStore aggregateStore(JdbcClient jdbc) {
    return new JdbcAggregateStore(jdbc);
  }

  @Bean
  MinuteFlusher minuteFlusher(
      QueueDirectory queues,
      WaitingLineStore lines,
      LineMeters meters,
      AggregateStore store,
      ReleaseEngine engine,
      MeterRegistry registry) {
    byte[] id = new byte[8];
    ThreadLocalRandom.current().nextBytes(id);
    MinuteFlusher flusher =
        new MinuteFlusher(queues, lines, meters, store, HexFormat.of().formatHex(id));
    WaitHistogram histogram = new WaitHistogram(registry, queues);
    queues.follow(histogram);
    // The queues already loaded have their series from the start, not from their first release.
    queues.all().forEach(histogram::queueChanged);
    engine.addListener(
        (queue, visitors) -> {
          flusher.released(queue.id(), visitors);
          histogram.record(queue, visitors);
        });
    return flusher;
  }

  @Bean
  Analytics analytics(AggregateStore store, QueueDirectory queues, Clock clock) {
    return new Analytics(store, queues, clock);
  }

  @Bean
  QueueStats queueStats(
      QueueDirectory queues,
      WaitingLineStore lines,
      ReleaseEngine engine,
      MinuteFlusher flusher,
      AggregateStore store,
      Clock clock) {
    return new QueueStats(queues, lines, engine, flusher, store, clock);
  }

  @Bean
  Summary dashboardSummary(
      ApplicationStore applications,
      QueueDirectory queues,
      WaitingLineStore lines,
      MinuteFlusher flusher,
      AggregateStore store,
      CallbackOutcomes callbacks,
      AlertService alerts,
      Clock clock) {
    return new Summary(applications, queues, lines, flusher, store, callbacks, alerts, clock);
  }

  @Bean
  @ConditionalOnProperty(name = "anteroom.dashboard.loop-enabled", matchIfMissing = true)
  FlushLoop dashboardFlushLoop(
      MinuteFlusher flusher,
      Clock clock,
      @Value("${anteroom.dashboard.flush-interval:10s}") Duration interval) {
    if (interval.isNegative()
        || interval.isZero()
        || interval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalStateException(
          "anteroom.dashboard.flush-interval must be between 1 ms and 1 minute, was " + interval);
    }
    return new FlushLoop(flusher, clock, interval.toMillis());
  }
}
