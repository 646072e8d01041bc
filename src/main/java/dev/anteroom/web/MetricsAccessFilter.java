package dev.anteroom.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /metrics}, which shows every tenant's traffic. With a token ({@code
 * ANTEROOM_METRICS_TOKEN}) a scrape must send {@code Authorization: Bearer <token>}, or it is
 * answered 401; the token is compared by its SHA-256 digest in constant time, so neither its
 * content nor its length leaks through timing. Without a token the endpoint is open in development
 * and, in production, not served at all (404), so a production node never shows it openly.
 */
final class MetricsAccessFilter extends OncePerRequestFilter {

  /** What the filter does with a scrape. */
  enum Mode {
    OPEN,
    TOKEN,
    HIDDEN
  }

  private static final String BEARER = "bearer ";

  private final Mode mode;
  private final byte[] tokenDigest;

  private MetricsAccessFilter(Mode mode, String token) {
    this.mode = mode;
    this.tokenDigest = token == null ? null : sha256(token);
  }

  /** The filter for a token (blank: none) and a production flag. */
  static MetricsAccessFilter of(String token, boolean production) {
    if (token != null && !token.isBlank()) {
      return new MetricsAccessFilter(Mode.TOKEN, token.strip());
    }
    return new MetricsAccessFilter(production ? Mode.HIDDEN : Mode.OPEN, null);
  }

  Mode mode() {
    return mode;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    switch (mode) {
      case OPEN -> chain.doFilter(request, response);
      case HIDDEN ->
          Problems.write(
              request,
              response,
              404,
              "not_found",
              "metrics are not served in production without ANTEROOM_METRICS_TOKEN",
              null);
      case TOKEN -> {
        if (presentsToken(request.getHeader("Authorization"))) {
          chain.doFilter(request, response);
        } else {
          response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
          Problems.write(
              request,
              response,
              401,
              "unauthenticated",
              "metrics need Authorization: Bearer with the metrics token",
              null);
        }
      }
    }
  }

  private boolean presentsToken(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return MessageDigest.isEqual(
        tokenDigest, sha256(authorization.substring(BEARER.length()).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
