package dev.asyncflow.trials;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * ClinicalTrials.gov kept answering 429 (too many requests) until the retry policy gave up. Lower
 * the client's rate limit or concurrency, or try again after {@link #retryAfter()}.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class RateLimitedException extends ClinicalTrialsStatusException {
  private static final long serialVersionUID = 1L;

  /** The server's last Retry-After, if sent. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the request
   * @param serverMessage the start of the server's body, possibly empty
   * @param retryAfter the wait the server last asked for, if it did
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure
   */
  public RateLimitedException(
      String message,
      String serverMessage,
      @Nullable Duration retryAfter,
      int attempts,
      @Nullable Throwable cause) {
    super(message, 429, serverMessage, attempts, cause);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns the wait the server asked for in its last {@code Retry-After} header.
   *
   * @return the wait, or null when the server sent none
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
