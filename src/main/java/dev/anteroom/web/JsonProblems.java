package dev.anteroom.web;

import dev.anteroom.common.InvalidInputException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/** Turns Jackson's failures into messages a client can act on, naming the field. */
public final class JsonProblems {

  private JsonProblems() {}

  public static InvalidInputException describe(JacksonException e) {
    String field = fieldPath(e);
    if (e instanceof PropertyBindingException unknown) {
      return new InvalidInputException(
          unknown.getPropertyName(), "unknown field '" + unknown.getPropertyName() + "'");
    }
    if (e instanceof MismatchedInputException mismatch && field != null) {
      return new InvalidInputException(
          field, "field '" + field + "' must be " + describe(mismatch.getTargetType()));
    }
    if (e instanceof StreamReadException) {
      String location =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      return new InvalidInputException(null, "the body is not valid JSON" + location);
    }
    if (field != null) {
      return new InvalidInputException(field, "field '" + field + "' has an invalid value");
    }
    return new InvalidInputException(null, "the body could not be read as the expected JSON");
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
