package dev.anteroom.queue;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.time.Instant;

/**
 * Everything an operator sets on a queue, validated on construction; unset values take the defaults
 * below.
 *
 * @param releaseRatePerMinute visitors let through per minute, 1 to 1,000,000 (default 60)
 * @param maxActiveUsers cap on visitors holding an unexpired pass at once, or null for no cap
 * @param priority the queue's share of its application's release rate, 0 to 10 (default 5)
 * @param accessTtlSeconds lifetime of a pass, 10 s to 1 day (default 900)
 * @param idleTimeoutSeconds a waiting visitor who has not polled for this long loses the place, 10
 *     s to 1 day (default 120)
 * @param opensAt before this instant visitors wait in a pre-queue that is shuffled at opening
 * @param closesAt from this instant the queue accepts no one new
 * @param maxSize cap on visitors waiting at once, or null for no cap
 * @param simulation a rehearsal queue: it behaves like any other but sends no callbacks
 * @param callbackEvents the callback events the queue sends (visitor.released always)
 * @param alertQueueLength the queue-length alert threshold, stored as the database keeps it: null
 *     follows the global {@code QUEUE_THRESHOLD}, 0 turns the alert off for this queue, any other
 *     number overrides the threshold
 * @param display what the hosted waiting page shows of the queue (logo, title, message)
 */
