package dev.anteroom.callback;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where callback error records are kept; they are written with the outcome by the outbox. */
public interface CallbackErrorStore {

  /**
   * A page of records, newest first.
   *
   * @param applications the applications the caller sees, or empty for all
   */
  Page<CallbackError> list(Filter filter, Optional<Set<Long>> applications, PageRequest page);

  Optional<CallbackError> find(long id);

  /**
   * Up to {@code limit} records matching the filter that were never retried, oldest first.
   *
   * @param applications the applications the caller sees, or empty for all
   */
  List<CallbackError> unretried(Filter filter, Optional<Set<Long>> applications, int limit);

  /** Marks records as retried at {@code at}. */
  void markRetried(List<Long> ids, Instant at);

  /** Filters of the list; null fields do not filter. {@code to} is exclusive. */
  record Filter(Long applicationId, Long queueId, Instant from, Instant to) {}
}
