package dev.asyncflow.http.internal;

/**
 * Why {@link AsyncPermits} could not hand out a permit; the call turns it into the public exception
 * with its context. Carries no stack trace: it is a signal, not a diagnosis.
 */
final class PermitUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The reasons a permit is refused. */
  enum Reason {
    /** The waiting queue was full. */
    QUEUE_FULL,
    /** The acquire timeout passed. */
    TIMEOUT,
    /** The permits were closed. */
    CLOSED
  }

  private final Reason reason;

  /**
   * Creates the signal.
   *
   * @param reason why no permit was given
   */
  PermitUnavailableException(Reason reason) {
    super(reason.name(), null, false, false);
    this.reason = reason;
  }

  /**
   * Returns why no permit was given.
   *
   * @return the reason
   */
  Reason reason() {
    return reason;
  }
}
