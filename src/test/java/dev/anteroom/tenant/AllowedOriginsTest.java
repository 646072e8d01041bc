package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.ForbiddenException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

  private static final Supplier<String> OWN = () -> "https://wait.example";
  private static final Supplier<String> NOT_ASKED =
      () -> {
        throw new AssertionError("the own origin was worked out without need");
      };

  private final AllowedOrigins development = new AllowedOrigins(true);
  private final AllowedOrigins production = new AllowedOrigins(false);

  @Test
  void a_listed_origin_passes_without_parsing_or_asking_for_the_own_origin() {
    assertThatNoException()
        .isThrownBy(
            () ->
                production.checkPage(
                    listing("https://shop.example"), "https://shop.example", NOT_ASKED));
  }

  @Test
  void no_origin_is_no_page_and_passes_everywhere() {
    assertThatNoException()
        .isThrownBy(() -> production.checkPage(Optional.empty(), null, NOT_ASKED));
  }

  @Test
  void another_spelling_of_a_listed_origin_passes_and_another_origin_does_not() {
    production.checkPage(listing("https://shop.example"), "HTTPS://Shop.Example:443", OWN);
    assertThatThrownBy(
            () ->
                production.checkPage(listing("https://shop.example"), "https://evil.example", OWN))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("https://evil.example")
        .extracting(e -> ((ForbiddenException) e).code())
        .isEqualTo("origin_not_allowed");
    assertThatThrownBy(() -> production.checkPage(listing("https://shop.example"), "null", OWN))
        .as("a sandboxed page's opaque origin")
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void a_star_lets_every_page_in() {
    production.checkPage(listing("*"), "https://evil.example", NOT_ASKED);
    production.checkPage(listing("*"), "null", NOT_ASKED);
  }

  @Test
  void none_listed_is_every_page_in_development_and_none_in_production() {
    development.checkPage(listing(), "https://evil.example", NOT_ASKED);
    assertThatThrownBy(() -> production.checkPage(listing(), "https://evil.example", OWN))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("lists no allowed_origins");
    assertThatThrownBy(() -> production.checkPage(Optional.empty(), "https://evil.example", OWN))
        .as("an application the directory does not hold lists nothing")
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void anterooms_own_origin_is_same_origin_in_any_spelling_and_always_allowed() {
    production.checkPage(listing(), "https://wait.example", OWN);
    production.checkPage(listing("https://shop.example"), "https://WAIT.example:443", OWN);
    assertThatThrownBy(() -> production.checkPage(listing(), "http://wait.example", OWN))
        .as("another scheme is another origin")
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void only_publishable_keys_are_held_to_the_pages_of_their_application() {
    Caller publishable = new Caller.ApplicationKey(1, KeyKind.PUBLISHABLE);
    Caller secret = new Caller.ApplicationKey(1, KeyKind.SECRET);
    assertThatThrownBy(
            () -> production.checkKey(publishable, listing(), "https://evil.example", OWN))
        .isInstanceOf(ForbiddenException.class);
    production.checkKey(publishable, listing(), "https://wait.example", OWN);
    production.checkKey(secret, listing(), "https://evil.example", NOT_ASKED);
  }

  @Test
  void the_own_origin_is_written_the_way_origins_are_normalized() {
    assertThat(AllowedOrigins.of("HTTPS", "Wait.Example", 443)).isEqualTo("https://wait.example");
    assertThat(AllowedOrigins.of("http", "localhost", 80)).isEqualTo("http://localhost");
    assertThat(AllowedOrigins.of("http", "localhost", 8080)).isEqualTo("http://localhost:8080");
    assertThat(AllowedOrigins.of("https", "[::1]", 8443))
        .isEqualTo(AllowedOrigins.normalize("https://[::1]:8443").orElseThrow());
    for (String origin :
        List.of("https://shop.example", "http://127.0.0.1:8080", "https://shop.example:8443")) {
      assertThat(AllowedOrigins.normalize(origin)).contains(origin);
    }
    assertThat(AllowedOrigins.normalize("https://shop.example/path")).isEmpty();
  }

  private static Optional<Application> listing(String... origins) {
    return Optional.of(
        new Application(
            1, "shop", null, null, List.of(origins), null, Instant.EPOCH, Instant.EPOCH));
  }
}
