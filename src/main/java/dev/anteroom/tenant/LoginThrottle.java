package dev.anteroom.tenant;

import dev.anteroom.common.TooManyRequestsException;

/**
 * Sign-in attempts, counted per email and per client address before any password is hashed, so a
 * refused attempt costs microseconds instead of a BCrypt computation (about a quarter of a second
 * of CPU at strength 12). This, not the decoy hash, is what bounds the hashing an attacker can
 * cause: an unknown email is hashed against the decoy only after it has passed the same throttle.
 * Only failures count: a successful sign-in gives its attempts back. A correct password sent while
 * its email or address is throttled still waits.
 */
public final class LoginThrottle {

  private final Throttle byEmail;
  private final Throttle byAddress;

  public LoginThrottle(Throttle byEmail, Throttle byAddress) {
    this.byEmail = byEmail;
    this.byAddress = byAddress;
  }

  /**
   * Takes one attempt from the email's and the address's allowance.
   *
   * @throws TooManyRequestsException when either is used up; then neither is charged
   */
  void admit(String email, String address) {
    Throttle.Decision forAddress = byAddress.take(address);
    if (!forAddress.granted()) {
      throw throttled("from this address", forAddress);
    }
    Throttle.Decision forEmail = byEmail.take(email);
    if (!forEmail.granted()) {
      byAddress.giveBack(address);
      throw throttled("for this email", forEmail);
    }
  }

  /** The attempt signed in: it does not count against either allowance. */
  void succeeded(String email, String address) {
    byEmail.giveBack(email);
    byAddress.giveBack(address);
  }

  private static TooManyRequestsException throttled(String scope, Throttle.Decision decision) {
    return new TooManyRequestsException(
        "login_throttled",
        "too many failed sign-in attempts " + scope + "; try again after Retry-After seconds",
        decision.retryAfter());
  }
}
