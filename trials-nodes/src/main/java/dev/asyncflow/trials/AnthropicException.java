package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * A summary could not be made with the Anthropic Messages API: the API could not be reached or did
 * not answer in time (the cause is the flow-http failure), its reply could not be read or held no
 * text, or it answered with an error ({@link AnthropicApiException}). Messages never contain the
 * API key.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public class AnthropicException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How many requests reached the network. */
  private final int attempts;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without secrets
   * @param attempts how many requests of the call reached the network (0 when none did)
   * @param cause the underlying failure, such as a flow-http {@code HttpCallException}, or null
   * @throws IllegalArgumentException if {@code attempts} is negative
   */
  public AnthropicException(String message, int attempts, @Nullable Throwable cause) {
    super(message, cause);
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
    }
    this.attempts = attempts;
  }

  /**
   * Returns how many requests of the call reached the network, retries included.
   *
   * @return the attempt count, 0 when the call failed before sending anything
   */
  public int attempts() {
    return attempts;
  }
}
