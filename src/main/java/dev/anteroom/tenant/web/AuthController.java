package dev.anteroom.tenant.web;

import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "auth", description = "Admin sign-in")
class AuthController {

  private final AdminService admins;

  AuthController(AdminService admins) {
    this.admins = admins;
  }

  @PostMapping(
      path = "/auth/login",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Exchange an admin's email and password for a Bearer token",
      description =
          "Failed attempts are throttled per email and per client address: past the allowance the"
              + " answer is 429 with Retry-After, even for the right password.")
  TokenView login(@RequestBody LoginRequest request, HttpServletRequest http) {
    // The peer's address; behind a proxy it is the client's only if the operator enabled
    // server.forward-headers-strategy, which makes Tomcat read X-Forwarded-For from trusted
    // proxies.
    AdminTokens.Issued issued =
        admins.login(request.email(), request.password(), http.getRemoteAddr());
    return new TokenView(issued.token(), "bearer", issued.expiresInSeconds());
  }

  record LoginRequest(String email, String password) {
    @Override
    public String toString() {
      return "LoginRequest[" + email + "]";
    }
  }

  record TokenView(String accessToken, String tokenType, long expiresIn) {
    @Override
    public String toString() {
      return "TokenView[redacted]";
    }
  }
}
