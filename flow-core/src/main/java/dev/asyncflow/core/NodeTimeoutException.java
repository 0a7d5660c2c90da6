package dev.asyncflow.core;

import java.time.Duration;

/**
 * Thrown through a run's future when a node did not finish within its {@linkplain
 * BaseNode#setTimeout(Duration) timeout}. The node's in-flight stage has been cancelled.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeTimeoutException extends FlowException {
  private static final long serialVersionUID = 1L;

  /** The name of the node that timed out. */
  private final String nodeName;

  /** The timeout the node exceeded. */
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param nodeName the name of the node that timed out
   * @param timeout the timeout it exceeded
   */
  public NodeTimeoutException(String nodeName, Duration timeout) {
    super("Node '" + nodeName + "' did not finish within " + timeout);
    this.nodeName = nodeName;
    this.timeout = timeout;
  }

  /**
   * Returns the name of the node that timed out.
   *
   * @return the node's name
   */
  public String nodeName() {
    return nodeName;
  }

  /**
   * Returns the timeout that was exceeded.
   *
   * @return the node's timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
