package dev.anteroom.waiting.web;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.web.PageOrigins;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The origin check of a poll, a cancel and a stream: the queue token is their credential, so the
 * page must be one that the application of the token's queue allows (see {@link PageOrigins}),
 * whatever key, if any, comes with it. The application is found in memory; a token of a queue that
 * is gone passes here and is refused as unknown by the call itself.
 */
final class TokenOrigins {

  private final PageOrigins origins;
  private final QueueDirectory queues;

  TokenOrigins(PageOrigins origins, QueueDirectory queues) {
    this.origins = origins;
    this.queues = queues;
  }

  /**
   * @param origin the request's {@code Origin}; nothing is looked up when it is null
   * @throws dev.anteroom.common.ForbiddenException with code {@code origin_not_allowed}
   */
  void require(HttpServletRequest request, String origin, VisitorTokens.Ref token) {
    if (origin == null) {
      return;
    }
    Queue queue = queues.find(token.queueId()).orElse(null);
    if (queue != null) {
      origins.requireForToken(queues.application(queue.applicationId()), origin, request);
    }
  }
}
