package dev.anteroom.queue;

import dev.anteroom.common.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The callback events a queue sends, by their names on the wire. {@code visitor.released} is always
 * among them; the others are sent only when listed. The names are those of {@code
 * dev.anteroom.waiting.store.VisitorEvent} (a test keeps the two lists equal; the queue core cannot
 * name the waiting room's types without a cycle).
 */
public final class CallbackEvents {

  public static final String RELEASED = "visitor.released";

  /** Every event a queue can list, in the order answers show them. */
  public static final List<String> KNOWN =
      List.of(RELEASED, "visitor.expired", "visitor.cancelled", "visitor.completed");

  /** What a queue sends unless told otherwise: visitor.released only. */
  public static final CallbackEvents DEFAULT = new CallbackEvents(Set.of(RELEASED));

  private final Set<String> names;

  private CallbackEvents(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  /**
   * From a client's list: an unknown name is refused, duplicates collapse, visitor.released is
   * added. Null means the default.
   */
  public static CallbackEvents of(List<String> requested) {
    if (requested == null) {
      return DEFAULT;
    }
    Set<String> names = new LinkedHashSet<>();
    names.add(RELEASED);
    for (String name : requested) {
      if (name == null || !KNOWN.contains(name)) {
        throw new InvalidInputException(
            "callback_events",
            "callback_events has an unknown event "
                + (name == null ? "null" : "'" + name + "'")
                + "; the events are "
                + String.join(", ", KNOWN));
      }
      names.add(name);
    }
    return new CallbackEvents(names);
  }

  /**
   * From the stored comma list; null is the default. A name this build does not know (written by a
   * newer one) is left out rather than refused: one queue's row must not stop the directory from
   * loading every queue.
   */
  public static CallbackEvents parse(String stored) {
    if (stored == null || stored.isBlank()) {
      return DEFAULT;
    }
    return of(Arrays.stream(stored.split(",")).filter(KNOWN::contains).toList());
  }

  /** The comma list to store, or null for the default. */
  public String stored() {
    return equals(DEFAULT) ? null : String.join(",", list());
  }

  public boolean includes(String name) {
    return names.contains(name);
  }

  /** The names, in the order of {@link #KNOWN}. */
  public List<String> list() {
    List<String> ordered = new ArrayList<>();
    KNOWN.stream().filter(names::contains).forEach(ordered::add);
    return ordered;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CallbackEvents events && names.equals(events.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return list().toString();
  }
}
