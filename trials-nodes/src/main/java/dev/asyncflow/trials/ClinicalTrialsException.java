package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * The root of every failure a {@link ClinicalTrialsClient} reports through its futures, after the
 * call's retries are spent. The subclasses say what the server answered: {@link
 * QueryRejectedException} (400), {@link StudyNotFoundException} (404), {@link RateLimitedException}
 * (429), {@link ServerErrorException} (5xx), {@link ClinicalTrialsStatusException} (any other
 * status), {@link UnexpectedResponseException} (a body that is not the JSON expected), and {@link
 * ClinicalTrialsUnreachableException} (no answer at all). The flow-http failure, when there is one,
 * is the cause.
 *
 * <p>Bad arguments are refused before any request with {@link InvalidQueryException}, which is not
 * a subclass: it is the caller's mistake, not the service's.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public class ClinicalTrialsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How many requests of the call reached the network. */
  private final int attempts;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the request
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure, if any
   */
  public ClinicalTrialsException(String message, int attempts, @Nullable Throwable cause) {
    super(message, cause);
    this.attempts = attempts;
  }

  /**
   * Returns how many requests of the failed call reached the network, retries included.
   *
   * @return zero or more
   */
  public int attempts() {
    return attempts;
  }
}
