package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * No response headers arrived within the service's response timeout, counted from the start of the
 * attempt (it covers writing the request). Retried like any timeout.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class ResponseTimeoutException extends CallTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public ResponseTimeoutException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.RESPONSE_TIMEOUT;
  }
}
