package dev.anteroom.waiting;

import dev.anteroom.queue.Queue;
import java.time.Instant;

/** Signs the pass a released visitor takes to the tenant's site. */
public interface PassIssuer {

  /**
   * @param subject the tenant's visitor key, or a pseudonymous id when it gave none
   */
  String issue(Queue queue, long seq, String subject, Instant releasedAt, Instant expiresAt);
}
