package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * ClinicalTrials.gov answered with a status outside 2xx. The API's error bodies are plain text
 * (such as {@code Invalid prefix in parameter name: ...}); {@link #serverMessage()} holds their
 * start. Statuses with a meaning of their own have subclasses: {@link QueryRejectedException}
 * (400), {@link StudyNotFoundException} (404), {@link RateLimitedException} (429) and {@link
 * ServerErrorException} (5xx).
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public class ClinicalTrialsStatusException extends ClinicalTrialsException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  private final int status;

  /** The start of the server's body. */
  private final String serverMessage;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the request
   * @param status the HTTP status
   * @param serverMessage the start of the server's body, possibly empty
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure
   */
  public ClinicalTrialsStatusException(
      String message, int status, String serverMessage, int attempts, @Nullable Throwable cause) {
    super(message, attempts, cause);
    this.status = status;
    this.serverMessage = serverMessage;
  }

  /**
   * Returns the HTTP status the server answered with.
   *
   * @return the status, 400 to 599
   */
  public int status() {
    return status;
  }

  /**
   * Returns what the server said: the start of its body as text, trimmed.
   *
   * @return the text, empty when the body was
   */
  public String serverMessage() {
    return serverMessage;
  }
}
