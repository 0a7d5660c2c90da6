package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * A call ran out of time. The subclass says which limit was reached: connect, response headers,
 * read, the acquire timeout of the permit queue, or the overall deadline.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public abstract class CallTimeoutException extends HttpCallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  protected CallTimeoutException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }
}
