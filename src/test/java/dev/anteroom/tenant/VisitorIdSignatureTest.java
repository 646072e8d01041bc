package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.anteroom.common.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisitorIdSignatureTest {

  /** A key as the server shows it; the expected signatures were computed with Python's hmac. */
  static final String KEY = "vsk_dFUqem6vv1n-ndM0qQL-pCm_v4jTWrBHJ6h3VHRlLXA";

  static final long APPLICATION = 123;
  static final long EXPIRES = 1767225600; // 2026-01-01T00:00:00Z
  static final String SIGNATURE = "WucTDkGcdjcfG205G_qlqnpaRaCPuGL5xrSiQBScKCM";
  private final Instant now = Instant.ofEpochSecond(EXPIRES).minus(Duration.ofMinutes(10));

  private InvalidInputException refusal(String visitorId, long expires, String signature) {
    return refusal(KEY, APPLICATION, visitorId, expires, signature);
  }

  private InvalidInputException refusal(
      String key, long application, String visitorId, long expires, String signature) {
    return catchThrowableOfType(
        InvalidInputException.class,
        () -> VisitorIdSignature.check(key, application, visitorId, expires, signature, now));
  }

  @Test
  void the_signature_is_the_one_the_readme_snippets_compute() {
    assertThat(VisitorIdSignature.sign(KEY, APPLICATION, "customer-42", EXPIRES))
        .isEqualTo(SIGNATURE);
    assertThat(VisitorIdSignature.sign(KEY, APPLICATION, "zoë-7", EXPIRES))
        .as("visitor ids are signed as UTF-8")
        .isEqualTo("MOz4b0fpDqW2JWUwnzxowE-JYkK2Bald4JLKZHrzn58");
  }

  @Test
  void a_good_signature_passes() {
    assertThatCode(
            () ->
                VisitorIdSignature.check(KEY, APPLICATION, "customer-42", EXPIRES, SIGNATURE, now))
        .doesNotThrowAnyException();
  }

  @Test
  void a_signature_of_another_id_expiry_application_or_key_is_refused() {
    String other = VisitorIdSignature.sign(KEY, APPLICATION, "customer-43", EXPIRES);
    assertThat(refusal("customer-42", EXPIRES, other).code()).isEqualTo("bad_visitor_signature");
    assertThat(refusal("customer-43", EXPIRES, SIGNATURE).code())
        .isEqualTo("bad_visitor_signature");
    assertThat(refusal("customer-42 ", EXPIRES, SIGNATURE).code())
        .as("the id exactly as signed")
        .isEqualTo("bad_visitor_signature");
    assertThat(refusal("customer-42", EXPIRES + 3600, SIGNATURE).code())
        .isEqualTo("bad_visitor_signature");
    assertThat(refusal(KEY, APPLICATION + 1, "customer-42", EXPIRES, SIGNATURE).code())
        .isEqualTo("bad_visitor_signature");
    String otherKey = "vsk_" + "A".repeat(43);
    InvalidInputException wrongKey =
        refusal(otherKey, APPLICATION, "customer-42", EXPIRES, SIGNATURE);
    assertThat(wrongKey.code()).isEqualTo("bad_visitor_signature");
    assertThat(wrongKey.field()).isEqualTo("visitor_signature");
    assertThat(wrongKey.getMessage()).contains("visitor_signing_key");
  }

  @Test
  void a_tampered_signature_is_refused() {
    char first = SIGNATURE.charAt(0);
    String tampered = (first == 'A' ? 'B' : 'A') + SIGNATURE.substring(1);
    assertThat(refusal("customer-42", EXPIRES, tampered).code()).isEqualTo("bad_visitor_signature");
  }

  @Test
  void only_the_one_canonical_base64url_spelling_is_accepted() {
    // 32 bytes take 43 characters with 2 spare bits in the last; decoders ignore them.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = SIGNATURE.charAt(42);
    String respelled = SIGNATURE.substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    for (String spelling :
        new String[] {
          respelled,
          SIGNATURE + "=",
          SIGNATURE.replace('-', '+').replace('_', '/'),
          " " + SIGNATURE,
          SIGNATURE.substring(1),
          ""
        }) {
      InvalidInputException refused = refusal("customer-42", EXPIRES, spelling);
      assertThat(refused).as(spelling).isNotNull();
      assertThat(refused.code()).as(spelling).isEqualTo("bad_visitor_signature");
      assertThat(refused.field()).isEqualTo("visitor_signature");
    }
    assertThat(refusal("customer-42", EXPIRES, null).code()).isEqualTo("bad_visitor_signature");
  }

  @Test
  void an_expired_signature_is_refused_even_when_genuine() {
    long past = now.getEpochSecond();
    String signature = VisitorIdSignature.sign(KEY, APPLICATION, "customer-42", past);

    InvalidInputException refused = refusal("customer-42", past, signature);

    assertThat(refused.code()).isEqualTo("visitor_signature_expired");
    assertThat(refused.field()).isEqualTo("visitor_expires_at");
    assertThatCode(
            () ->
                VisitorIdSignature.check(
                    KEY,
                    APPLICATION,
                    "customer-42",
                    past + 1,
                    VisitorIdSignature.sign(KEY, APPLICATION, "customer-42", past + 1),
                    now))
        .doesNotThrowAnyException();
  }

  @Test
  void an_expiry_more_than_a_day_ahead_is_refused() {
    long limit = now.getEpochSecond() + Duration.ofHours(24).toSeconds();
    String atLimit = VisitorIdSignature.sign(KEY, APPLICATION, "customer-42", limit);
    String beyond = VisitorIdSignature.sign(KEY, APPLICATION, "customer-42", limit + 1);

    assertThatCode(
            () -> VisitorIdSignature.check(KEY, APPLICATION, "customer-42", limit, atLimit, now))
        .doesNotThrowAnyException();
    InvalidInputException refused = refusal("customer-42", limit + 1, beyond);
    assertThat(refused.code()).isEqualTo("visitor_expiry_too_far");
    assertThat(refused.field()).isEqualTo("visitor_expires_at");
  }
}
