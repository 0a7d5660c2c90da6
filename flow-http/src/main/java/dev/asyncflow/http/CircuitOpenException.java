package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The service's circuit breaker was open (or half-open with every probe taken), so the call failed
 * at once without a permit and without touching the network.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class CircuitOpenException extends CallRejectedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public CircuitOpenException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.CIRCUIT_OPEN;
  }
}
