package dev.anteroom.web;

import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminTokens;
import dev.anteroom.tenant.ApiKeyAuthenticator;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Reads who is calling from {@code X-API-Key} (an application key) or {@code Authorization: Bearer}
 * (an admin token). Missing or wrong credentials are a 401; too many unknown keys from one client
 * address a 429. Which web pages may use a key is {@link PageOrigins}' question.
 */
public final class CallerResolver {

  public static final String API_KEY_HEADER = "X-API-Key";

  private final ApiKeyAuthenticator keys;
  private final AdminTokens adminTokens;
  private final AdminService admins;

  public CallerResolver(ApiKeyAuthenticator keys, AdminTokens adminTokens, AdminService admins) {
    this.keys = keys;
    this.adminTokens = adminTokens;
    this.admins = admins;
  }

  public Caller resolve(HttpServletRequest request) {
    return resolveIfPresent(request)
        .orElseThrow(
            () ->
                new UnauthenticatedException(
                    "credentials are required: an X-API-Key header or an admin Bearer token"));
  }

  public Optional<Caller> resolveIfPresent(HttpServletRequest request) {
    String key = request.getHeader(API_KEY_HEADER);
    if (key != null && !key.isBlank()) {
      // The peer's address: the client's own only where the operator has enabled
      // server.forward-headers-strategy, so that Tomcat reads X-Forwarded-For from trusted proxies.
      return Optional.of(keys.authenticate(key.strip(), ClientAddress.of(request.getRemoteAddr())));
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new UnauthenticatedException("the Authorization header must be 'Bearer <token>'");
      }
      long adminId = adminTokens.verify(authorization.substring(7).strip());
      return Optional.of(admins.callerFor(adminId));
    }
    return Optional.empty();
  }
}
