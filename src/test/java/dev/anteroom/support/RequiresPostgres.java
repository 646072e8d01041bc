package dev.anteroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the test only where the real PostgreSQL answers. Elsewhere it is skipped with a message,
 * except under {@code CI=true}, where a missing database is a failure: CI must prove PostgreSQL.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

  /** The check behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (TestPostgres.reachable()) {
        return ConditionEvaluationResult.enabled("PostgreSQL answers at " + TestPostgres.URL);
      }
      String message =
          "PostgreSQL is not reachable at "
              + TestPostgres.URL
              + " as "
              + TestPostgres.USER
              + "; start it with: pg_ctlcluster --skip-systemctl-redirect"
              + " $(ls /etc/postgresql) main start";
      if (TestPostgres.inCi()) {
        throw new IllegalStateException(message + " (CI=true: this is a failure, not a skip)");
      }
      return ConditionEvaluationResult.disabled(message + " (skipped; CI=true would fail)");
    }
  }
}
