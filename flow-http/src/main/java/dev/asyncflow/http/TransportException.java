package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The connection failed or broke: refused, reset, or closed before the response was complete.
 * Retried (idempotent requests only, unless the request opts in).
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class TransportException extends HttpCallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public TransportException(String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.TRANSPORT;
  }
}
