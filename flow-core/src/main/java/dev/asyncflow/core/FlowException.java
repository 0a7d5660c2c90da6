package dev.asyncflow.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of the unchecked exceptions that asyncflow itself raises.
 *
 * <p>Exceptions thrown by user hooks ({@code prep}, {@code exec}, {@code post}) are never wrapped
 * when they are unchecked: they reach the caller unchanged. The blocking {@code run} methods wrap a
 * checked exception from a hook in a {@code FlowException} whose cause is the original.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class FlowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the node or flow involved
   */
  public FlowException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the node or flow involved
   * @param cause the underlying failure
   */
  public FlowException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
