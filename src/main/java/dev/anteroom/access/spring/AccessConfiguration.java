package dev.anteroom.access.spring;

import dev.anteroom.access.AccessPasses;
import dev.anteroom.access.AnonymousSubjects;
import dev.anteroom.access.PassService;
import dev.anteroom.access.SigningKeys;
import dev.anteroom.access.jdbc.JdbcSigningKeyStore;
import dev.anteroom.common.KeySealer;
import dev.anteroom.common.SecretMaterial;
import dev.anteroom.node.NodeLease;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the pass signer, its key ring and the pass service. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

  /** The longest pass lifetime a queue may set. */
  static final Duration LONGEST_PASS = Duration.ofDays(1);

  /**
   * Retired keys stay published this long: the longest pass, plus the time another node may go on
   * signing with a key after it was retired, until its next read of the keys.
   */
  static final Duration PUBLISHED_AFTER_RETIREMENT =
      LONGEST_PASS.plus(SigningKeyCheck.EVERY.multipliedBy(2));

  @Bean
  SigningKeys signingKeys(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      SecretMaterial secret,
      Clock clock,
      @Value("${anteroom.signing-key-rotation:30d}") Duration rotateAfter,
      @Value("${anteroom.retire-unreadable-signing-keys:false}") boolean retireUnreadable) {
    return new SigningKeys(
        new JdbcSigningKeyStore(jdbc, transactions),
        new KeySealer(secret.derive("signing-key-sealing")),
        clock,
        rotateAfter,
        PUBLISHED_AFTER_RETIREMENT,
        retireUnreadable);
  }

  @Bean
  AccessPasses accessPasses(
      SigningKeys keys, Clock clock, @Value("${anteroom.issuer:anteroom}") String issuer) {
    return new AccessPasses(keys, issuer, clock);
  }

  @Bean
  PassService passService(
      AccessPasses passes,
      SecretMaterial secret,
      QueueDirectory queues,
      WaitingLineStore store,
      NodeLease lease,
      LineMeters meters,
      Clock clock) {
    return new PassService(
        passes,
        new AnonymousSubjects(secret.derive("pass-subject")),
        queues,
        store,
        lease,
        meters,
        clock);
  }
}
