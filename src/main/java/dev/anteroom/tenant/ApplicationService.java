package dev.anteroom.tenant;

import dev.anteroom.common.CallbackUrls;
import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.Ids;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Applications and their keys, with the tenancy rules of {@link Caller} applied to every call. */
public final class ApplicationService {

  /** Told when an application is deleted, inside the same transaction. */
  @FunctionalInterface
  public interface DeletionListener {
    void applicationDeleted(long applicationId, java.time.Instant at);
  }

  /** Told after an application is created or changed, so caches follow at once. */
  @FunctionalInterface
  public interface ChangeListener {
    void applicationChanged(Application application);
  }

  private final ApplicationStore store;
  private final ApiKeyAuthenticator keys;
  private final VisitorSigningKeys visitorKeys;
  private final WebhookSecrets webhookSecrets;
  private final Transactions transactions;
  private final List<DeletionListener> deletionListeners;
  private final List<ChangeListener> changeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Clock clock;
  private volatile CallbackUrls callbackUrls = CallbackUrls.FORM_ONLY;

  public ApplicationService(
      ApplicationStore store,
      ApiKeyAuthenticator keys,
      VisitorSigningKeys visitorKeys,
      WebhookSecrets webhookSecrets,
      Transactions transactions,
      List<DeletionListener> deletionListeners,
      Clock clock) {
    this.store = store;
    this.keys = keys;
    this.visitorKeys = visitorKeys;
    this.webhookSecrets = webhookSecrets;
    this.transactions = transactions;
    this.deletionListeners = List.copyOf(deletionListeners);
    this.clock = clock;
  }

  public void addListener(ChangeListener listener) {
    changeListeners.add(listener);
  }

  /** The check a callback URL must pass when it is saved (the callback feature sets it). */
  public void checkCallbackUrlsWith(CallbackUrls check) {
    this.callbackUrls = check;
  }

  public Created create(Caller caller, ApplicationFields fields) {
    caller.requireSuperAdmin();
    callbackUrls.check("callback_url", fields.callbackUrl());
    ApiKeys.IssuedKeys issued = ApiKeys.generate();
    String webhookSecret = WebhookSecrets.generate();
    String sealed = webhookSecrets.seal(webhookSecret);
    Instant now = clock.instant();
    Application application =
        transactions.inTransaction(
            () -> {
              Application created = store.create(Ids.next(), fields, issued.hashes(), now);
              store.replaceWebhookSecret(created.id(), sealed, now);
              return created;
            });
    keys.issued(issued.hashes());
    changeListeners.forEach(listener -> listener.applicationChanged(application));
    return new Created(application, shown(application.id(), issued), webhookSecret);
  }

  /**
   * A new webhook secret for the application, shown this once; the one it replaces keeps signing
   * callbacks for {@link WebhookSecrets#OVERLAP}. An application that had none gets its first.
   */
  public String rotateWebhookSecret(Caller caller, long id) {
    caller.requireManagement(id);
    String secret = WebhookSecrets.generate();
    Instant now = clock.instant();
    if (!store.replaceWebhookSecret(
        id, webhookSecrets.seal(secret), now.plus(WebhookSecrets.OVERLAP))) {
      throw new NotFoundException("application", id);
    }
    webhookSecrets.forget(id);
    return secret;
  }

  public Application get(Caller caller, long id) {
    caller.requireManagement(id);
    return store.find(id).orElseThrow(() -> new NotFoundException("application", id));
  }

  public Page<Application> list(Caller caller, PageRequest page) {
    caller.requireServerSide();
    return store.list(page, caller.visibleApplications());
  }

  public Application update(Caller caller, long id, ApplicationFields fields) {
    caller.requireManagement(id);
    callbackUrls.check("callback_url", fields.callbackUrl());
    Application updated =
        store
            .update(id, fields, clock.instant())
            .orElseThrow(() -> new NotFoundException("application", id));
    changeListeners.forEach(listener -> listener.applicationChanged(updated));
    return updated;
  }

  /** New keys for the application; the old ones stop working at once. */
  public Keys rotateKeys(Caller caller, long id) {
    caller.requireManagement(id);
    ApiKeys.IssuedKeys issued = ApiKeys.generate();
    if (!store.replaceKeys(id, issued.hashes(), clock.instant())) {
      throw new NotFoundException("application", id);
    }
    keys.forget(id);
    visitorKeys.forget(id);
    keys.issued(issued.hashes());
    return shown(id, issued);
  }

  /**
   * The application's current visitor-signing key. Unlike the API keys it can be read again, by
   * those who could rotate the keys to see it anyway: it is derived, and an application created
   * before signed visitor ids existed needs it without replacing its API keys.
   */
  public String visitorSigningKey(Caller caller, long id) {
    caller.requireManagement(id);
    return visitorKeys.current(id).orElseThrow(() -> new NotFoundException("application", id));
  }

  private Keys shown(long id, ApiKeys.IssuedKeys issued) {
    return new Keys(
        issued.secretKey(),
        issued.publishableKey(),
        visitorKeys.derive(id, issued.hashes().secretKeyHash()));
  }

  public void delete(Caller caller, long id) {
    caller.requireManagement(id);
    if (!(caller instanceof Caller.AdminUser admin && admin.role() == Role.SUPER_ADMIN)) {
      throw new ForbiddenException("only a super admin can delete an application");
    }
    var now = clock.instant();
    boolean deleted =
        transactions.inTransaction(
            () -> {
              if (!store.delete(id, now)) {
                return false;
              }
              deletionListeners.forEach(listener -> listener.applicationDeleted(id, now));
              return true;
            });
    if (!deleted) {
      throw new NotFoundException("application", id);
    }
    keys.forget(id);
    visitorKeys.forget(id);
    webhookSecrets.forget(id);
  }

  /** A new application with its keys and webhook secret, shown this once. */
  public record Created(Application application, Keys keys, String webhookSecret) {
    @Override
    public String toString() {
      return "Created[application=" + application.id() + ", keys and secret redacted]";
    }
  }

  /**
   * An application's keys in clear, as shown once to the tenant: the two API keys and the key its
   * server signs visitor ids with (see {@link VisitorIdSignature}).
   */
  public record Keys(String secretKey, String publishableKey, String visitorSigningKey) {
    @Override
    public String toString() {
      return "Keys[redacted]";
    }
  }
}
