package dev.anteroom.waiting;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Join requests answered since start, by HTTP status, kept by the lean join path (which, like the
 * status path, stays off per-request observation): enough to see refusals (409 full or closed, 429,
 * 503 overloaded or timed out) and their share.
 */
public final class JoinRequests {

  /** The statuses counted one by one; any other is counted as {@code other}. */
  public static final List<Integer> STATUSES =
      List.of(200, 201, 400, 401, 403, 404, 409, 413, 415, 429, 503);

  private final LongAdder[] byStatus = new LongAdder[STATUSES.size() + 1];

  public JoinRequests() {
    for (int i = 0; i < byStatus.length; i++) {
      byStatus[i] = new LongAdder();
    }
  }

  public void answered(int status) {
    int index = STATUSES.indexOf(status);
    byStatus[index < 0 ? STATUSES.size() : index].increment();
  }

  /** The counter of a status in {@link #STATUSES}, or of all others for any other value. */
  public LongAdder of(int status) {
    int index = STATUSES.indexOf(status);
    return byStatus[index < 0 ? STATUSES.size() : index];
  }
}
