package dev.asyncflow.trials.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where a study's eligibility criteria name a mutation: placeholder, being replaced. */
public final class MutationMentions {
  private MutationMentions() {}

  /** Which sections of the eligibility criteria name the mutation. */
  public enum Where {
    /** Not named in the criteria. */
    NONE,
    /** Named under the inclusion criteria (or before any heading) only. */
    INCLUSION,
    /** Named under the exclusion criteria only. */
    EXCLUSION,
    /** Named under both. */
    BOTH
  }

  /**
   * Finds where {@code criteria} name {@code mutation}.
   *
   * @param criteria the eligibility text, or null when the study has none
   * @param mutation the mutation searched for
   * @return where it is named
   */
  public static Where in(@Nullable String criteria, String mutation) {
    if (criteria == null) {
      return Where.NONE;
    }
    String text = criteria.toLowerCase(Locale.ROOT);
    int exclusion = text.indexOf("exclusion criteria");
    String needle = mutation.toLowerCase(Locale.ROOT);
    boolean before = text.substring(0, exclusion < 0 ? text.length() : exclusion).contains(needle);
    boolean after = exclusion >= 0 && text.substring(exclusion).contains(needle);
    if (before && after) {
      return Where.BOTH;
    }
    return before ? Where.INCLUSION : after ? Where.EXCLUSION : Where.NONE;
  }
}
