package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The queue of callers waiting for a concurrency permit was at its bound, so the call failed at
 * once.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class QueueFullException extends CallRejectedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public QueueFullException(String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.QUEUE_FULL;
  }
}
