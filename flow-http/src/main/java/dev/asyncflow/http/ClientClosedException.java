package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The manager was closed: new calls are refused, waiting calls fail, and calls still running after
 * the grace period are cancelled with this exception.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class ClientClosedException extends CallRejectedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public ClientClosedException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.CLOSED;
  }
}
