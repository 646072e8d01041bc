package dev.anteroom.tenant;

import java.time.Instant;
import java.util.List;

/** A tenant: a site that puts its visitors in Anteroom's queues. */
public record Application(
    long id,
    String name,
    String description,
    String callbackUrl,
    List<String> allowedOrigins,
    Integer maxReleaseRatePerMinute,
    Instant createdAt,
    Instant updatedAt) {}
