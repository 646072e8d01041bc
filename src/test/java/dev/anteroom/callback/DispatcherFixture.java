package dev.anteroom.callback;

import dev.anteroom.callback.http.HttpCallbackTransport;
import dev.anteroom.callback.jdbc.JdbcOutboxStore;
import dev.anteroom.common.Ids;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueSettings;
import dev.anteroom.queue.jdbc.JdbcQueueStore;
import dev.anteroom.support.MutableClock;
import dev.anteroom.tenant.ApiKeys;
import dev.anteroom.tenant.ApplicationFields;
import dev.anteroom.tenant.jdbc.JdbcApplicationStore;
import dev.anteroom.waiting.PassIssuer;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.store.VisitorEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dispatcher over a real database and the real HTTP transport, with a clock the test moves. The
 * clock starts at the real time, because receivers (and the reference library) refuse webhook
 * timestamps far from their own clock.
 */
final class DispatcherFixture implements AutoCloseable {

  static final byte[] TOKEN_KEY = "queue-token-key-for-dispatcher-tests".getBytes();

  final DataSource dataSource;
  final JdbcTemplate jdbc;
  final JdbcClient client;
  final TransactionTemplate transactions;
  final JdbcOutboxStore outbox;
  final JdbcApplicationStore applications;
  final JdbcQueueStore queues;
  final QueueDirectory directory;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final Map<Long, List<String>> secrets = new ConcurrentHashMap<>();

  /** Secret lookups (then outcome writes) that fail before the next one works, as in an outage. */
  final AtomicInteger secretFailures = new AtomicInteger();

  final AtomicInteger recordFailures = new AtomicInteger();
  final VisitorTokens tokens = new VisitorTokens(TOKEN_KEY);
  final PassIssuer passes =
      (queue, seq, visitorId, releasedAt, expiresAt) -> "pass-" + queue.id() + "-" + seq;
  final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("test-delivery-", 0).factory());
  final CallbackOutcomes outcomes = new CallbackOutcomes(clock);
  private HttpCallbackTransport transport;

  DispatcherFixture(DataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
    this.client = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.outbox = new JdbcOutboxStore(jdbc, transactions, isPostgres(dataSource));
    this.applications = new JdbcApplicationStore(client);
    this.queues = new JdbcQueueStore(client);
    this.directory = new QueueDirectory(queues::all, applications::all);
  }

  static boolean isPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Backoff backoff() {
    return new Backoff(Duration.ofSeconds(1), 4, 3, Duration.ofHours(1), new SplittableRandom(3));
  }

  Dispatcher dispatcher(int maxConcurrent, int maxPerHost, boolean allowPrivate) {
    return dispatcher(maxConcurrent, maxPerHost, allowPrivate, Duration.ofSeconds(5));
  }

  Dispatcher dispatcher(
      int maxConcurrent, int maxPerHost, boolean allowPrivate, Duration requestTimeout) {
    if (transport != null) {
      transport.close();
    }
    transport =
        new HttpCallbackTransport(
            Duration.ofSeconds(2), requestTimeout, maxConcurrent, maxPerHost, allowPrivate, clock);
    Dispatcher dispatcher =
        new Dispatcher(
            flaky(outbox),
            transport,
            (app, now) -> {
              if (secretFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("the database is unavailable");
              }
              return secrets.getOrDefault(app, List.of());
            },
            directory,
            tokens,
            passes,
            backoff(),
            new Dispatcher.Limits(
                100, maxConcurrent, maxPerHost, Duration.ofMinutes(1), Duration.ofSeconds(1)),
            executor,
            clock);
    dispatcher.observe(outcomes);
    return dispatcher;
  }

  /** The outbox, whose outcome writes fail while {@link #recordFailures} counts down. */
  private OutboxStore flaky(OutboxStore real) {
    return (OutboxStore)
        Proxy.newProxyInstance(
            OutboxStore.class.getClassLoader(),
            new Class<?>[] {OutboxStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("record")
                  && recordFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("the database is unavailable");
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** A new application with a secret and a queue whose callback URL is {@code url}. */
  long newQueue(String url, String secret) {
    long application = Ids.next();
    applications.create(
        application,
        new ApplicationFields("app-" + application, null, null, null, null),
        ApiKeys.generate().hashes(),
        clock.instant());
    if (secret != null) {
      secrets.put(application, List.of(secret));
    }
    long queue = Ids.next();
    queues.create(
        queue,
        application,
        QueueSettings.of(
            "q", null, null, null, null, null, url, null, null, null, null, null, null),
        clock.instant());
    directory.refresh();
    return queue;
  }

  long applicationOf(long queue) {
    return directory.find(queue).orElseThrow().applicationId();
  }

  /** A visitor released now, and its pending visitor.released event. */
  void released(long queue, long seq, String visitorKey) {
    Instant now = clock.instant();
    Instant joined = now.minusSeconds(90);
    jdbc.update(
        "INSERT INTO visitors (queue_id, seq, priority, state, visitor_key, joined_at, released_at,"
            + " expires_at, position_at_join) VALUES (?, ?, 5, 2, ?, ?, ?, ?, ?)",
        queue,
        seq,
        visitorKey,
        joined.toEpochMilli(),
        now.toEpochMilli(),
        now.plusSeconds(900).toEpochMilli(),
        (int) seq);
    event(queue, seq, VisitorEvent.RELEASED, now);
  }

  void event(long queue, long seq, VisitorEvent event, Instant at) {
    jdbc.update(
        "INSERT INTO callback_outbox (queue_id, seq, event_type, occurred_at, state, attempts,"
            + " due_at) VALUES (?, ?, ?, ?, 1, 0, ?)",
        queue,
        seq,
        event.code(),
        at.toEpochMilli(),
        at.toEpochMilli());
  }

  /** The outbox row's state, attempts and due time. */
  Map<String, Object> row(long queue, long seq) {
    return jdbc.queryForMap(
        "SELECT state, attempts, due_at, claimed_until, attempt_log FROM callback_outbox"
            + " WHERE queue_id = ? AND seq = ? AND event_type = 1",
        queue,
        seq);
  }

  int state(long queue, long seq) {
    return ((Number) row(queue, seq).get("state")).intValue();
  }

  int attempts(long queue, long seq) {
    return ((Number) row(queue, seq).get("attempts")).intValue();
  }

  Instant dueAt(long queue, long seq) {
    return Instant.ofEpochMilli(((Number) row(queue, seq).get("due_at")).longValue());
  }

  List<Map<String, Object>> errors(long queue) {
    return jdbc.queryForList("SELECT * FROM callback_errors WHERE queue_id = ?", queue);
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
    }
    executor.shutdownNow();
  }
}
