package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * No answer from ClinicalTrials.gov: the connection failed, a timeout or the call's deadline
 * passed, the circuit breaker is open after repeated failures, the client's queue was full, or the
 * {@link dev.asyncflow.http.HttpClientManager} was closed. The flow-http failure is the cause and
 * its {@link dev.asyncflow.http.HttpCallException#kind()} says which.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class ClinicalTrialsUnreachableException extends ClinicalTrialsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the request
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure
   */
  public ClinicalTrialsUnreachableException(
      String message, int attempts, @Nullable Throwable cause) {
    super(message, attempts, cause);
  }
}
