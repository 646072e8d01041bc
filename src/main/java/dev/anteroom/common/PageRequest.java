package dev.anteroom.common;

/** A request for page {@code page} (1-based) of {@code size} items. */
public record PageRequest(int page, int size) {

  public static final int MAX_SIZE = 100;

  public PageRequest {
    if (page < 1) {
      throw new InvalidInputException("page", "page must be 1 or more, was " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidInputException(
          "size", "size must be between 1 and " + MAX_SIZE + ", was " + size);
    }
  }

  public long offset() {
    return (long) (page - 1) * size;
  }
}
