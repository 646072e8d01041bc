package dev.anteroom.waiting.web;

import dev.anteroom.waiting.web.stream.StatusStreams;
import org.springframework.context.SmartLifecycle;

/**
 * Ends the event streams as the server begins to stop, ahead of the web server's graceful shutdown
 * (a later phase), which would otherwise wait out its whole grace period for streams that never end
 * by themselves.
 */
final class StreamsStop implements SmartLifecycle {

  private final StatusStreams streams;
  private volatile boolean running;

  StreamsStop(StatusStreams streams) {
    this.streams = streams;
  }

  @Override
  public void start() {
    // A stopped context may be started again (the test framework pauses cached contexts).
    streams.accept();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    streams.endAll();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
