package dev.anteroom.queue.spring;

import dev.anteroom.queue.QueueService;
import dev.anteroom.queue.QueueStore;
import dev.anteroom.queue.jdbc.JdbcQueueStore;
import dev.anteroom.tenant.ApplicationStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the queue core to its JDBC store. */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Bean
  QueueStore queueStore(JdbcClient jdbc) {
    return new JdbcQueueStore(jdbc);
  }

  @Bean
  QueueService queueService(QueueStore store, ApplicationStore applications, Clock clock) {
    return new QueueService(store, applications, clock);
  }
}
