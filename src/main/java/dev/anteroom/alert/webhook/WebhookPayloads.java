package dev.anteroom.alert.webhook;

import dev.anteroom.alert.Alert;
import dev.anteroom.alert.AlertNotice;
import dev.anteroom.alert.AlertTexts;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON bodies of alert webhooks, one per {@link WebhookFormat}. */
public final class WebhookPayloads {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AlertTexts texts;

  public WebhookPayloads(AlertTexts texts) {
    this.texts = texts;
  }

  public String body(WebhookFormat format, AlertNotice notice) {
    ObjectNode body =
        switch (format) {
          case SLACK -> slack(notice);
          case TEAMS -> teams(notice);
          case GENERIC -> generic(notice);
        };
    return JSON.writeValueAsString(body);
  }

  private String title(AlertNotice notice) {
    return texts.status(notice) + ": " + notice.alert().kind().title();
  }

  private String facts(Alert alert) {
    return "alert "
        + alert.id()
        + " · "
        + alert.kind().wireName()
        + " · "
        + texts.scope(alert)
        + " · started "
        + alert.startedAt()
        + (alert.resolvedAt() == null ? "" : " · resolved " + alert.resolvedAt());
  }

  /** Slack: {@code text} for notifications and old clients, {@code blocks} for the message. */
  private ObjectNode slack(AlertNotice notice) {
    Alert alert = notice.alert();
    ObjectNode body = JSON.createObjectNode();
    body.put("text", escapeSlack(texts.subject(notice) + "\n" + texts.reading(notice)));
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", cut(title(notice), 150));
    ObjectNode section = blocks.addObject().put("type", "section");
    section
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(escapeSlack(texts.reading(notice)), 3000));
    ObjectNode context = blocks.addObject().put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", cut(escapeSlack(facts(alert)), 3000));
    return body;
  }

  /** Teams: a message whose one attachment is an Adaptive Card 1.4. */
  private ObjectNode teams(AlertNotice notice) {
    Alert alert = notice.alert();
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "message");
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode items = card.putArray("body");
    items
        .addObject()
        .put("type", "TextBlock")
        .put("size", "Large")
        .put("weight", "Bolder")
        .put("color", notice.event() == AlertNotice.Event.RESOLVED ? "Good" : "Attention")
        .put("wrap", true)
        .put("text", title(notice));
    items.addObject().put("type", "TextBlock").put("wrap", true).put("text", texts.reading(notice));
    ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Alert", Long.toString(alert.id()));
    fact(facts, "Kind", alert.kind().wireName());
    fact(facts, "Scope", texts.scope(alert));
    fact(facts, "Started", alert.startedAt().toString());
    if (alert.resolvedAt() != null) {
      fact(facts, "Resolved", alert.resolvedAt().toString());
    }
    return body;
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value);
  }

  /** Anteroom's own shape: the event and the alert as {@code GET /dashboard/alerts} shows it. */
  private ObjectNode generic(AlertNotice notice) {
    Alert alert = notice.alert();
    ObjectNode body = JSON.createObjectNode();
    body.put("event", notice.event().name().toLowerCase(Locale.ROOT));
    body.put("subject", texts.subject(notice));
    ObjectNode fields = body.putObject("alert");
    fields.put("id", alert.id());
    fields.put("kind", alert.kind().wireName());
    fields.put("state", alert.state().wireName());
    if (alert.applicationId() == null) {
      fields.putNull("application_id");
    } else {
      fields.put("application_id", alert.applicationId());
    }
    if (alert.queueId() == null) {
      fields.putNull("queue_id");
    } else {
      fields.put("queue_id", alert.queueId());
    }
    fields.put("summary", alert.summary());
    fields.put("started_at", alert.startedAt().toString());
    fields.put("last_notified_at", alert.lastNotifiedAt().toString());
    if (alert.resolvedAt() == null) {
      fields.putNull("resolved_at");
    } else {
      fields.put("resolved_at", alert.resolvedAt().toString());
    }
    fields.put("notifications", alert.notifications());
    return body;
  }

  /** Slack reads {@code <...>} as links and mentions: names chosen by tenants must not be. */
  static String escapeSlack(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
