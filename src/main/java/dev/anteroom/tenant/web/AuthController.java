package dev.anteroom.tenant.web;

import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
  @Operation(summary = "Exchange an admin's email and password for a Bearer token")
  TokenView login(@RequestBody LoginRequest request) {
    AdminTokens.Issued issued = admins.login(request.email(), request.password());
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
