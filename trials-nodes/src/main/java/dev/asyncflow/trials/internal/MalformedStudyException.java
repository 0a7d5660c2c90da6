package dev.asyncflow.trials.internal;

/**
 * A ClinicalTrials.gov response cannot be read as studies at all: a study that is not a JSON object
 * or has no usable NCT id, or a page whose {@code studies} is not an array. Everything short of
 * that is read leniently by {@link StudyParser}. The message says what is missing.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class MalformedStudyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing or wrong, such as {@code "study has no
   *     protocolSection.identificationModule.nctId"}
   */
  public MalformedStudyException(String message) {
    super(message);
  }
}
