package dev.asyncflow.trials;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shared store of the ready-made {@link TrialsFlow}: the query going in, the search result, the
 * studies to summarize and the summary coming out. {@link QueryTrialsNode} sets the result and the
 * studies; a step inserted between query and summary may {@linkplain #setStudies(List) narrow the
 * studies}; {@link SummarizeTrialsNode} summarizes them.
 *
 * <p>Thread-safe: every field is volatile, so nodes may run on any thread. Use one state per run.
 */
public final class TrialsState {
  private final StudyQuery query;
  private volatile @Nullable SearchResult result;
  private volatile List<Study> studies = List.of();
  private volatile @Nullable TrialSummary summary;

  /**
   * Creates the state of one run.
   *
   * @param query the query the run answers
   */
  public TrialsState(StudyQuery query) {
    this.query = Objects.requireNonNull(query, "query");
  }

  /**
   * Returns the query the run answers.
   *
   * @return the query
   */
  public StudyQuery query() {
    return query;
  }

  /**
   * Returns what is summarized: the query's mutation or term, else its condition, else its
   * intervention, else {@code "all studies"}.
   *
   * @return never blank
   */
  public String topic() {
    String text = query.text();
    if (text != null) {
      return text;
    }
    String condition = query.condition();
    if (condition != null) {
      return condition;
    }
    String intervention = query.intervention();
    return intervention != null ? intervention : "all studies";
  }

  /**
   * Returns the search result.
   *
   * @return the result, or null before the search has run
   */
  public @Nullable SearchResult result() {
    return result;
  }

  /**
   * Stores the search result, and its studies as the studies to summarize.
   *
   * @param result the result
   */
  public void setResult(SearchResult result) {
    this.result = Objects.requireNonNull(result, "result");
    this.studies = result.studies();
  }

  /**
   * Returns the studies to summarize: those of the result, unless a step narrowed them.
   *
   * @return an immutable list, empty before the search has run
   */
  public List<Study> studies() {
    return studies;
  }

  /**
   * Replaces the studies to summarize, for example with those recruiting in one country.
   *
   * @param studies the studies
   */
  public void setStudies(List<Study> studies) {
    this.studies = List.copyOf(studies);
  }

  /**
   * Returns the summary.
   *
   * @return the summary, or null before the summarizer has run
   */
  public @Nullable TrialSummary summary() {
    return summary;
  }

  /**
   * Stores the summary.
   *
   * @param summary the summary
   */
  public void setSummary(TrialSummary summary) {
    this.summary = Objects.requireNonNull(summary, "summary");
  }

  @Override
  public String toString() {
    SearchResult found = result;
    return "TrialsState{query="
        + query
        + ", found="
        + (found == null ? "not yet" : found.studies().size() + " studies")
        + ", studies="
        + studies.size()
        + ", summary="
        + (summary == null ? "not yet" : "ready")
        + "}";
  }
}
