package dev.asyncflow.trials;

import java.util.Locale;
import java.util.Optional;

/**
 * A study phase as ClinicalTrials.gov API v2 names it in {@code designModule.phases}, in the order
 * trials move through them. Immutable and thread-safe.
 */
public enum Phase {
  /** Early phase 1 (formerly phase 0). */
  EARLY_PHASE1("Early Phase 1"),
  /** Phase 1. */
  PHASE1("Phase 1"),
  /** Phase 2. */
  PHASE2("Phase 2"),
  /** Phase 3. */
  PHASE3("Phase 3"),
  /** Phase 4. */
  PHASE4("Phase 4"),
  /** Not applicable: studies without phases, such as device or behavioural studies. */
  NA("Not Applicable");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /**
   * Returns the name people read, such as "Phase 2".
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Returns the phase an API value names, ignoring case and surrounding spaces.
   *
   * @param value an API value such as {@code "PHASE2"}
   * @return the phase, or empty for a value this version does not know
   */
  public static Optional<Phase> fromApi(String value) {
    String key = value.strip().toUpperCase(Locale.ROOT);
    for (Phase phase : values()) {
      if (phase.name().equals(key)) {
        return Optional.of(phase);
      }
    }
    return Optional.empty();
  }
}
