package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The call's overall deadline passed: it covers queueing, every attempt, backoff waits and reading
 * the body. Never retried.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class DeadlineExceededException extends CallTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public DeadlineExceededException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.DEADLINE;
  }
}
