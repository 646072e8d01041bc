package dev.anteroom.callback;

/** The error kinds a failed delivery records when there was no HTTP status to record. */
public final class ErrorKinds {

  private ErrorKinds() {}

  public static final String TIMEOUT = "timeout";
  public static final String CONNECTION_FAILED = "connection_failed";
  public static final String DNS_FAILED = "dns_failed";

  /** The target resolves to a loopback, private or otherwise refused address. */
  public static final String REFUSED_ADDRESS = "refused_address";

  /** Neither the queue nor its application has a callback URL now. */
  public static final String NO_TARGET = "no_target";

  /** The application has no webhook secret to sign with. */
  public static final String NO_WEBHOOK_SECRET = "no_webhook_secret";

  /** The queue (or its application) was deleted before the event could be sent. */
  public static final String QUEUE_GONE = "queue_gone";

  public static final String INVALID_URL = "invalid_url";
}
