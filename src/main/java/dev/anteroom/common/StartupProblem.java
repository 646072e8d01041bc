package dev.anteroom.common;

/**
 * A reason this node must not start, with what the operator should do about it. One failure
 * analyzer turns every such problem into a two-part start-up message (the problem, the action)
 * instead of a stack trace.
 */
public abstract class StartupProblem extends RuntimeException {

  private final String action;

  protected StartupProblem(String message, String action) {
    super(message);
    this.action = action;
  }

  /** What to do so that the next start succeeds. */
  public String action() {
    return action;
  }
}
