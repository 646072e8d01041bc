package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A database that is down, closed or too slow is an outage: 503 with {@code Retry-After}, the same
 * on MVC endpoints and the lean filters. Only a real constraint violation is a 409 conflict.
 */
class DatabaseFailureMappingTest {

  private final ProblemAdvice advice = new ProblemAdvice();

  @Test
  void a_closed_h2_database_inside_a_constraint_failure_is_an_outage_not_a_conflict() {
    // The chain H2 2.4.240 produced for every queue write once the pool had retired a connection.
    SQLException closed =
        new SQLNonTransientConnectionException("The database has been closed", "90098", 90098);
    SQLException check =
        new SQLIntegrityConstraintViolationException(
            "Check constraint invalid: \"CK_QUEUES_METHOD: \"", "23514", 23514, closed);
    DataIntegrityViolationException e = new DataIntegrityViolationException("insert", check);

    assertUnavailable(advice.integrity(e));
    assertThat(Problems.forFailure(e))
        .get()
        .satisfies(p -> assertThat(p.code()).isEqualTo("store_unavailable"));
  }

  @Test
  void a_real_constraint_violation_stays_a_conflict() {
    SQLException duplicate =
        new SQLIntegrityConstraintViolationException("duplicate key", "23505", 23505);
    ResponseEntity<ProblemDetail> answer =
        advice.integrity(new DuplicateKeyException("insert", duplicate));

    assertThat(answer.getStatusCode().value()).isEqualTo(409);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
  }

  @Test
  void lost_refused_and_timed_out_connections_are_outages() {
    assertUnavailable(
        advice.unexpected(
            new CannotGetJdbcConnectionException(
                "pool",
                new SQLTransientConnectionException(
                    "anteroom - Connection is not available, request timed out after 2000ms",
                    new ConnectException("Connection refused")))));
    assertUnavailable(
        advice.unexpected(
            new DataAccessResourceFailureException(
                "update",
                new SQLException("terminating connection due to administrator command", "57P01"))));
    assertUnavailable(
        advice.unexpected(
            new CannotCreateTransactionException(
                "begin", new SQLException("An I/O error occurred", "08006"))));
  }

  @Test
  void other_database_errors_stay_internal_errors() {
    ResponseEntity<ProblemDetail> answer =
        advice.unexpected(
            new BadSqlGrammarException(
                "select", "SELECT nope", new SQLException("syntax error", "42601")));

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(Problems.forFailure(new IllegalStateException("bug"))).isEmpty();
  }

  private static void assertUnavailable(ResponseEntity<ProblemDetail> answer) {
    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    assertThat(answer.getBody().getProperties()).containsEntry("code", "store_unavailable");
  }
}
