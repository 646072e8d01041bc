package dev.anteroom.web;

import dev.anteroom.common.InvalidInputException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/** Turns Jackson's failures into messages a client can act on, naming the field. */
public final class JsonProblems {

  private JsonProblems() {}

  public static InvalidInputException describe(JacksonException e) {
    String field = fieldPath(e);
    if (field == null) {
      field = parsedField(e);
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Duplicate Object property") && field != null) {
      return new InvalidInputException(
          field, "field '" + field + "' appears more than once; send each field once");
    }
    if (message.startsWith("Trailing token") || isAfterTheValue(e, message)) {
      return new InvalidInputException(
          null, "unexpected data after the JSON value" + location(e) + "; send one JSON object");
    }
    if (e instanceof PropertyBindingException unknown) {
      return new InvalidInputException(
          unknown.getPropertyName(), "unknown field '" + unknown.getPropertyName() + "'");
    }
    if (e instanceof MismatchedInputException mismatch && field != null) {
      return new InvalidInputException(
          field, "field '" + field + "' must be " + describe(mismatch.getTargetType()));
    }
    if (e instanceof StreamReadException) {
      return new InvalidInputException(
          field,
          "the body is not valid JSON"
              + location(e)
              + (field == null ? "" : ", in field '" + field + "'"));
    }
    if (field != null) {
      return new InvalidInputException(field, "field '" + field + "' has an invalid value");
    }
    return new InvalidInputException(null, "the body could not be read as the expected JSON");
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** Text that is not JSON after a complete top-level value: trailing data, not a broken body. */
  private static boolean isAfterTheValue(JacksonException e, String message) {
    if (!(e instanceof StreamReadException read) || read.processor() == null) {
      return false;
    }
    TokenStreamContext context = read.processor().streamReadContext();
    return context != null
        && context.inRoot()
        && (context.getEntryCount() > 1 || message.startsWith("Unexpected close marker"));
  }

  /**
   * The property the parser was in when the text stopped being JSON (a duplicate key, a broken
   * value), so the answer can name it; null at the top level.
   */
  private static String parsedField(JacksonException e) {
    if (!(e instanceof StreamReadException read)
        || e instanceof UnexpectedEndOfInputException
        || read.processor() == null) {
      return null;
    }
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (TokenStreamContext context = read.processor().streamReadContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      if (context.inObject() && context.currentName() != null) {
        parts.addFirst(context.currentName());
      } else if (context.inArray()) {
        parts.addFirst("[" + Math.max(0, context.getCurrentIndex()) + "]");
      }
    }
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (!path.isEmpty() && !part.startsWith("[")) {
        path.append('.');
      }
      path.append(part);
    }
    return path.isEmpty() ? null : path.toString();
  }

  private static String fieldPath(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Instant.class) {
      return "a timestamp such as 2026-05-01T09:00:00Z";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "a JSON object";
  }
}
