package dev.anteroom.callback.http;

import dev.anteroom.callback.Backoff;
import dev.anteroom.callback.CallbackTransport;
import dev.anteroom.callback.DeliveryResult;
import dev.anteroom.callback.ErrorKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Callbacks over Apache HttpClient 5: pooled keep-alive connections (at most the per-host bound to
 * one host), a connect timeout and a deadline for the whole exchange, redirects never followed, no
 * automatic retries (the outbox retries), and every connection made through {@link
 * PublicOnlyDnsResolver}, so a callback URL that resolves to a loopback, private or link-local
 * address is refused at connect time.
 */
public final class HttpCallbackTransport implements CallbackTransport, AutoCloseable {

  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager connections;
  private final ScheduledExecutorService deadlines;
  private final Duration requestTimeout;
  private final Clock clock;

  public HttpCallbackTransport(
      Duration connectTimeout,
      Duration requestTimeout,
      int maxConnections,
      int maxPerHost,
      boolean allowPrivate,
      Clock clock) {
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new PublicOnlyDnsResolver(allowPrivate))
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxPerHost)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(connectTimeout))
                    .setSocketTimeout(Timeout.of(requestTimeout))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .evictExpiredConnections()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(requestTimeout))
                    .setConnectionRequestTimeout(Timeout.of(requestTimeout))
                    .build())
            .build();
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("anteroom-callback-deadlines").daemon().unstarted(r));
  }

  @Override
  public DeliveryResult post(URI target, Map<String, String> headers, byte[] body) {
    long started = System.nanoTime();
    HttpPost post = new HttpPost(target);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              expired.set(true);
              post.cancel();
            },
            requestTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return client.execute(
          post,
          response -> {
            Header retryAfter = response.getFirstHeader("Retry-After");
            return DeliveryResult.answered(
                response.getCode(),
                retryAfter == null
                    ? null
                    : Backoff.parseRetryAfter(retryAfter.getValue(), clock.instant()),
                snippet(response.getEntity()),
                elapsed(started));
          });
    } catch (PublicOnlyDnsResolver.RefusedAddressException e) {
      return DeliveryResult.failed(ErrorKinds.REFUSED_ADDRESS, e.getMessage(), elapsed(started));
    } catch (UnknownHostException e) {
      return DeliveryResult.failed(ErrorKinds.DNS_FAILED, e.getMessage(), elapsed(started));
    } catch (SocketTimeoutException e) {
      return DeliveryResult.failed(ErrorKinds.TIMEOUT, e.getMessage(), elapsed(started));
    } catch (IOException | RuntimeException e) {
      if (expired.get() || e instanceof InterruptedIOException) {
        return DeliveryResult.failed(
            ErrorKinds.TIMEOUT,
            "no complete answer within " + requestTimeout.toMillis() + " ms",
            elapsed(started));
      }
      return DeliveryResult.failed(
          ErrorKinds.CONNECTION_FAILED, e.getClass().getSimpleName(), elapsed(started));
    } finally {
      deadline.cancel(false);
    }
  }

  /**
   * The start of the body as text. Closing the stream reads and drops the rest, so the connection
   * goes back to the pool (the deadline bounds a receiver that never stops sending).
   */
  private static String snippet(HttpEntity entity) throws IOException {
    if (entity == null) {
      return null;
    }
    try (InputStream in = entity.getContent()) {
      byte[] start = in.readNBytes(DeliveryResult.SNIPPET_BYTES);
      return start.length == 0 ? null : new String(start, StandardCharsets.UTF_8);
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    try {
      client.close();
    } catch (IOException ignored) {
      // Closing idle connections at shutdown; nothing to report.
    }
  }
}
