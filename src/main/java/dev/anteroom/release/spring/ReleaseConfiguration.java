package dev.anteroom.release.spring;

import dev.anteroom.node.ApplicationOwners;
import dev.anteroom.node.Pacing;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueStore;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the release engine and, unless switched off, the loop that drives it. */
@Configuration(proxyBeanMethods = false)
class ReleaseConfiguration {

  @Bean
  ReleaseEngine releaseEngine(
      QueueDirectory queues,
      WaitingLineStore store,
      QueueStore queueStore,
      LineMeters meters,
      Clock clock,
      Pacing pacing) {
    ReleaseEngine engine =
        new ReleaseEngine(queues, store, queueStore, meters, clock, new SecureRandom(), pacing);
    queues.follow(engine);
    if (pacing instanceof ApplicationOwners owners) {
      owners.addListener(engine);
    }
    return engine;
  }
}
