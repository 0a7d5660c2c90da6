package dev.asyncflow.trials;

import dev.asyncflow.trials.internal.LocalMarkdown;
import dev.asyncflow.trials.internal.SummaryInputs;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Summarizes studies without a network or a key: deterministic Markdown that names the mutation and
 * the number of trials, says plainly that no language model wrote it, and lists every trial as a
 * link with its title and lead sponsor, grouped by phase and then by overall status.
 *
 * <p>Phase groups follow the API's order: Early Phase 1, Phase 1, Phase 2, Phase 3, Phase 4, Not
 * Applicable. A study listing several phases goes in a combined group, such as "Phase 1/Phase 2",
 * right after the group of its earliest phase; phase values this version does not know follow Not
 * Applicable, named by their raw value; studies listing no phase come last, under "Phase not
 * listed". Within a phase, status groups follow {@link OverallStatus}'s order, then unknown values,
 * then "Status not listed". Studies keep their input order within a group. A study marked {@link
 * Study#exclusionOnly()} says so on its line.
 *
 * <p>The summary completes at once; its source is {@link TrialSummary.Source#LOCAL}, or {@link
 * TrialSummary.Source#NO_TRIALS} for no studies.
 *
 * <p>Immutable and thread-safe: one instance serves any number of concurrent calls.
 */
public final class LocalSummarizer implements TrialSummarizer {
  private static final LocalSummarizer INSTANCE = new LocalSummarizer();

  private LocalSummarizer() {}

  /**
   * Returns the local summarizer.
   *
   * @return the one instance
   */
  public static LocalSummarizer create() {
    return INSTANCE;
  }

  /**
   * Summarizes {@code studies} locally.
   *
   * @param mutation the searched text: a mutation such as {@code "EGFR L858R"}, or a term
   * @param studies the studies found
   * @return a completed future holding the summary; a failed one for bad arguments, as {@link
   *     TrialSummarizer#summarize(String, List)} says
   */
  @Override
  public CompletableFuture<TrialSummary> summarize(String mutation, List<Study> studies) {
    try {
      return CompletableFuture.completedFuture(summary(mutation, studies));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static TrialSummary summary(String mutation, List<Study> studies) {
    List<Study> checked = SummaryInputs.checked(mutation, studies);
    if (checked.isEmpty()) {
      return TrialSummary.noTrials(mutation);
    }
    String text = LocalMarkdown.render(mutation, checked);
    return new TrialSummary(text, TrialSummary.Source.LOCAL, null, null, null, checked.size());
  }

  @Override
  public String toString() {
    return "LocalSummarizer";
  }
}
