package dev.anteroom.alert.mail;

import dev.anteroom.alert.AlertChannel;
import dev.anteroom.alert.AlertNotice;
import dev.anteroom.alert.AlertRecipients;
import dev.anteroom.alert.AlertTexts;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Alert messages by email: to {@code ADMIN_EMAIL}, and for an application's alert also to the
 * admins bound to that application, each address once, in one plain-text message.
 */
public final class MailChannel implements AlertChannel {

  private static final Logger log = LoggerFactory.getLogger(MailChannel.class);

  private final JavaMailSender sender;
  private final String from;
  private final String adminEmail;
  private final AlertRecipients recipients;
  private final AlertTexts texts;
  private final String description;

  public MailChannel(
      JavaMailSender sender,
      String from,
      String adminEmail,
      AlertRecipients recipients,
      AlertTexts texts,
      String description) {
    this.sender = sender;
    this.from = from;
    this.adminEmail = adminEmail;
    this.recipients = recipients;
    this.texts = texts;
    this.description = description;
  }

  /**
   * A sender for an SMTP server: STARTTLS used when the server offers it (not required), login when
   * a user is given, and every socket operation bounded so that a silent server fails the attempt
   * (to be retried) rather than holding the channel.
   */
  public static JavaMailSenderImpl smtp(
      String host, int port, String user, String password, Duration timeout) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost(host);
    sender.setPort(port);
    sender.setDefaultEncoding("UTF-8");
    Properties properties = sender.getJavaMailProperties();
    if (user != null && !user.isBlank()) {
      sender.setUsername(user);
      sender.setPassword(password);
      properties.put("mail.smtp.auth", "true");
    }
    properties.put("mail.smtp.starttls.enable", "true");
    properties.put("mail.smtp.starttls.required", "false");
    String millis = Long.toString(timeout.toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    return sender;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void send(AlertNotice notice) {
    Set<String> to = new LinkedHashSet<>();
    if (adminEmail != null && !adminEmail.isBlank()) {
      to.add(adminEmail.strip().toLowerCase(Locale.ROOT));
    }
    Long application = notice.alert().applicationId();
    if (application != null) {
      recipients.adminsOf(application).forEach(e -> to.add(e.strip().toLowerCase(Locale.ROOT)));
    }
    if (to.isEmpty()) {
      log.warn("alert {}: no email recipient (set ADMIN_EMAIL)", notice.alert().id());
      return;
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(from);
    message.setTo(to.toArray(String[]::new));
    message.setSubject(texts.subject(notice));
    message.setText(texts.body(notice));
    sender.send(message);
  }
}
