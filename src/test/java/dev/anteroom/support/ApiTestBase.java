package dev.anteroom.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A real Anteroom on a random port, on the database chosen by {@link OnH2} or {@link OnPostgres},
 * driven over HTTP. Contexts are shared between test classes with the same database, so every test
 * makes its own tenants with unique names instead of relying on an empty database.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "anteroom.secret-key=" + ApiTestBase.SECRET_KEY,
      "anteroom.admin.email=" + ApiTestBase.ADMIN_EMAIL,
      "anteroom.admin.password=" + ApiTestBase.ADMIN_PASSWORD,
      "anteroom.bcrypt-strength=4",
      "anteroom.release.loop-enabled=false",
      "anteroom.alerts.loop-enabled=false",
      "anteroom.callbacks.loop-enabled=false",
      "anteroom.dashboard.loop-enabled=false",
      "anteroom.callbacks.allow-private=true",
      "anteroom.signing-key-check-enabled=false",
      "anteroom.data-dir=target/test-data"
    })
@Import(TestClockConfiguration.class)
public abstract class ApiTestBase {

  public static final String SECRET_KEY = "test-secret-key-that-is-long-enough-for-hmac-0123";
  public static final String ADMIN_EMAIL = "root@anteroom.test";
  public static final String ADMIN_PASSWORD = "correct-horse-battery";

  @LocalServerPort protected int port;
  @Autowired protected MutableClock clock;
  @Autowired protected dev.anteroom.release.ReleaseEngine engine;
  @Autowired protected dev.anteroom.waiting.web.stream.StatusStreams streams;

  /** Moves the clock and runs one release step, as the loop would. */
  protected void step(java.time.Duration elapsed) {
    clock.tick(elapsed);
    engine.releaseDue();
    streams.publish();
  }

  protected Api api() {
    return new Api(port);
  }

  protected Api superAdmin() {
    return api().withToken(login(ADMIN_EMAIL, ADMIN_PASSWORD));
  }

  protected String login(String email, String password) {
    Api.Answer answer = api().post("/auth/login", Map.of("email", email, "password", password));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.text("access_token");
  }

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new APP_ADMIN bound to {@code applicationIds}, made by the super admin and signed in. */
  protected Api newAppAdmin(long... applicationIds) {
    String email = unique("ops") + "@shop.example";
    String password = "a-long-password";
    Api.Answer created =
        superAdmin()
            .post(
                "/admins",
                Map.of(
                    "email",
                    email,
                    "password",
                    password,
                    "role",
                    "APP_ADMIN",
                    "application_ids",
                    java.util.Arrays.stream(applicationIds).boxed().toList()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return api().withToken(login(email, password));
  }

  /** A new application made by the super admin, with its keys. */
  protected Tenant newTenant() {
    Api.Answer created = superAdmin().post("/applications", Map.of("name", unique("app")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new Tenant(
        created.id(),
        created.text("secret_key"),
        created.text("publishable_key"),
        created.text("visitor_signing_key"));
  }

  /** A queue of the tenant, with the given settings over the defaults. */
  protected long newQueue(Tenant tenant, Map<String, Object> settings) {
    Map<String, Object> body = new LinkedHashMap<>(settings);
    body.putIfAbsent("name", unique("queue"));
    Api.Answer created = api().withKey(tenant.secretKey()).post("/queues", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  /** An application as its owner sees it. */
  public record Tenant(long id, String secretKey, String publishableKey, String visitorSigningKey) {

    /**
     * The join fields of a visitor id signed by the tenant's server, valid for ten minutes from
     * {@code now}.
     */
    public Map<String, Object> signedVisitor(String visitorId, java.time.Instant now) {
      long expires = now.getEpochSecond() + 600;
      return Map.of(
          "visitor_id",
          visitorId,
          "visitor_expires_at",
          expires,
          "visitor_signature",
          dev.anteroom.tenant.VisitorIdSignature.sign(visitorSigningKey, id, visitorId, expires));
    }
  }
}
