package dev.anteroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
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
    "dev.anteroom.waiting.line",
    "dev.anteroom.waiting.store",
    "dev.anteroom.release",
    "dev.anteroom.access",
    "dev.anteroom.node",
    "dev.anteroom.alert",
    "dev.anteroom.callback"
  };

  private static final String[] FEATURES = {
    "tenant", "queue", "waiting", "release", "access", "node", "alert", "callback"
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

  @Test
  void the_cores_of_the_features_depend_on_each_other_without_cycles() {
    slices().matching("dev.anteroom.(*)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void an_adapter_of_one_feature_never_reaches_into_another_features_adapter() {
    for (String feature : FEATURES) {
      String[] othersAdapters =
          Arrays.stream(FEATURES)
              .filter(other -> !other.equals(feature))
              .flatMap(
                  other ->
                      Stream.of(
                          "dev.anteroom." + other + ".web..",
                          "dev.anteroom." + other + ".jdbc..",
                          "dev.anteroom." + other + ".spring.."))
              .toArray(String[]::new);
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.anteroom." + feature + ".web..",
              "dev.anteroom." + feature + ".jdbc..",
              "dev.anteroom." + feature + ".spring..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(othersAdapters)
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void metrics_read_the_cores_never_an_adapter() {
    noClasses()
        .that()
        .resideInAPackage("dev.anteroom.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..web..", "..jdbc..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
