package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * ClinicalTrials.gov answered 2xx with a body that is not the JSON expected: an HTML page (a proxy
 * or maintenance page), a page cut short, JSON of another shape, a study without an NCT id. A body
 * that is not complete JSON is retried like a 503 first; this is what remains when every attempt
 * failed so.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class UnexpectedResponseException extends ClinicalTrialsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the body, naming the request
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http decode failure
   */
  public UnexpectedResponseException(String message, int attempts, @Nullable Throwable cause) {
    super(message, attempts, cause);
  }
}
