package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * ClinicalTrials.gov failed with a server error (5xx) on every attempt the retry policy allowed.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class ServerErrorException extends ClinicalTrialsStatusException {
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
  public ServerErrorException(
      String message, int status, String serverMessage, int attempts, @Nullable Throwable cause) {
    super(message, status, serverMessage, attempts, cause);
  }
}
