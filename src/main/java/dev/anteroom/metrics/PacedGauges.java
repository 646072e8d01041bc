package dev.anteroom.metrics;

import dev.anteroom.node.Pacing;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gauges of a queue that every node could read from its own copy or from the shared database
 * (how many wait, how many hold a pass, the configured and observed rates, the pending callbacks):
 * registered only on the node that paces the queue's application, so that a sum over the nodes
 * counts each queue once. A gauge given no value elsewhere would not do: Prometheus keeps the NaN,
 * and a sum with a NaN is NaN. {@link #refresh} registers a queue's gauges where its application is
 * paced and removes them where it no longer is (its series then end at the next scrape); it runs on
 * every change of a queue and, with several nodes, every {@link #EVERY}, well within the half
 * second by which a node stops trusting its lease before another node can take it.
 */
@Component
class PacedGauges
    implements QueueService.ChangeListener, SmartInitializingSingleton, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PacedGauges.class);
  static final Duration EVERY = Duration.ofMillis(200);

  private final MeterRegistry registry;
  private final QueueDirectory queues;
  private final Pacing pacing;
  private final List<Function<Queue, List<Meter>>> makers = new CopyOnWriteArrayList<>();
  private final Map<Long, List<Meter>> registered = new HashMap<>();
  private ScheduledExecutorService timer;
  private volatile boolean failing;

  PacedGauges(MeterRegistry registry, QueueDirectory queues, Pacing pacing) {
    this.registry = registry;
    this.queues = queues;
    this.pacing = pacing;
  }

  /** Adds the gauges {@code maker} registers for a queue; before the context is ready. */
  void add(Function<Queue, List<Meter>> maker) {
    makers.add(maker);
  }

  @Override
  public void afterSingletonsInstantiated() {
    queues.follow(this);
    refresh();
  }

  /** Registers or removes each queue's gauges as this node paces its application now or not. */
  synchronized void refresh() {
    Set<Long> live = new HashSet<>();
    for (Queue queue : queues.all()) {
      live.add(queue.id());
      sync(queue);
    }
    Set.copyOf(registered.keySet()).stream().filter(id -> !live.contains(id)).forEach(this::remove);
  }

  private void sync(Queue queue) {
    boolean paced = pacing.paces(queue.applicationId());
    if (paced && !registered.containsKey(queue.id())) {
      List<Meter> meters = new ArrayList<>();
      makers.forEach(maker -> meters.addAll(maker.apply(queue)));
      registered.put(queue.id(), meters);
    } else if (!paced && registered.containsKey(queue.id())) {
      remove(queue.id());
    }
  }

  /** The queues whose gauges this node reports now. */
  synchronized Set<Long> reported() {
    return Set.copyOf(registered.keySet());
  }

  private void remove(long queueId) {
    registered.remove(queueId).forEach(registry::remove);
  }

  @Override
  public synchronized void queueChanged(Queue queue) {
    sync(queue);
  }

  @Override
  public synchronized void queueDeleted(long queueId) {
    if (registered.containsKey(queueId)) {
      remove(queueId);
    }
  }

  /** Alone with its database a node paces everything: the changes of the queues suffice. */
  @Override
  public synchronized void start() {
    if (pacing == Pacing.EVERYTHING) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("anteroom-paced-gauges").daemon().unstarted(r));
    timer.scheduleWithFixedDelay(this::refreshSafely, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refreshSafely() {
    try {
      refresh();
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("could not bring the queue gauges in line with pacing: {}", e.toString());
      }
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
