package dev.anteroom.alert;

/** Somewhere alert messages go: email, a chat webhook. Sending may block and may fail. */
public interface AlertChannel {

  /** What the logs call it: the kind of channel and the host, never a secret or a URL path. */
  String describe();

  /** Sends one message; throws if it did not go, so that it is retried. */
  void send(AlertNotice notice) throws Exception;
}
