package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;

/**
 * One change of a queue's line as its log records it, numbered in commit order within the queue.
 *
 * @param at for a join, when the visitor joined; for a release, when the pass ends; otherwise when
 *     the change happened
 * @param priority for a join, the visitor's priority; otherwise 0 (the follower knows it)
 * @param visitorKey for a join, the visitor key (so a follower can find the live place it holds);
 *     otherwise null
 */
public record LineEvent(
    long queueId, long eventNo, Kind kind, long seq, int priority, Instant at, String visitorKey) {

  /** What happened; the codes are stored. */
  public enum Kind {
    JOINED_WAITING(1),
    JOINED_RELEASED(2),
    RELEASED(3),
    CANCELLED(4),
    EXPIRED(5),
    COMPLETED(6);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Kind ofCode(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no line event kind " + code);
    }

    /** The kind a new row is logged as. */
    static Kind ofJoin(VisitorRow row) {
      return row.state() == VisitorState.RELEASED ? JOINED_RELEASED : JOINED_WAITING;
    }

    /** The kind a change that applied is logged as. */
    static Kind of(Transition change) {
      return switch (change.to()) {
        case RELEASED -> RELEASED;
        case CANCELLED -> CANCELLED;
        case EXPIRED -> change.reason() == EndReason.COMPLETED ? COMPLETED : EXPIRED;
        case WAITING -> throw new IllegalArgumentException("nobody goes back to waiting");
      };
    }
  }

  /** This event under the number the log gave it. */
  public LineEvent numbered(long number) {
    return new LineEvent(queueId, number, kind, seq, priority, at, visitorKey);
  }

  /** The event a new row is logged as; its number is given when it is written. */
  public static LineEvent joined(VisitorRow row) {
    return new LineEvent(
        row.queueId(),
        0,
        Kind.ofJoin(row),
        row.seq(),
        row.priority(),
        row.state() == VisitorState.RELEASED ? row.expiresAt() : row.joinedAt(),
        row.visitorKey());
  }

  /** The event a change that applied is logged as; its number is given when it is written. */
  public static LineEvent of(Transition change) {
    Kind kind = Kind.of(change);
    return new LineEvent(
        change.queueId(),
        0,
        kind,
        change.seq(),
        0,
        kind == Kind.RELEASED ? change.expiresAt() : change.at(),
        null);
  }
}
