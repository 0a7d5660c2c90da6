package dev.asyncflow.examples.cli;

/** Bad usage or input that picocli cannot see: reported in one line, exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the option or value
   */
  UsageException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong, naming the option or value
   * @param cause the underlying failure
   */
  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