public record QueueSettings(
    String name,
    int releaseRatePerMinute,
    Integer maxActiveUsers,
    int priority,
    int accessTtlSeconds,
    int idleTimeoutSeconds,
    String callbackUrl,
    String redirectUrl,
    Instant opensAt,
    Instant closesAt,
    QueueMethod queueMethod,
    Integer maxSize,
    boolean simulation,
    CallbackEvents callbackEvents,
    Integer alertQueueLength,
    QueueDisplay display) {

  public static final int DEFAULT_RATE = 60;
  public static final int DEFAULT_PRIORITY = 5;
  public static final int DEFAULT_ACCESS_TTL = 900;
  public static final int DEFAULT_IDLE_TIMEOUT = 120;

  public QueueSettings {
    name = Checks.requiredText("name", name, 200);
    Checks.optionalIntInRange("release_rate_per_minute", releaseRatePerMinute, 1, 1_000_000);
    Checks.optionalIntInRange("max_active_users", maxActiveUsers, 1, 10_000_000);
    Checks.optionalIntInRange("priority", priority, 0, 10);
    Checks.optionalIntInRange("access_ttl_seconds", accessTtlSeconds, 10, 86_400);
    Checks.optionalIntInRange("idle_timeout_seconds", idleTimeoutSeconds, 10, 86_400);
    callbackUrl = Checks.optionalHttpUrl("callback_url", callbackUrl);
    redirectUrl = Checks.optionalHttpUrl("redirect_url", redirectUrl);
    if (opensAt != null && closesAt != null && !closesAt.isAfter(opensAt)) {
      throw new InvalidInputException("closes_at", "closes_at must be later than opens_at");
    }
    queueMethod = queueMethod == null ? QueueMethod.FIFO : queueMethod;
    Checks.optionalIntInRange("max_size", maxSize, 1, 100_000_000);
    callbackEvents = callbackEvents == null ? CallbackEvents.DEFAULT : callbackEvents;
    Checks.optionalIntInRange("alert_queue_length", alertQueueLength, 0, 100_000_000);
    display = display == null ? QueueDisplay.NONE : display;
  }

  /** Settings with nothing set for the hosted waiting page. */
  public QueueSettings(
      String name,
      int releaseRatePerMinute,
      Integer maxActiveUsers,
      int priority,
      int accessTtlSeconds,
      int idleTimeoutSeconds,
      String callbackUrl,
      String redirectUrl,
      Instant opensAt,
      Instant closesAt,
      QueueMethod queueMethod,
      Integer maxSize,
      boolean simulation,
      CallbackEvents callbackEvents,
      Integer alertQueueLength) {
    this(
        name,
        releaseRatePerMinute,
        maxActiveUsers,
        priority,
        accessTtlSeconds,
        idleTimeoutSeconds,
        callbackUrl,
        redirectUrl,
        opensAt,
        closesAt,
        queueMethod,
        maxSize,
        simulation,
        callbackEvents,
        alertQueueLength,
        QueueDisplay.NONE);
  }

  /** These settings with what the hosted waiting page shows replaced. */
  public QueueSettings withDisplay(QueueDisplay changed) {
    return new QueueSettings(
        name,
        releaseRatePerMinute,
        maxActiveUsers,
        priority,
        accessTtlSeconds,
        idleTimeoutSeconds,
        callbackUrl,
        redirectUrl,
        opensAt,
        closesAt,
        queueMethod,
        maxSize,
        simulation,
        callbackEvents,
        alertQueueLength,
        changed);
  }

  /** The heading of the hosted waiting page: the display title, else the queue's name. */
  public String pageTitle() {
    return display.title() == null ? name : display.title();
  }

  /** Settings that send the default callbacks and follow the global queue-length threshold. */
  public QueueSettings(
      String name,
      int releaseRatePerMinute,
      Integer maxActiveUsers,
      int priority,
      int accessTtlSeconds,
      int idleTimeoutSeconds,
      String callbackUrl,
      String redirectUrl,
      Instant opensAt,
      Instant closesAt,
      QueueMethod queueMethod,
      Integer maxSize,
      boolean simulation) {
    this(
        name,
        releaseRatePerMinute,
        maxActiveUsers,
        priority,
        accessTtlSeconds,
        idleTimeoutSeconds,
        callbackUrl,
        redirectUrl,
        opensAt,
        closesAt,
        queueMethod,
        maxSize,
        simulation,
        CallbackEvents.DEFAULT,
        null);
  }

  /** Alert setting: the queue follows the global threshold. */
  public static final Integer FOLLOW_GLOBAL_THRESHOLD = null;

  /** Alert setting: no queue-length alert for this queue. */
  public static final int NO_QUEUE_LENGTH_ALERT = 0;

  /**
   * The queue-length alert threshold in force: this queue's own, else {@code globalThreshold}; null
   * when the alert is off for the queue.
   */
  public Integer queueLengthThreshold(int globalThreshold) {
    if (alertQueueLength == null) {
      return globalThreshold == 0 ? null : globalThreshold;
    }
    return alertQueueLength == NO_QUEUE_LENGTH_ALERT ? null : alertQueueLength;
  }

  /** Whether the queue follows the global queue-length threshold. */
  public boolean followsGlobalThreshold() {
    return alertQueueLength == null;
  }

  /** Settings from optional values, each missing one taking its default. */
  public static QueueSettings of(
      String name,
      Integer releaseRatePerMinute,
      Integer maxActiveUsers,
      Integer priority,
      Integer accessTtlSeconds,
      Integer idleTimeoutSeconds,
      String callbackUrl,
      String redirectUrl,
      Instant opensAt,
      Instant closesAt,
      String queueMethod,
      Integer maxSize,
      Boolean simulation) {
    return of(
        name,
        releaseRatePerMinute,
        maxActiveUsers,
        priority,
        accessTtlSeconds,
        idleTimeoutSeconds,
        callbackUrl,
        redirectUrl,
        opensAt,
        closesAt,
        queueMethod,
        maxSize,
        simulation,
        null,
        null);
  }

  /**
   * Settings from optional values, each missing one taking its default.
   *
   * @param callbackEvents a client's list of event names, or null for the default
   * @param alertQueueLength as stored: null follows the global threshold, 0 turns the alert off
   */
  public static QueueSettings of(
      String name,
      Integer releaseRatePerMinute,
      Integer maxActiveUsers,
      Integer priority,
      Integer accessTtlSeconds,
      Integer idleTimeoutSeconds,
      String callbackUrl,
      String redirectUrl,
      Instant opensAt,
      Instant closesAt,
      String queueMethod,
      Integer maxSize,
      Boolean simulation,
      java.util.List<String> callbackEvents,
      Integer alertQueueLength) {
    return new QueueSettings(
        name,
        Checks.intInRange(
            "release_rate_per_minute", releaseRatePerMinute, 1, 1_000_000, DEFAULT_RATE),
        maxActiveUsers,
        Checks.intInRange("priority", priority, 0, 10, DEFAULT_PRIORITY),
        Checks.intInRange("access_ttl_seconds", accessTtlSeconds, 10, 86_400, DEFAULT_ACCESS_TTL),
        Checks.intInRange(
            "idle_timeout_seconds", idleTimeoutSeconds, 10, 86_400, DEFAULT_IDLE_TIMEOUT),
        callbackUrl,
        redirectUrl,
        opensAt,
        closesAt,
        QueueMethod.parse(queueMethod),
        maxSize,
        Boolean.TRUE.equals(simulation),
        CallbackEvents.of(callbackEvents),
        alertQueueLength);
  }
}
