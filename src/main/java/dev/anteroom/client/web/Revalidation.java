package dev.anteroom.client.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * The one If-None-Match check of the client's answers, which carry weak ETags: the weak comparison
 * of RFC 9110 compares the quoted part, whether a cache kept the {@code W/} or not.
 */
final class Revalidation {

  private Revalidation() {}

  /** Whether the browser already holds the answer with this ETag. */
  static boolean unchanged(HttpServletRequest request, String etag) {
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    return ifNoneMatch != null && (ifNoneMatch.contains(opaque) || ifNoneMatch.strip().equals("*"));
  }
}
