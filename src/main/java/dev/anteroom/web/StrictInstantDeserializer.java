package dev.anteroom.web;

import java.time.DateTimeException;
import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * An instant is an ISO-8601 string such as {@code 2026-05-01T09:00:00Z} (an offset such as {@code
 * +02:00} is converted to UTC), nothing else. Jackson's own reader also takes numbers, and strings
 * of digits, as epoch seconds: {@code 1700000000} would silently mean November 2023, and {@code
 * 1e308} 1970.
 */
final class StrictInstantDeserializer extends StdScalarDeserializer<Instant> {

  StrictInstantDeserializer() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser parser, DeserializationContext context) {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      return context.reportInputMismatch(
          Instant.class, "expected an ISO-8601 string, got %s", parser.currentToken());
    }
    String text = parser.getString().strip();
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      return context.reportInputMismatch(Instant.class, "not an ISO-8601 instant");
    }
  }

  @Override
  public LogicalType logicalType() {
    return LogicalType.DateTime;
  }
}
