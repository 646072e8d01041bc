package dev.anteroom.tenant.spring;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.config.AnteroomProperties;
import dev.anteroom.config.InvalidAdminSettingsException;
import dev.anteroom.config.MissingAdminPasswordException;
import dev.anteroom.tenant.AdminService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the first super admin from {@code ADMIN_EMAIL} and {@code ADMIN_PASSWORD} on the first
 * start. In development, without a password, one is generated and printed this once, the only time
 * a credential is ever written to the log, so that a newcomer can sign in. In production the node
 * refuses to start instead ({@link MissingAdminPasswordException}): production logs are kept and
 * shared. It runs before the web server starts, so the first sign-in can never arrive before the
 * admin exists.
 */
final class AdminBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

  private final AdminService admins;
  private final AnteroomProperties.Admin settings;
  private final boolean production;

  AdminBootstrap(AdminService admins, AnteroomProperties.Admin settings, boolean production) {
    this.admins = admins;
    this.settings = settings;
    this.production = production;
  }

  @Override
  public void afterSingletonsInstantiated() {
    boolean noPassword = settings.password() == null || settings.password().isBlank();
    if (production && noPassword && !admins.superAdminExists()) {
      throw new MissingAdminPasswordException(settings.email());
    }
    Optional<String> created;
    try {
      created = admins.ensureSuperAdmin(settings.email(), settings.password());
    } catch (InvalidInputException e) {
      throw new InvalidAdminSettingsException(e.getMessage());
    }
    created.ifPresentOrElse(
        generated ->
            log.warn(
                "\n\n    Created the first super admin {} with the generated password:\n\n"
                    + "        {}\n\n    It is shown only this once. Sign in with POST"
                    + " /auth/login and create your own admins.\n",
                settings.email(),
                generated),
        () -> log.debug("a super admin exists; nothing to create"));
  }
}
