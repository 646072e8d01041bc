package dev.anteroom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  private final WebhookSigner signer = new WebhookSigner();

  static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
    return Map.of(
        "webhook-id", List.of(id),
        "webhook-timestamp", List.of(Long.toString(timestamp)),
        "webhook-signature", List.of(signature));
  }

  /** The test vector the README gives receivers, so that it stays true. */
  @Test
  void the_readme_test_vector_signs_as_printed() {
    String secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    byte[] body = "{\"type\":\"visitor.cancelled\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(new WebhookSigner().sign("msg_789_12_1", 1767225600L, body, List.of(secret)))
        .isEqualTo("v1,lBAJZsexlY5zusA83rVKdVTKg/hYG85szpnVfRLn69Q=");
  }

  @Test
  void the_reference_library_verifies_the_signature() throws Exception {
    String secret = newSecret();
    String body = "{\"type\":\"visitor.released\",\"data\":{\"queue_id\":1}}";
    long now = Instant.now().getEpochSecond();
    String signature =
        signer.sign("msg_1_2_1", now, body.getBytes(StandardCharsets.UTF_8), List.of(secret));

    assertThat(signature).startsWith("v1,");
    new Webhook(secret).verify(body, headers("msg_1_2_1", now, signature));
    assertThat(signature).isEqualTo(new Webhook(secret).sign("msg_1_2_1", now, body));
  }

  @Test
  void during_a_rotation_both_secrets_sign_and_each_verifies() throws Exception {
    String current = newSecret();
    String previous = newSecret();
    String body = "{\"type\":\"visitor.released\",\"text\":\"naïve ✓\"}";
    long now = Instant.now().getEpochSecond();
    String signature =
        signer.sign(
            "msg_9", now, body.getBytes(StandardCharsets.UTF_8), List.of(current, previous));

    assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    new Webhook(current).verify(body, headers("msg_9", now, signature));
    new Webhook(previous).verify(body, headers("msg_9", now, signature));
    assertThatThrownBy(
            () -> new Webhook(newSecret()).verify(body, headers("msg_9", now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void a_changed_body_or_id_does_not_verify() throws Exception {
    String secret = newSecret();
    long now = Instant.now().getEpochSecond();
    String signature =
        signer.sign("msg_1", now, "{}".getBytes(StandardCharsets.UTF_8), List.of(secret));

    assertThatThrownBy(() -> new Webhook(secret).verify("{ }", headers("msg_1", now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> new Webhook(secret).verify("{}", headers("msg_2", now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void a_bad_secret_is_reported_without_showing_it() {
    assertThatThrownBy(() -> signer.sign("m", 1, new byte[0], List.of("whsec_not*base64")))
        .hasMessageNotContaining("not*base64");
  }
}
