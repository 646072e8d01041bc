package dev.anteroom.tenant.web;

import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminTokens;
import dev.anteroom.tenant.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
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
  @SecurityRequirements
  @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "401", description = "Wrong email or password")
  @ApiResponse(responseCode = "429", description = "Too many failed attempts; see Retry-After")
  @ApiResponse(responseCode = "503", description = "The store is unavailable")
  TokenView login(@RequestBody LoginRequest request, HttpServletRequest http) {
    // The peer's address; behind a proxy it is the client's only if the operator enabled
    // server.forward-headers-strategy, which makes Tomcat read X-Forwarded-For from trusted
    // proxies.
    AdminTokens.Issued issued =
        admins.login(request.email(), request.password(), ClientAddress.of(http.getRemoteAddr()));
    return new TokenView(issued.token(), "bearer", issued.expiresInSeconds());
  }

  record LoginRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String password) {
    @Override
    public String toString() {
      return "LoginRequest[" + email + "]";
    }
  }

  record TokenView(
      String accessToken,
      @Schema(allowableValues = "bearer") String tokenType,
      @Schema(description = "seconds") long expiresIn) {
    @Override
    public String toString() {
      return "TokenView[redacted]";
    }
  }
}
