package dev.anteroom.alert.jdbc;

import dev.anteroom.alert.AlertRecipients;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The emails of the live admins bound to an application, from the tenant tables. */
public final class JdbcAlertRecipients implements AlertRecipients {

  private final JdbcClient jdbc;

  public JdbcAlertRecipients(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<String> adminsOf(long applicationId) {
    return jdbc.sql(
            "SELECT a.email FROM admins a JOIN admin_applications b ON b.admin_id = a.id"
                + " WHERE b.application_id = :application AND a.deleted_at IS NULL"
                + " ORDER BY a.email")
        .param("application", applicationId)
        .query(String.class)
        .list();
  }
}
