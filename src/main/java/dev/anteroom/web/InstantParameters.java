package dev.anteroom.web;

import dev.anteroom.common.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Instants given as query parameters ({@code from}, {@code to}): ISO-8601 only, as in bodies. */
public final class InstantParameters {

  private InstantParameters() {}

  /** The instant, null when the parameter is absent or blank, or a 400 naming the parameter. */
  public static Instant parse(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name, name + " must be an ISO-8601 instant such as 2026-05-01T09:00:00Z");
    }
  }
}
