package dev.anteroom.callback;

import java.net.URI;
import java.util.Map;

/**
 * Sends one callback: a POST of {@code body} with {@code headers} to {@code target}. Blocking; the
 * dispatcher calls it on a thread of its own. It never throws for a failed delivery: the result
 * says what happened.
 */
public interface CallbackTransport {

  DeliveryResult post(URI target, Map<String, String> headers, byte[] body);
}
