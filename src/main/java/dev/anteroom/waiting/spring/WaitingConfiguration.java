package dev.anteroom.waiting.spring;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.SecretMaterial;
import dev.anteroom.node.ApplicationOwners;
import dev.anteroom.node.NodeLease;
import dev.anteroom.node.Pacing;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import dev.anteroom.queue.QueueStore;
import dev.anteroom.tenant.ApplicationService;
import dev.anteroom.tenant.ApplicationStore;
import dev.anteroom.tenant.VisitorSigningKeys;
import dev.anteroom.waiting.Gate;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.PassIssuer;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.PaceFence;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import dev.anteroom.waiting.store.WaitingLineStore;
import dev.anteroom.waiting.store.jdbc.JdbcLineLog;
import dev.anteroom.waiting.store.jdbc.JdbcVisitorJournal;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the waiting room to the embedded line store over the JDBC journal. */
@Configuration(proxyBeanMethods = false)
class WaitingConfiguration {

  @Bean
  QueueDirectory queueDirectory(
      QueueStore queues,
      ApplicationStore applications,
      QueueService service,
      ApplicationService applicationService) {
    QueueDirectory directory = new QueueDirectory(queues::all, applications::all);
    service.addListener(directory);
    applicationService.addListener(directory);
    directory.refresh();
    return directory;
  }

  /**
   * The embedded store; the changes of queues that send callbacks write their events to the outbox
   * in the same transaction. {@code anteroom.joins.inbox-capacity} joins may wait for their commit
   * at once (more are refused with 503 at once); a join not taken for a commit within {@code
   * anteroom.joins.deadline} is refused and never written.
   */
  @Bean(destroyMethod = "close")
  WaitingLineStore waitingLineStore(
      JdbcTemplate jdbc,
      JdbcClient client,
      TransactionTemplate transactions,
      SecretMaterial secret,
      Clock clock,
      QueueDirectory queues,
      Pacing pacing,
      @Value("${anteroom.cluster.enabled:false}") boolean cluster,
      @Value("${anteroom.joins.inbox-capacity:10000}") int inboxCapacity,
      @Value("${anteroom.joins.deadline:5s}") Duration deadline) {
    // With several nodes every change is logged for the others to follow, and each pacing decision
    // commits only under this node's lease on the queue's application.
    JdbcLineLog log = cluster ? new JdbcLineLog(jdbc, client, transactions) : null;
    PaceFence fence =
        pacing instanceof ApplicationOwners owners
            ? queueId ->
                owners.fence(
                    queues
                        .find(queueId)
                        .orElseThrow(() -> new NotFoundException("queue " + queueId + " is gone"))
                        .applicationId())
            : PaceFence.NONE;
    return new EmbeddedLineStore(
        new JdbcVisitorJournal(jdbc, client, transactions, log, fence),
        new VisitorKeyHasher(secret.derive("visitor-key")),
        clock,
        inboxCapacity,
        deadline,
        new QueueEventSubscriptions(queues),
        log);
  }

  /** Rebuilds every line from the journal before the node reports itself started. */
  @Bean
  SmartInitializingSingleton openLines(QueueDirectory queues, WaitingLineStore store) {
    return () -> queues.all().forEach(queue -> store.open(queue.id(), queue.shuffle()));
  }

  @Bean
  VisitorTokens visitorTokens(SecretMaterial secret) {
    return new VisitorTokens(secret.derive("queue-token"));
  }

  @Bean
  LineMeters lineMeters() {
    return new LineMeters();
  }

  @Bean
  WaitingRoom waitingRoom(
      QueueDirectory queues,
      WaitingLineStore store,
      VisitorTokens tokens,
      Gate gate,
      PassIssuer passes,
      VisitorSigningKeys visitorKeys,
      NodeLease lease,
      LineMeters meters,
      Clock clock) {
    return new WaitingRoom(queues, store, tokens, gate, passes, visitorKeys, lease, meters, clock);
  }
}
