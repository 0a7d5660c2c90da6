package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * No concurrency permit became free within the service's acquire timeout; the request never reached
 * the server.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class AcquireTimeoutException extends CallTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public AcquireTimeoutException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.ACQUIRE_TIMEOUT;
  }
}
