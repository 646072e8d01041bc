package dev.anteroom.metrics;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.node.Pacing;
import dev.anteroom.queue.InMemoryQueueStore;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.support.GatedJournal;
import dev.anteroom.support.MutableClock;
import dev.anteroom.waiting.JoinRequests;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.StatusPolls;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes scraped as Prometheus scrapes them, each with its copy of the same line: a queue's
 * gauges come from the node pacing its application only, so their sum over the nodes is the line,
 * before and after the pacing moves; the counters are on both; no series is ever NaN.
 */
class QueueGaugesOnSeveralNodesTest {

  private static final long APPLICATION = 7;
  private static final List<String> GAUGES =
      List.of(
          "queue_size",
          "queue_active_users",
          "queue_release_rate_per_minute",
          "queue_observed_release_rate_per_minute",
          "queue_releasing");

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final InMemoryQueueStore queueStore = new InMemoryQueueStore();
  private final QueueDirectory directory = new QueueDirectory(queueStore::all, List::of);
  private final EmbeddedLineStore lines =
      new EmbeddedLineStore(new GatedJournal(), new VisitorKeyHasher(new byte[] {1}), clock);
  private final Queue queue = aQueue().ofApplication(APPLICATION).withRate(600).build();

  /** One node: its registry, its pacing, its metrics, over the shared line. */
  private final class Node {
    final Set<Long> paced = ConcurrentHashMap.newKeySet();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PacedGauges gauges;

    Node() {
      Pacing pacing = paced::contains;
      LineMeters meters = new LineMeters();
      gauges = new PacedGauges(registry, directory, pacing);
      QueueMetrics metrics =
          new QueueMetrics(
              registry,
              directory,
              lines,
              meters,
              new StatusPolls(new LongAdder()),
              new JoinRequests(),
              new ReleaseEngine(directory, lines, queueStore, meters, clock, new Random(1), pacing),
              gauges,
              clock);
      metrics.afterSingletonsInstantiated();
      gauges.afterSingletonsInstantiated();
    }

    PrometheusText scrape() {
      return PrometheusText.parse(registry.scrape());
    }
  }

  @AfterEach
  void close() {
    lines.close();
  }

  private static double sum(String name, long queueId, Node... nodes) {
    double sum = 0;
    for (Node node : nodes) {
      sum += node.scrape().of(name, queueId).stream().mapToDouble(s -> s.value()).sum();
    }
    return sum;
  }

  private static void assertNoNaN(Node node) {
    assertThat(node.scrape().samples()).noneMatch(s -> Double.isNaN(s.value()));
  }

  @Test
  void a_queues_gauges_come_from_the_node_that_paces_it_and_add_up_before_and_after_a_handover() {
    queueStore.put(queue);
    directory.refresh();
    lines.open(queue.id(), queue.shuffle());
    for (int i = 0; i < 5; i++) {
      lines.join(queue.id(), new NewVisitor(5, null, null, clock.instant(), null));
    }
    Node a = new Node();
    Node b = new Node();
    a.paced.add(APPLICATION);
    a.gauges.refresh();
    b.gauges.refresh();

    assertThat(sum("queue_size", queue.id(), a, b)).as("the line counted once").isEqualTo(5);
    assertThat(sum("queue_release_rate_per_minute", queue.id(), a, b)).isEqualTo(600);
    for (String gauge : GAUGES) {
      assertThat(a.scrape().of(gauge, queue.id())).as(gauge + " on a").hasSize(1);
      assertThat(b.scrape().of(gauge, queue.id())).as(gauge + " on b").isEmpty();
    }
    assertThat(b.scrape().of("queue_users_joined_total", queue.id()))
        .as("counters on every node")
        .hasSize(1);

    a.paced.remove(APPLICATION);
    b.paced.add(APPLICATION);
    a.gauges.refresh();
    b.gauges.refresh();

    assertThat(sum("queue_size", queue.id(), a, b)).isEqualTo(5);
    for (String gauge : GAUGES) {
      assertThat(a.scrape().of(gauge, queue.id())).as(gauge + " on a").isEmpty();
      assertThat(b.scrape().of(gauge, queue.id())).as(gauge + " on b").hasSize(1);
    }
    assertThat(a.scrape().of("queue_users_joined_total", queue.id())).hasSize(1);
    assertNoNaN(a);
    assertNoNaN(b);
  }

  @Test
  void a_deleted_queue_leaves_no_gauge_behind() {
    queueStore.put(queue);
    directory.refresh();
    Node a = new Node();
    a.paced.add(APPLICATION);
    a.gauges.refresh();
    assertThat(a.gauges.reported()).containsExactly(queue.id());

    queueStore.delete(queue.id(), clock.instant());
    directory.refresh();
    a.gauges.refresh();

    assertThat(a.gauges.reported()).isEmpty();
    assertThat(a.scrape().of("queue_size", queue.id())).isEmpty();
  }
}
