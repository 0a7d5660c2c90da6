package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The response body stalled: no bytes arrived for longer than the service's read timeout after the
 * headers. Retried like any timeout.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class ReadTimeoutException extends CallTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public ReadTimeoutException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.READ_TIMEOUT;
  }
}
