package dev.anteroom.alert;

import java.util.List;

/** The email addresses of the admins bound to an application. */
@FunctionalInterface
public interface AlertRecipients {

  List<String> adminsOf(long applicationId);
}
