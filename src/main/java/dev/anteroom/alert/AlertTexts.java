package dev.anteroom.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * The words of alert messages, shared by every channel: a subject line that says at a glance what
 * happened and whether it is over, and a body with the details an operator acts on. Nothing secret
 * is in them: ids, names, counts and times.
 */
public final class AlertTexts {

  private final Duration cooldown;

  public AlertTexts(Duration cooldown) {
    this.cooldown = cooldown;
  }

  /** {@code [Anteroom] FIRING: Queue length - queue 'drop' (id 7) of ...}. */
  public String subject(AlertNotice notice) {
    return "[Anteroom] "
        + status(notice)
        + ": "
        + notice.alert().kind().title()
        + " - "
        + scope(notice.alert());
  }

  /** FIRING, STILL FIRING or RESOLVED. */
  public String status(AlertNotice notice) {
    return switch (notice.event()) {
      case STARTED -> "FIRING";
      case REPEATED -> "STILL FIRING";
      case RESOLVED -> "RESOLVED";
    };
  }

  /** Where the alert is: the application and queue, or the node for a system alert. */
  public String scope(Alert alert) {
    if (alert.applicationId() == null) {
      return "system";
    }
    return alert.queueId() == null
        ? "application " + alert.applicationId()
        : "application " + alert.applicationId() + ", queue " + alert.queueId();
  }

  /**
   * The alert's reading as a message tells it: for a resolved alert, the last reading while it
   * fired, said as such (the condition is over; the numbers are those of before).
   */
  public String reading(AlertNotice notice) {
    return notice.event() == AlertNotice.Event.RESOLVED
        ? "Last reading while it fired: " + notice.alert().summary()
        : notice.alert().summary();
  }

  /** The plain-text body. */
  public String body(AlertNotice notice) {
    Alert alert = notice.alert();
    StringBuilder text = new StringBuilder();
    text.append(headline(notice)).append("\n\n");
    text.append(reading(notice)).append("\n\n");
    text.append("Alert:        ").append(alert.id()).append('\n');
    text.append("Kind:         ").append(alert.kind().wireName()).append('\n');
    if (alert.applicationId() != null) {
      text.append("Application:  ").append(alert.applicationId()).append('\n');
    }
    if (alert.queueId() != null) {
      text.append("Queue:        ").append(alert.queueId()).append('\n');
    }
    text.append("Started at:   ").append(alert.startedAt()).append('\n');
    if (alert.resolvedAt() != null) {
      text.append("Resolved at:  ").append(alert.resolvedAt()).append('\n');
    }
    text.append("Lasted:       ").append(lasted(alert, notice)).append("\n\n");
    text.append(footer(notice)).append('\n');
    return text.toString();
  }

  /** One line saying what happened. */
  public String headline(AlertNotice notice) {
    Alert alert = notice.alert();
    return switch (notice.event()) {
      case STARTED -> alert.kind().title() + ": the alert started.";
      case REPEATED -> alert.kind().title() + ": the alert is still firing.";
      case RESOLVED -> alert.kind().title() + ": the alert is resolved; the condition has ended.";
    };
  }

  private String footer(AlertNotice notice) {
    if (notice.event() == AlertNotice.Event.RESOLVED) {
      return "No more messages are sent about this alert. If the condition comes back, a new alert"
          + " starts.";
    }
    return "While it lasts, this alert is repeated at most once every "
        + describe(cooldown)
        + "; a message follows when it is resolved. See GET /dashboard/alerts.";
  }

  private static String lasted(Alert alert, AlertNotice notice) {
    Instant end = alert.resolvedAt() != null ? alert.resolvedAt() : alert.lastNotifiedAt();
    return describe(Duration.between(alert.startedAt(), end));
  }

  static String describe(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return (seconds / 60) + " min";
    }
    return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
  }
}
