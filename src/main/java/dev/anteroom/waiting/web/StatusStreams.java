package dev.anteroom.waiting.web;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.WaitingRoom;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent event streams of waiting visitors. After each release step it looks at every open
 * stream and sends the status when it has changed, at most once a second per visitor, with a
 * comment every 15 seconds to keep proxies from closing a quiet stream. A stream counts as polling
 * (its visitor does not go idle) and ends after the release, cancellation or expiry.
 */
public final class StatusStreams {

  static final Duration MIN_GAP = Duration.ofSeconds(1);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final long TIMEOUT_MILLIS = Duration.ofMinutes(30).toMillis();

  private final WaitingRoom room;
  private final Clock clock;
  private final Map<Long, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  public StatusStreams(WaitingRoom room, Clock clock) {
    this.room = room;
    this.clock = clock;
  }

  SseEmitter open(String token) {
    VisitorTokens.Ref ref = room.resolve(token);
    VisitorStatus first = room.status(ref, true);
    SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
    long id = ids.incrementAndGet();
    Subscriber subscriber = new Subscriber(ref, emitter);
    emitter.onCompletion(() -> subscribers.remove(id));
    emitter.onTimeout(() -> subscribers.remove(id));
    emitter.onError(e -> subscribers.remove(id));
    subscribers.put(id, subscriber);
    send(id, subscriber, first, clock.instant());
    return emitter;
  }

  /** Sends what changed; called after every release step. */
  public void publish() {
    Instant now = clock.instant();
    subscribers.forEach(
        (id, subscriber) -> {
          if (now.isBefore(subscriber.lastSent.plus(MIN_GAP))) {
            return;
          }
          try {
            VisitorStatus status = room.status(subscriber.ref, true);
            if (!status.equals(subscriber.lastStatus)) {
              send(id, subscriber, status, now);
            } else if (!now.isBefore(subscriber.lastSent.plus(HEARTBEAT))) {
              subscriber.emitter.send(SseEmitter.event().comment("waiting"));
              subscriber.lastSent = now;
            }
          } catch (NotFoundException | IOException | IllegalStateException gone) {
            close(id, subscriber);
          }
        });
  }

  public int size() {
    return subscribers.size();
  }

  private void send(long id, Subscriber subscriber, VisitorStatus status, Instant now) {
    try {
      subscriber.emitter.send(
          SseEmitter.event()
              .name("status")
              .id(Long.toString(now.toEpochMilli()))
              .data(StatusJson.write(status), MediaType.APPLICATION_JSON));
      subscriber.lastStatus = status;
      subscriber.lastSent = now;
      if (status.state() != VisitorState.WAITING) {
        close(id, subscriber);
      }
    } catch (IOException | IllegalStateException gone) {
      close(id, subscriber);
    }
  }

  private void close(long id, Subscriber subscriber) {
    subscribers.remove(id);
    subscriber.emitter.complete();
  }

  private static final class Subscriber {
    final VisitorTokens.Ref ref;
    final SseEmitter emitter;
    volatile VisitorStatus lastStatus;
    volatile Instant lastSent = Instant.MIN;

    Subscriber(VisitorTokens.Ref ref, SseEmitter emitter) {
      this.ref = ref;
      this.emitter = emitter;
    }
  }
}
