package dev.asyncflow.trials.demo;

/** A request the demo server refuses with 400 Bad Request; its message is the plain-text body. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the body sent to the client
   */
  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
