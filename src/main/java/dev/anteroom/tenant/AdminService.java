package dev.anteroom.tenant;

import dev.anteroom.common.ConflictException;
import dev.anteroom.common.Hashes;
import dev.anteroom.common.Ids;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.common.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Admin users: creation, sign-in and the first super admin. */
public final class AdminService {

  private static final int MAX_EMAIL = 254;

  private final AdminStore admins;
  private final ApplicationStore applications;
  private final PasswordHasher hasher;
  private final AdminTokens tokens;
  private final LoginThrottle throttle;
  private final Semaphore hashing = new Semaphore(Runtime.getRuntime().availableProcessors());
  private static final Duration HASHING_WAIT = Duration.ofSeconds(1);
  private static final Duration RETRY_BUSY = Duration.ofSeconds(1);
  private final Clock clock;
  private final String decoyHash;

  public AdminService(
      AdminStore admins,
      ApplicationStore applications,
      PasswordHasher hasher,
      AdminTokens tokens,
      LoginThrottle throttle,
      Clock clock) {
    this.admins = admins;
    this.applications = applications;
    this.hasher = hasher;
    this.tokens = tokens;
    this.throttle = throttle;
    this.clock = clock;
    this.decoyHash = hasher.hash(Hashes.randomToken(16));
  }

  public Admin create(Caller caller, NewAdmin request) {
    caller.requireSuperAdmin();
    for (long applicationId : request.applicationIds()) {
      if (applications.find(applicationId).isEmpty()) {
        throw new InvalidInputException(
            "application_ids", "application " + applicationId + " does not exist");
      }
    }
    return admins.create(
        Ids.next(),
        request.email(),
        hasher.hash(request.password()),
        request.role(),
        request.applicationIds(),
        clock.instant());
  }

  public Page<Admin> list(Caller caller, PageRequest page) {
    caller.requireSuperAdmin();
    return admins.list(page);
  }

  public void delete(Caller caller, long id) {
    caller.requireSuperAdmin();
    Admin admin = admins.find(id).orElseThrow(() -> new NotFoundException("admin", id));
    if (admin.role() == Role.SUPER_ADMIN && admins.countSuperAdmins() <= 1) {
      throw new ConflictException(
          "last_super_admin", "the last super admin cannot be deleted; create another first");
    }
    if (!admins.delete(id, clock.instant())) {
      throw new NotFoundException("admin", id);
    }
  }

  /**
   * A sign-in token for the right email and password; the same answer for every wrong pair.
   *
   * @param clientAddress where the attempt comes from, for the throttle
   * @throws dev.anteroom.common.TooManyRequestsException when the email or the address has failed
   *     too often lately; checked before any hashing
   */
  public AdminTokens.Issued login(String email, String password, String clientAddress) {
    String address = NewAdmin.signInEmail(email);
    String normalized = address == null ? "" : address;
    // No address is longer; the cut keeps a flood of huge emails from bloating the throttle.
    normalized = normalized.substring(0, Math.min(normalized.length(), MAX_EMAIL));
    throttle.admit(normalized, clientAddress);
    Optional<AdminStore.Credentials> found =
        normalized.isEmpty() ? Optional.empty() : admins.findByEmail(normalized);
    String candidate = password == null ? "" : password;
    // Hash even for an unknown email, so response time does not tell which emails exist.
    boolean matches =
        hashed(() -> hasher.matches(candidate, found.map(c -> c.passwordHash()).orElse(decoyHash)));
    if (found.isEmpty() || !matches) {
      throw new UnauthenticatedException("wrong email or password");
    }
    throttle.succeeded(normalized, clientAddress);
    return tokens.issue(found.get().admin());
  }

  /**
   * Runs a password check with at most one per core at a time. The throttle bounds the attempts of
   * each email and address, but many addresses together could still keep every core hashing and
   * starve the release loop; past this bound a sign-in is refused at once, to be retried.
   */
  private boolean hashed(BooleanSupplier check) {
    boolean admitted;
    try {
      admitted = hashing.tryAcquire(HASHING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      throw new UnavailableException(
          "sign_in_busy", "too many sign-ins are being checked right now; try again", RETRY_BUSY);
    }
    try {
      return check.getAsBoolean();
    } finally {
      hashing.release();
    }
  }

  /** The live admin behind a verified token, as a caller. */
  public Caller.AdminUser callerFor(long adminId) {
    Admin admin =
        admins
            .find(adminId)
            .orElseThrow(() -> new UnauthenticatedException("the admin no longer exists"));
    return new Caller.AdminUser(admin.id(), admin.role(), admin.applicationIds());
  }

  /** Whether any super admin exists, so that a first one need not be created. */
  public boolean superAdminExists() {
    return admins.countSuperAdmins() > 0;
  }

  /**
   * Creates the first super admin when there is none. Returns the password it generated, if it had
   * to generate one, so that the caller can show it this once.
   */
  public Optional<String> ensureSuperAdmin(String email, String password) {
    if (superAdminExists()) {
      return Optional.empty();
    }
    String chosen = password == null || password.isBlank() ? Hashes.randomToken(18) : password;
    NewAdmin first = new NewAdmin(email, chosen, Role.SUPER_ADMIN, null);
    try {
      admins.create(
          Ids.next(),
          first.email(),
          hasher.hash(first.password()),
          Role.SUPER_ADMIN,
          first.applicationIds(),
          clock.instant());
    } catch (ConflictException alreadyCreatedByAnotherNode) {
      return Optional.empty();
    }
    return chosen.equals(password) ? Optional.empty() : Optional.of(chosen);
  }
}
