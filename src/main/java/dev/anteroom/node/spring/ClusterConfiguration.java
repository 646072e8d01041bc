package dev.anteroom.node.spring;

import dev.anteroom.node.ApplicationOwners;
import dev.anteroom.node.Pacing;
import dev.anteroom.node.jdbc.JdbcApplicationLeases;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who paces what: everything on a node alone with its database; with {@code CLUSTER_MODE=true}, the
 * applications whose lease this node holds, renewed by a {@link ClusterKeeper} that also follows
 * the lines' log.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  @Bean
  Pacing pacing(ClusterProperties cluster, JdbcTemplate jdbc, Clock clock) {
    if (!cluster.enabled()) {
      return Pacing.EVERYTHING;
    }
    return new ApplicationOwners(
        new JdbcApplicationLeases(jdbc, holder(), cluster.lease()),
        clock,
        cluster.lease(),
        cluster.renewEvery().dividedBy(2));
  }

  @Bean
  @ConditionalOnProperty(name = "anteroom.cluster.enabled", havingValue = "true")
  ClusterKeeper clusterKeeper(
      Pacing pacing, WaitingLineStore store, QueueDirectory queues, ClusterProperties cluster) {
    return new ClusterKeeper(
        (ApplicationOwners) pacing, (EmbeddedLineStore) store, queues, cluster);
  }

  /**
   * {@code lines} in {@code /health} and in readiness: DOWN while this node's copy of the lines may
   * trail the shared log by more than {@code anteroom.cluster.max-behind} (it lost the database, or
   * cannot keep up), so a load balancer sends polls to nodes that give current positions. A node
   * alone with its database is always UP: its lines are the record.
   */
  @Bean
  HealthIndicator linesHealthIndicator(
      WaitingLineStore store, ClusterProperties cluster, Clock clock) {
    return () -> {
      if (!(store instanceof EmbeddedLineStore lines) || !lines.isShared()) {
        return Health.up().build();
      }
      Duration behind = lines.behind(clock.instant());
      return behind != null && behind.compareTo(cluster.maxBehind()) <= 0
          ? Health.up().build()
          : Health.down().build();
    };
  }

  /**
   * Names this process in the lease rows: unique even when a restarted container reuses its pid.
   */
  private static String holder() {
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    String unique = UUID.randomUUID().toString().substring(0, 8);
    String name = host + " pid " + ProcessHandle.current().pid() + " " + unique;
    return name.length() <= 120 ? name : name.substring(name.length() - 120);
  }
}
