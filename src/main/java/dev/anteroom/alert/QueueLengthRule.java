package dev.anteroom.alert;

import java.time.Instant;
import java.util.List;

/** A queue alerts while more visitors wait in it than its threshold. */
public final class QueueLengthRule implements AlertRule {

  private final QueueLengths lengths;

  public QueueLengthRule(QueueLengths lengths) {
    this.lengths = lengths;
  }

  @Override
  public AlertKind kind() {
    return AlertKind.QUEUE_LENGTH;
  }

  @Override
  public List<Condition> check(Instant now) {
    return lengths.current().stream()
        .filter(q -> q.threshold() != null && q.waiting() > q.threshold())
        .map(
            q ->
                new Condition(
                    AlertKey.ofQueue(kind(), q.queueId()),
                    q.applicationId(),
                    q.queueId(),
                    "queue '"
                        + q.queueName()
                        + "' (id "
                        + q.queueId()
                        + ") of application '"
                        + q.applicationName()
                        + "' has "
                        + q.waiting()
                        + " visitors waiting, above its threshold of "
                        + q.threshold()))
        .toList();
  }
}
