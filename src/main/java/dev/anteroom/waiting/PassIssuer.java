package dev.anteroom.waiting;

import dev.anteroom.queue.Queue;
import java.time.Instant;

/** Signs the pass a released visitor takes to the tenant's site. */
public interface PassIssuer {

  /**
   * @param visitorId the visitor id the tenant gave (with sk_, or signed), or null: the issuer then
   *     picks an opaque subject that reveals neither the sequence number nor the join volume
   */
  String issue(Queue queue, long seq, String visitorId, Instant releasedAt, Instant expiresAt);
}
