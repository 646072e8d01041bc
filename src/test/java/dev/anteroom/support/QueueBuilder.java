package dev.anteroom.support;

import dev.anteroom.common.Ids;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.queue.QueueSettings;
import java.time.Instant;

/** Test data: {@code aQueue().withRate(600).withMaxActive(5).build()}. */
public final class QueueBuilder {

  private long id = Ids.next();
  private long applicationId = 1;
  private int rate = 60;
  private Integer maxActive;
  private int priority = QueueSettings.DEFAULT_PRIORITY;
  private int accessTtl = 900;
  private int idleTimeout = 86_400;
  private Instant opensAt;
  private QueueMethod method = QueueMethod.FIFO;
  private Integer maxSize;
  private boolean paused;

  public static QueueBuilder aQueue() {
    return new QueueBuilder();
  }

  public QueueBuilder withId(long id) {
    this.id = id;
    return this;
  }

  public QueueBuilder ofApplication(long applicationId) {
    this.applicationId = applicationId;
    return this;
  }

  public QueueBuilder withRate(int perMinute) {
    this.rate = perMinute;
    return this;
  }

  public QueueBuilder withMaxActive(int maxActive) {
    this.maxActive = maxActive;
    return this;
  }

  public QueueBuilder withPriority(int priority) {
    this.priority = priority;
    return this;
  }

  public QueueBuilder withAccessTtl(int seconds) {
    this.accessTtl = seconds;
    return this;
  }

  public QueueBuilder withIdleTimeout(int seconds) {
    this.idleTimeout = seconds;
    return this;
  }

  public QueueBuilder opening(Instant opensAt) {
    this.opensAt = opensAt;
    return this;
  }

  public QueueBuilder withMethod(QueueMethod method) {
    this.method = method;
    return this;
  }

  public QueueBuilder withMaxSize(int maxSize) {
    this.maxSize = maxSize;
    return this;
  }

  public QueueBuilder paused() {
    this.paused = true;
    return this;
  }

  public Queue build() {
    QueueSettings settings =
        new QueueSettings(
            "queue-" + id,
            rate,
            maxActive,
            priority,
            accessTtl,
            idleTimeout,
            null,
            null,
            opensAt,
            null,
            method,
            maxSize,
            false);
    return new Queue(id, applicationId, settings, paused, null, Instant.EPOCH, Instant.EPOCH, 0);
  }
}
