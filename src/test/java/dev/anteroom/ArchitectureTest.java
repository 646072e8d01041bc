package dev.anteroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The domain core (the root package of each capability) knows nothing of Spring, servlets or SQL;
 * adapters live in the {@code jdbc}, {@code web} and {@code spring} sub-packages around it.
 */
class ArchitectureTest {

  private static final String[] CORE = {
    "dev.anteroom.common",
    "dev.anteroom.tenant",
    "dev.anteroom.queue",
    "dev.anteroom.waiting",
    "dev.anteroom.release",
    "dev.anteroom.access",
    "dev.anteroom.node"
  };

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.anteroom");

  @Test
  void the_core_imports_no_framework_servlet_or_sql() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "jakarta.servlet..",
            "java.sql..",
            "javax.sql..",
            "tools.jackson..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void the_core_does_not_reach_into_adapters() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..jdbc..", "..web..", "..spring..", "dev.anteroom.config..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
