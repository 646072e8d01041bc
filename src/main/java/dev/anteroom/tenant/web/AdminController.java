package dev.anteroom.tenant.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.tenant.Admin;
import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.NewAdmin;
import dev.anteroom.tenant.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/admins", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admins", description = "Operator accounts (super admin only)")
@SecurityRequirement(name = "admin")
class AdminController {

  private final AdminService admins;

  AdminController(AdminService admins) {
    this.admins = admins;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create an admin: a SUPER_ADMIN, or an APP_ADMIN bound to applications")
  AdminView create(@RequestBody AdminRequest request, Caller caller) {
    return AdminView.of(
        admins.create(
            caller,
            new NewAdmin(
                request.email(),
                request.password(),
                parseRole(request.role()),
                request.applicationIds())));
  }

  @GetMapping
  Page<AdminView> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    return admins.list(caller, new PageRequest(page, size)).map(AdminView::of);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable long id, Caller caller) {
    admins.delete(caller, id);
  }

  private static Role parseRole(String role) {
    if (role == null) {
      return null;
    }
    try {
      return Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("role", "role must be SUPER_ADMIN or APP_ADMIN, was " + role);
    }
  }

  record AdminRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 254) String email,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              minLength = 12,
              maxLength = 72,
              description = "12 characters to 72 bytes of UTF-8")
          String password,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "SUPER_ADMIN or APP_ADMIN (in any case)")
          String role,
      @ArraySchema(
              arraySchema =
                  @Schema(
                      description =
                          "the applications an APP_ADMIN manages; empty for a SUPER_ADMIN"))
          Set<Long> applicationIds) {
    @Override
    public String toString() {
      return "AdminRequest[" + email + ", " + role + "]";
    }
  }

  record AdminView(long id, String email, Role role, Set<Long> applicationIds, Instant createdAt) {
    static AdminView of(Admin admin) {
      return new AdminView(
          admin.id(),
          admin.email(),
          admin.role(),
          new TreeSet<>(admin.applicationIds()),
          admin.createdAt());
    }
  }
}
