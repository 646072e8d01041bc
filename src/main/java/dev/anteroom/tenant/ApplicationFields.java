package dev.anteroom.tenant;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  /** "*" or scheme://host[:port], lower-cased, as browsers send it in the Origin header. */
  private static String normalizeOrigin(String origin) {
    String bad = "allowed_origins entries must be \"*\" or an origin such as https://shop.example";
    if (origin == null || origin.isBlank()) {
      throw new InvalidInputException("allowed_origins", bad);
    }
    String text = origin.strip();
    if (text.equals("*")) {
      return text;
    }
    try {
      URI uri = new URI(text);
      boolean plain =
          uri.getScheme() != null
              && (uri.getScheme().equalsIgnoreCase("http")
                  || uri.getScheme().equalsIgnoreCase("https"))
              && uri.getHost() != null
              && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      if (!plain) {
        throw new InvalidInputException("allowed_origins", bad + ", not " + text);
      }
      String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
      return (uri.getScheme() + "://" + uri.getHost() + port).toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("allowed_origins", bad + ", not " + text);
    }
  }
}
