package dev.anteroom.client.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/** The one If-None-Match check of the client's answers, which all carry strong ETags. */
final class Revalidation {

  private Revalidation() {}

  /** Whether the browser already holds the answer with this ETag. */
  static boolean unchanged(HttpServletRequest request, String etag) {
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    return ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"));
  }
}
