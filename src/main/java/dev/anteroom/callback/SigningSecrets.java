package dev.anteroom.callback;

import java.time.Instant;
import java.util.List;

/**
 * An application's webhook secrets ({@code whsec_...}) to sign with at {@code now}: the current one
 * first, then the previous one while a rotation's overlap lasts. Empty when it has none.
 */
@FunctionalInterface
public interface SigningSecrets {

  List<String> secrets(long applicationId, Instant now);
}
