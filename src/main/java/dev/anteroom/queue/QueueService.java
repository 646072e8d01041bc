package dev.anteroom.queue;

import dev.anteroom.common.CallbackUrls;
import dev.anteroom.common.Ids;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.tenant.ApplicationService;
import dev.anteroom.tenant.ApplicationStore;
import dev.anteroom.tenant.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Queue definitions, with the tenancy rules of {@link Caller} applied to every call. */
public final class QueueService implements ApplicationService.DeletionListener {

  /** Told after a queue is created, changed or deleted, so the engine follows at once. */
  public interface ChangeListener {
    void queueChanged(Queue queue);

    void queueDeleted(long queueId);
  }

  private final QueueStore store;
  private final ApplicationStore applications;
  private final Clock clock;
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private volatile CallbackUrls callbackUrls = CallbackUrls.FORM_ONLY;

  public QueueService(QueueStore store, ApplicationStore applications, Clock clock) {
    this.store = store;
    this.applications = applications;
    this.clock = clock;
  }

  public void addListener(ChangeListener listener) {
    listeners.add(listener);
  }

  /** The check a callback URL must pass when it is saved (the callback feature sets it). */
  public void checkCallbackUrlsWith(CallbackUrls check) {
    this.callbackUrls = check;
  }

  public Queue create(Caller caller, Long applicationId, QueueSettings settings) {
    long owner = owningApplication(caller, applicationId);
    callbackUrls.check("callback_url", settings.callbackUrl());
    Queue queue = store.create(Ids.next(), owner, settings, clock.instant());
    listeners.forEach(l -> l.queueChanged(queue));
    return queue;
  }

  public Queue get(Caller caller, long id) {
    caller.requireServerSide();
    return visible(caller, id);
  }

  public Page<Queue> list(Caller caller, PageRequest page, Optional<Long> applicationId) {
    caller.requireServerSide();
    Optional<Set<Long>> scope = caller.visibleApplications();
    if (applicationId.isPresent()) {
      long wanted = applicationId.get();
      if (!caller.sees(wanted) || applications.find(wanted).isEmpty()) {
        throw new NotFoundException("application", wanted);
      }
      scope = Optional.of(Set.of(wanted));
    }
    return store.list(page, scope);
  }

  public Queue update(Caller caller, long id, QueueSettings settings) {
    Queue current = get(caller, id);
    callbackUrls.check("callback_url", settings.callbackUrl());
    Queue updated =
        store
            .update(current.id(), settings, clock.instant())
            .orElseThrow(() -> new NotFoundException("queue", id));
    listeners.forEach(l -> l.queueChanged(updated));
    return updated;
  }

  public Queue setPaused(Caller caller, long id, boolean paused) {
    Queue current = get(caller, id);
    Queue updated =
        store
            .setPaused(current.id(), paused, clock.instant())
            .orElseThrow(() -> new NotFoundException("queue", id));
    listeners.forEach(l -> l.queueChanged(updated));
    return updated;
  }

  public void delete(Caller caller, long id) {
    Queue current = get(caller, id);
    if (!store.delete(current.id(), clock.instant())) {
      throw new NotFoundException("queue", id);
    }
    listeners.forEach(l -> l.queueDeleted(id));
  }

  @Override
  public void applicationDeleted(long applicationId, Instant at) {
    List<Long> gone =
        store.all().stream()
            .filter(q -> q.applicationId() == applicationId)
            .map(Queue::id)
            .toList();
    store.deleteAllOf(applicationId, at);
    gone.forEach(id -> listeners.forEach(l -> l.queueDeleted(id)));
  }

  /** The queue, if the caller may see it; otherwise not found, whatever the reason. */
  private Queue visible(Caller caller, long id) {
    return store
        .find(id)
        .filter(q -> caller.sees(q.applicationId()))
        .orElseThrow(() -> new NotFoundException("queue", id));
  }

  private long owningApplication(Caller caller, Long applicationId) {
    caller.requireServerSide();
    Optional<Long> own = caller.keyApplication();
    if (own.isPresent()) {
      if (applicationId != null && !applicationId.equals(own.get())) {
        throw new NotFoundException("application", applicationId);
      }
      return own.get();
    }
    if (applicationId == null) {
      throw new InvalidInputException(
          "application_id", "application_id is required when an admin creates a queue");
    }
    caller.requireManagement(applicationId);
    if (applications.find(applicationId).isEmpty()) {
      throw new NotFoundException("application", applicationId);
    }
    return applicationId;
  }
}
