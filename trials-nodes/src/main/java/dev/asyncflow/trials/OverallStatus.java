package dev.asyncflow.trials;

import java.util.Locale;
import java.util.Optional;

/**
 * A study's overall recruitment status as ClinicalTrials.gov API v2 names it in {@code
 * statusModule.overallStatus} and takes in {@code filter.overallStatus}. Immutable and thread-safe.
 */
public enum OverallStatus {
  /** Recruiting participants. */
  RECRUITING("Recruiting"),
  /** Not yet recruiting. */
  NOT_YET_RECRUITING("Not yet recruiting"),
  /** Enrolling by invitation only. */
  ENROLLING_BY_INVITATION("Enrolling by invitation"),
  /** Active, no longer recruiting. */
  ACTIVE_NOT_RECRUITING("Active, not recruiting"),
  /** Suspended; may resume. */
  SUSPENDED("Suspended"),
  /** Stopped early; will not resume. */
  TERMINATED("Terminated"),
  /** Completed. */
  COMPLETED("Completed"),
  /** Withdrawn before enrolling its first participant. */
  WITHDRAWN("Withdrawn"),
  /** Status not verified for more than two years. */
  UNKNOWN("Unknown status"),
  /** Expanded access: available. */
  AVAILABLE("Available"),
  /** Expanded access: no longer available. */
  NO_LONGER_AVAILABLE("No longer available"),
  /** Expanded access: temporarily not available. */
  TEMPORARILY_NOT_AVAILABLE("Temporarily not available"),
  /** Expanded access: approved for marketing. */
  APPROVED_FOR_MARKETING("Approved for marketing"),
  /** Expanded access: withheld. */
  WITHHELD("Withheld");

  private final String label;

  OverallStatus(String label) {
    this.label = label;
  }

  /**
   * Returns the name people read, such as "Active, not recruiting".
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Returns the status an API value names, ignoring case and surrounding spaces.
   *
   * @param value an API value such as {@code "RECRUITING"}
   * @return the status, or empty for a value this version does not know
   */
  public static Optional<OverallStatus> fromApi(String value) {
    String key = value.strip().toUpperCase(Locale.ROOT);
    for (OverallStatus status : values()) {
      if (status.name().equals(key)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
