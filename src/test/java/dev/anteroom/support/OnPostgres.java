package dev.anteroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/** Runs an API test class against the real PostgreSQL, in a schema of its own. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@RequiresPostgres
@ContextConfiguration(initializers = OnPostgres.Schema.class)
public @interface OnPostgres {

  /** Points the application at a fresh schema before the context starts. */
  final class Schema implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      TestPropertySourceUtils.addInlinedPropertiesToEnvironment(
          context,
          "anteroom.database.url=" + TestPostgres.freshSchemaUrl(),
          "anteroom.database.user=" + TestPostgres.USER);
    }
  }
}
