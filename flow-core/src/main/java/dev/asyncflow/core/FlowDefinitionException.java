package dev.asyncflow.core;

/**
 * Thrown when a flow graph cannot be run as defined: a flow without a start node, an asynchronous
 * node inside a synchronous {@link Flow}, or a flow that contains itself.
 *
 * <p>Raised before any node of the run starts. Immutable and thread-safe.
 */
public final class FlowDefinitionException extends FlowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the definition, naming the node or flow
   */
  public FlowDefinitionException(String message) {
    super(message);
  }
}
