package dev.anteroom.tenant;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The settable fields of an application, validated on construction. */
public record ApplicationFields(
    String name,
    String description,
    String callbackUrl,
    List<String> allowedOrigins,
    Integer maxReleaseRatePerMinute) {

  static final int MAX_ORIGINS = 50;
  static final int MAX_RATE = 1_000_000;

  public ApplicationFields {
    name = Checks.requiredText("name", name, 200);
    description = Checks.optionalText("description", description, 2000);
    callbackUrl = Checks.optionalHttpUrl("callback_url", callbackUrl);
    allowedOrigins = origins(allowedOrigins);
    maxReleaseRatePerMinute =
        Checks.optionalIntInRange(
            "max_release_rate_per_minute", maxReleaseRatePerMinute, 1, MAX_RATE);
  }

  private static List<String> origins(List<String> given) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > MAX_ORIGINS) {
      throw new InvalidInputException(
          "allowed_origins", "allowed_origins may list at most " + MAX_ORIGINS + " origins");
    }
    List<String> origins = new ArrayList<>();
    for (String origin : given) {
      String normalized = normalizeOrigin(origin);
      if (!origins.contains(normalized)) {
        origins.add(normalized);
      }
    }
    return List.copyOf(origins);
  }

  /**
   * "*" or scheme://host[:port] as browsers send it in the Origin header: lower-cased, without a
   * default port or trailing slash, so the check on each join is a plain comparison.
   */
  private static String normalizeOrigin(String origin) {
    String bad = "allowed_origins entries must be \"*\" or an origin such as https://shop.example";
    if (origin == null || origin.isBlank()) {
      throw new InvalidInputException("allowed_origins", bad);
    }
    String text = origin.strip();
    if (text.equals("*")) {
      return text;
    }
    return AllowedOrigins.normalize(text)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "allowed_origins", bad + " (no path, query or credentials), not " + text));
  }
}
