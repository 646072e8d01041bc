package dev.anteroom.web;

import java.io.IOException;

/** A request body went past the limit while it was being read. */
final class BodyTooLargeException extends IOException {

  BodyTooLargeException() {
    super(Limits.BODY_TOO_LARGE);
  }
}
