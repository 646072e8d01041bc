package dev.anteroom.tenant;

import java.util.concurrent.atomic.AtomicInteger;

/** A password "hash" that is the password itself, counting how often a check was paid for. */
public final class FakeHasher implements PasswordHasher {

  public final AtomicInteger checks = new AtomicInteger();

  @Override
  public String hash(String password) {
    return "plain:" + password;
  }

  @Override
  public boolean matches(String password, String hash) {
    checks.incrementAndGet();
    return hash.equals("plain:" + password);
  }
}
