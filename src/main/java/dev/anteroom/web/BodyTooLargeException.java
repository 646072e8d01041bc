package dev.anteroom.web;

import java.io.IOException;

/** A request body went past the limit while it was being read. */
final class BodyTooLargeException extends IOException {

  BodyTooLargeException(long limit) {
    super("the request body is larger than " + limit + " bytes");
  }
}
