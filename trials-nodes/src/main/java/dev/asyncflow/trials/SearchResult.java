package dev.asyncflow.trials;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The studies of one {@link StudyQuery}'s rank window, in the API's rank order.
 *
 * <p>Ranks are the server's: the window {@code minRank..maxRank} selects studies before
 * exclusion-only studies are left out, so a result may hold fewer studies than the window when some
 * were left out ({@link #exclusionOnlyDropped()}) or the search matched fewer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param query the query answered
 * @param studies the studies of the window, in rank order
 * @param totalCount how many studies match the query in all, when the query asked for the count
 * @param exclusionOnlyDropped how many studies of the window were left out because they name the
 *     mutation only under their exclusion criteria
 */
public record SearchResult(
    StudyQuery query, List<Study> studies, @Nullable Integer totalCount, int exclusionOnlyDropped) {

  /**
   * Copies the list and checks the components.
   *
   * @param query see the record's query component
   * @param studies see the record's studies component
   * @param totalCount see the record's totalCount component
   * @param exclusionOnlyDropped see the record's exclusionOnlyDropped component
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if {@code exclusionOnlyDropped} is negative
   */
  public SearchResult {
    Objects.requireNonNull(query, "query");
    studies = List.copyOf(studies);
    if (exclusionOnlyDropped < 0) {
      throw new IllegalArgumentException(
          "exclusionOnlyDropped must be >= 0, was " + exclusionOnlyDropped);
    }
  }
}
