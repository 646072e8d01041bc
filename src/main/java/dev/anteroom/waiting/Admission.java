package dev.anteroom.waiting;

import dev.anteroom.waiting.store.VisitorView;

/**
 * What a join gets now, decided by one rule for a real join and a simulated one, so that a
 * simulation answers exactly what the join would.
 *
 * @param held the place the visitor id already holds, for {@link Outcome#HELD}
 */
record Admission(Outcome outcome, VisitorView held) {

  static final Admission CLOSED = new Admission(Outcome.CLOSED, null);
  static final Admission STRAIGHT_THROUGH = new Admission(Outcome.STRAIGHT_THROUGH, null);
  static final Admission WAIT = new Admission(Outcome.WAIT, null);
  static final Admission QUEUE_FULL = new Admission(Outcome.QUEUE_FULL, null);
  static final Admission AT_CAPACITY = new Admission(Outcome.AT_CAPACITY, null);

  static Admission held(VisitorView place) {
    return new Admission(Outcome.HELD, place);
  }

  /** The outcomes, in the order the rule tries them. */
  enum Outcome {
    /** Past {@code closes_at}: 503 {@code queue_closed}. */
    CLOSED,
    /** The visitor id already holds a waiting or released place: that place, 200. */
    HELD,
    /** Nobody waiting, pace and an active slot to spare: released at once with a pass. */
    STRAIGHT_THROUGH,
    /** A {@code reject} queue with no room: 503 {@code queue_at_capacity}. */
    AT_CAPACITY,
    /** {@code max_size} visitors already wait: 409 {@code queue_full}. */
    QUEUE_FULL,
    /** A new place at the back of the line. */
    WAIT
  }
}
