package dev.anteroom.config;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /health} says about the database: {@code db}, whether a connection can be had (in
 * place of Spring's own, which logs a warning on every failing check), and {@code dbWrite}, whether
 * a write actually commits. Either one DOWN makes {@code /health} answer 503.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfiguration {

  @Bean
  HealthIndicator dbHealthIndicator(DataSource dataSource) {
    return new DatabaseConnectionHealth(dataSource);
  }

  @Bean
  HealthIndicator dbWriteHealthIndicator(DataSource dataSource, Clock clock) {
    return new DatabaseWriteHealth(dataSource, clock, Duration.ofSeconds(1));
  }
}
