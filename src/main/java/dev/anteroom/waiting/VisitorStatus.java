package dev.anteroom.waiting;

import java.time.Instant;

/**
 * What a visitor is told about their place.
 *
 * @param position 1-based place while waiting; null when there is no fixed place (a lottery, or a
 *     pre-queue before its opening shuffle) or the visitor is not waiting
 * @param etaSeconds the expected wait; null when it cannot be told (paused, or not waiting)
 * @param pollAfterSeconds when to ask again, 1 to 30; 30 once there is nothing more to wait for
 * @param accessToken the signed pass, once released
 * @param opensAt the queue's opening, while it is not open yet; null once open
 * @param opensInSeconds the seconds until {@code opensAt} by the server's clock, rounded up, so a
 *     page counts down without trusting the visitor's own clock; null once open
 */
public record VisitorStatus(
    long queueId,
    VisitorState state,
    Integer position,
    Long etaSeconds,
    int pollAfterSeconds,
    String accessToken,
    Instant accessExpiresAt,
    String redirectUrl,
    Instant opensAt,
    Long opensInSeconds) {}
