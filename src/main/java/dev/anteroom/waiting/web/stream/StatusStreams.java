package dev.anteroom.waiting.web.stream;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.UnavailableException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.waiting.web.StatusJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent event streams of waiting visitors. {@link #publish} looks at every open stream
 * and queues the status when it has changed, at most once a second per visitor, with a comment
 * every 15 seconds to keep proxies from closing a quiet stream. A stream counts as polling (its
 * visitor does not go idle) and ends after the release, cancellation or expiry.
 *
 * <p>Publishing never writes to a socket: each stream has a small buffer of {@link #BUFFER} events
 * drained by a writer task of its own, so a client that stops reading holds up nobody. A stream
 * whose buffer is full is dropped (the client reconnects, or polls). A visitor keeps at most {@code
 * maxPerToken} streams (a new one ends the oldest: a refreshed tab) and an application at most
 * {@code maxPerApplication}; past that a new stream is refused with 503 and a {@code Retry-After},
 * and the client falls back to polling.
 */
public final class StatusStreams {

  private static final Logger log = LoggerFactory.getLogger(StatusStreams.class);
  static final Duration MIN_GAP = Duration.ofSeconds(1);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);
  // Long enough for a rolling update to bring another node up; clients poll in between.
  static final Duration RETRY_WHEN_STOPPING = Duration.ofSeconds(5);
  static final int BUFFER = 4;
  static final Duration TIMEOUT = Duration.ofMinutes(30);

  private volatile boolean stopping;
  private final WaitingRoom room;
  private final QueueDirectory queues;
  private final Clock clock;
  private final Executor writers;
  private final int maxPerToken;
  private final int maxPerApplication;
  private final Map<Long, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Map<VisitorTokens.Ref, Deque<Subscriber>> byToken = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> byApplication = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public StatusStreams(
      WaitingRoom room,
      QueueDirectory queues,
      Clock clock,
      Executor writers,
      int maxPerToken,
      int maxPerApplication) {
    this.room = room;
    this.queues = queues;
    this.clock = clock;
    this.writers = writers;
    this.maxPerToken = maxPerToken;
    this.maxPerApplication = maxPerApplication;
  }

  /** Where a stream's events go: the servlet's emitter, or a test's recorder. */
  interface EventSink {
    /** Writes one event; may block while the client is slow to read. */
    void send(Event event) throws IOException;

    /** Ends the stream; never blocks. */
    void complete();
  }

  /** A status event, or a keep-alive comment when {@code name} is null. */
  record Event(String name, String id, String data, boolean last) {}

  /**
   * Opens a stream for the visitor the token names and queues its first status; refuses an unknown
   * token (404) and a stream past the application's cap (503).
   */
  Subscriber subscribe(String token, EventSink sink) {
    return subscribe(room.resolve(token), sink);
  }

  private Subscriber subscribe(VisitorTokens.Ref ref, EventSink sink) {
    refuseWhenStopping();
    VisitorStatus first = room.status(ref, true);
    long applicationId = queues.find(ref.queueId()).map(Queue::applicationId).orElse(-1L);
    AtomicInteger perApplication =
        byApplication.computeIfAbsent(applicationId, id -> new AtomicInteger());
    if (perApplication.incrementAndGet() > maxPerApplication) {
      perApplication.decrementAndGet();
      throw new UnavailableException(
          "too_many_streams",
          "this application has "
              + maxPerApplication
              + " event streams open, the most allowed; poll /queue_status instead",
          RETRY_WHEN_FULL);
    }
    Subscriber subscriber = new Subscriber(ids.incrementAndGet(), ref, applicationId, sink);
    // The first status goes out before the publisher can see the stream, so a newer status it
    // pushes can never be overtaken by this older one.
    push(subscriber, first, clock.instant());
    if (subscriber.gone.get()) {
      return subscriber;
    }
    subscribers.put(subscriber.id, subscriber);
    Subscriber[] evicted = new Subscriber[1];
    byToken.compute(
        ref,
        (key, streams) -> {
          Deque<Subscriber> list = streams == null ? new ArrayDeque<>() : streams;
          list.addLast(subscriber);
          if (list.size() > maxPerToken) {
            evicted[0] = list.pollFirst();
          }
          return list;
        });
    if (evicted[0] != null) {
      drop(evicted[0]);
    }
    if (stopping) {
      // endAll() may have gone past this stream while it was being added.
      drop(subscriber);
    }
    return subscriber;
  }

  private void refuseWhenStopping() {
    if (stopping) {
      throw new UnavailableException(
          "stopping",
          "this node is stopping; poll /queue_status, or open the stream again later",
          RETRY_WHEN_STOPPING);
    }
  }

  /**
   * A stream over server-sent events for the visitor a resolved token names, for the controller.
   */
  public SseEmitter open(VisitorTokens.Ref ref) {
    SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
    Subscriber subscriber = subscribe(ref, new EmitterSink(emitter));
    emitter.onCompletion(() -> closed(subscriber));
    emitter.onTimeout(() -> closed(subscriber));
    emitter.onError(e -> closed(subscriber));
    return emitter;
  }

  /** Queues what changed for every stream; called five times a second. Never blocks. */
  public void publish() {
    Instant now = clock.instant();
    for (Subscriber subscriber : subscribers.values()) {
      if (now.isBefore(subscriber.lastSent.plus(MIN_GAP))) {
        continue;
      }
      VisitorStatus status;
      try {
        status = room.status(subscriber.ref, true);
      } catch (AnteroomException | IllegalStateException gone) {
        drop(subscriber);
        continue;
      }
      if (!status.equals(subscriber.lastStatus)) {
        push(subscriber, status, now);
      } else if (!now.isBefore(subscriber.lastSent.plus(HEARTBEAT))) {
        subscriber.lastSent = now;
        if (!subscriber.offer(new Event(null, null, "waiting", false))) {
          drop(subscriber);
        }
      }
    }
  }

  /** Streams open now. */
  public int size() {
    return subscribers.size();
  }

  /** Streams dropped since start because their client did not keep up. */
  public long dropped() {
    return dropped.get();
  }

  private void push(Subscriber subscriber, VisitorStatus status, Instant now) {
    boolean last = status.state() != VisitorState.WAITING;
    subscriber.lastStatus = status;
    subscriber.lastSent = now;
    Event event =
        new Event("status", Long.toString(now.toEpochMilli()), StatusJson.text(status), last);
    if (last) {
      forget(subscriber);
    }
    if (!subscriber.offer(event)) {
      dropped.incrementAndGet();
      drop(subscriber);
    }
  }

  /** Ends a stream without waiting for its writer, which may be stuck on a slow client. */
  private void drop(Subscriber subscriber) {
    if (forget(subscriber)) {
      run(subscriber.sink::complete);
    }
  }

  /** Takes the stream out of every count; true for the call that did. */
  private boolean forget(Subscriber subscriber) {
    if (!subscriber.gone.compareAndSet(false, true)) {
      return false;
    }
    subscribers.remove(subscriber.id);
    byToken.computeIfPresent(
        subscriber.ref,
        (key, streams) -> {
          streams.remove(subscriber);
          return streams.isEmpty() ? null : streams;
        });
    AtomicInteger count = byApplication.get(subscriber.applicationId);
    if (count != null) {
      count.decrementAndGet();
    }
    return true;
  }

  /**
   * Ends every open stream, when the server begins to stop: a stream never ends by itself, so it
   * would hold the graceful stop up for its whole grace period, and its client reconnects at once
   * (to another node, or to this one restarted) or polls. New streams are refused from then on (503
   * with Retry-After), so a client cannot open one on a node that is going away.
   */
  public void endAll() {
    stopping = true;
    subscribers.values().forEach(this::drop);
  }

  /** Takes new streams again, after {@link #endAll()}, when a stopped server starts again. */
  public void accept() {
    stopping = false;
  }

  /** The client went away (the container noticed): forget the stream. */
  void closed(Subscriber subscriber) {
    forget(subscriber);
  }

  private void run(Runnable task) {
    try {
      writers.execute(task);
    } catch (RejectedExecutionException shuttingDown) {
      log.debug("stream writer shut down; a stream ends with the server");
    }
  }

  /** One open stream: its buffer and the writer task that drains it. */
  final class Subscriber {
    final long id;
    final VisitorTokens.Ref ref;
    final long applicationId;
    final EventSink sink;
    private final ArrayBlockingQueue<Event> outbox = new ArrayBlockingQueue<>(BUFFER);
    private final AtomicBoolean draining = new AtomicBoolean();
    final AtomicBoolean gone = new AtomicBoolean();
    volatile VisitorStatus lastStatus;
    volatile Instant lastSent = Instant.MIN;

    Subscriber(long id, VisitorTokens.Ref ref, long applicationId, EventSink sink) {
      this.id = id;
      this.ref = ref;
      this.applicationId = applicationId;
      this.sink = sink;
    }

    /** Queues an event for the writer; false when the buffer is full. */
    boolean offer(Event event) {
      if (!outbox.offer(event)) {
        return false;
      }
      if (draining.compareAndSet(false, true)) {
        run(this::drain);
      }
      return true;
    }

    private void drain() {
      while (true) {
        Event event;
        while ((event = outbox.poll()) != null) {
          try {
            sink.send(event);
          } catch (IOException | RuntimeException gone) {
            forget(this);
            sink.complete();
            return;
          }
          if (event.last()) {
            sink.complete();
            return;
          }
        }
        draining.set(false);
        if (outbox.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }

  /** Events onto a servlet response through Spring's emitter. */
  private static final class EmitterSink implements EventSink {
    private final SseEmitter emitter;

    EmitterSink(SseEmitter emitter) {
      this.emitter = emitter;
    }

    @Override
    public void send(Event event) throws IOException {
      if (event.name() == null) {
        emitter.send(SseEmitter.event().comment(event.data()));
      } else {
        emitter.send(
            SseEmitter.event()
                .name(event.name())
                .id(event.id())
                .data(event.data(), MediaType.APPLICATION_JSON));
      }
    }

    @Override
    public void complete() {
      emitter.complete();
    }
  }
}
