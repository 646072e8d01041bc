package dev.anteroom.config;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The system of record: the database named by {@code DB_URL}, or an embedded H2 file database under
 * the data directory when it is empty, so a newcomer needs nothing but a JDK.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean
  DataSource dataSource(AnteroomProperties properties) {
    AnteroomProperties.Database database = properties.database();
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("anteroom");
    if (database.embedded()) {
      dataSource.setJdbcUrl(embeddedUrl(properties.dataDir()));
      dataSource.setUsername("sa");
      dataSource.setPassword("");
      log.info("Using the embedded H2 database in {}", properties.dataDir());
    } else {
      dataSource.setJdbcUrl(database.url().strip());
      dataSource.setUsername(database.user());
      dataSource.setPassword(database.password());
      if (database.url().startsWith("jdbc:postgresql:")) {
        // Sends a batch of joins as one multi-row INSERT: the group commit's main saving.
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
      }
      log.info("Using the database at {}", redact(database.url()));
    }
    return dataSource;
  }

  /**
   * The one vendor difference in the schema: SQL Server needs NVARCHAR to keep text outside its
   * code page, the others store Unicode in VARCHAR.
   */
  @Bean
  FlywayConfigurationCustomizer textTypePlaceholder(AnteroomProperties properties) {
    String url = properties.database().embedded() ? "" : properties.database().url();
    String text = url.startsWith("jdbc:sqlserver:") ? "NVARCHAR" : "VARCHAR";
    return configuration -> configuration.placeholders(Map.of("text", text));
  }

  /**
   * WRITE_DELAY=0 makes H2 write each commit to the file before answering, so an acknowledged join
   * survives the process being killed.
   */
  static String embeddedUrl(String dataDir) {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    return "jdbc:h2:file:" + dir.resolve("anteroom") + ";WRITE_DELAY=0";
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }
}
