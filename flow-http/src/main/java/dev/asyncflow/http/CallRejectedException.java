package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * A call was refused before it reached the network: the permit queue was full, the circuit breaker
 * was open, or the manager was closed. Nothing was sent.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public abstract class CallRejectedException extends HttpCallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  protected CallRejectedException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }
}
