package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * ClinicalTrials.gov refused the query as malformed (400): {@link #serverMessage()} says why, for
 * example {@code Invalid prefix in parameter name: ...}. Never retried: the same query fails the
 * same way.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class QueryRejectedException extends ClinicalTrialsStatusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the request
   * @param status the HTTP status
   * @param serverMessage the start of the server's body, possibly empty
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure
   */
  public QueryRejectedException(
      String message, int status, String serverMessage, int attempts, @Nullable Throwable cause) {
    super(message, status, serverMessage, attempts, cause);
  }
}
