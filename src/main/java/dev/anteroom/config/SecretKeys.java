package dev.anteroom.config;

import dev.anteroom.common.Hashes;
import dev.anteroom.common.SecretMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where {@code SECRET_KEY} comes from. In production it must be set and strong. In
 * development a missing key is generated once and kept in the data directory, so that queue tokens,
 * admin sessions and the signing key survive a restart of a newcomer's server.
 */
final class SecretKeys {

  static final int MIN_LENGTH = 32;
  private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

  private SecretKeys() {}

  static SecretMaterial resolve(AnteroomProperties properties) {
    String configured = properties.secretKey();
    if (configured != null && !configured.isBlank()) {
      if (properties.production() && configured.length() < MIN_LENGTH) {
        throw new MissingSecretKeyException(
            "SECRET_KEY is too short for production: "
                + configured.length()
                + " characters, at least "
                + MIN_LENGTH
                + " are required.");
      }
      return new SecretMaterial(configured);
    }
    if (properties.production()) {
      throw new MissingSecretKeyException(
          "SECRET_KEY is not set, and ANTEROOM_PROFILE=production requires it.");
    }
    Path file =
        Path.of(properties.dataDir()).toAbsolutePath().normalize().resolve("dev-secret-key");
    String generated = readOrCreate(file);
    log.warn(
        "\n\n    DEVELOPMENT MODE: SECRET_KEY is not set, so Anteroom uses a generated key kept in"
            + " {}.\n    Never run this way in production: set SECRET_KEY and"
            + " ANTEROOM_PROFILE=production.\n",
        file);
    return new SecretMaterial(generated);
  }

  private static String readOrCreate(Path file) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        try {
          Files.writeString(
              Files.createFile(file), Hashes.randomToken(48), StandardCharsets.US_ASCII);
          restrictToOwner(file);
        } catch (FileAlreadyExistsException createdConcurrently) {
          // another process won the race; read what it wrote
        }
      }
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the development secret in " + file, e);
    }
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException notPosix) {
      log.debug("could not restrict permissions of {}", file);
    }
  }
}
