package dev.anteroom.web;

/** Limits every endpoint shares. */
public final class Limits {

  /** Bodies are small JSON documents; 64 KiB is far above any valid one. */
  public static final int BODY_BYTES = 64 * 1024;

  public static final String BODY_TOO_LARGE =
      "the request body is larger than " + BODY_BYTES + " bytes";

  private Limits() {}
}
