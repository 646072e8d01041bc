package dev.anteroom.config;

import dev.anteroom.common.SecretMaterial;
import dev.anteroom.common.Transactions;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The few things every capability shares: the clock, the secret and transactions. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnteroomProperties.class)
class CoreConfiguration {

  /** The one time source; tests replace it with a clock they move by hand. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SecretMaterial secretMaterial(AnteroomProperties properties) {
    return SecretKeys.resolve(properties);
  }

  @Bean
  Transactions transactions(TransactionTemplate template) {
    return new Transactions() {
      @Override
      public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return template.execute(status -> work.get());
      }
    };
  }
}
