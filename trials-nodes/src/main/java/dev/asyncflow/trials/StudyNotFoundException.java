package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * ClinicalTrials.gov has no study with the NCT id asked for (404). Not retried.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class StudyNotFoundException extends ClinicalTrialsStatusException {
  private static final long serialVersionUID = 1L;

  /** The NCT id looked up. */
  private final String nctId;

  /**
   * Creates the exception.
   *
   * @param nctId the NCT id looked up
   * @param serverMessage the start of the server's body, possibly empty
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure
   */
  public StudyNotFoundException(
      String nctId, String serverMessage, int attempts, @Nullable Throwable cause) {
    super(
        "no study " + nctId + " on ClinicalTrials.gov (404)", 404, serverMessage, attempts, cause);
    this.nctId = nctId;
  }

  /**
   * Returns the NCT id that was looked up.
   *
   * @return the id, upper case
   */
  public String nctId() {
    return nctId;
  }
}
