package dev.asyncflow.trials;

import dev.asyncflow.trials.internal.LocalMarkdown;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A summary of the clinical trials found for a mutation, as a {@link TrialSummarizer} made it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the summary in Markdown
 * @param source who wrote it
 * @param model the model that wrote it, as the Anthropic API reports it, or null when no language
 *     model was used
 * @param stopReason why the model stopped, such as {@code "end_turn"} or {@code "max_tokens"} (a
 *     summary cut short), or null when no language model was used
 * @param usage the tokens the model call consumed, or null when no language model was used or the
 *     API did not report them
 * @param studyCount how many studies the summarizer was given (a language model may have been shown
 *     fewer; see {@link AnthropicSummarizer.Builder#maxStudies(int)})
 */
public record TrialSummary(
    String text,
    Source source,
    @Nullable String model,
    @Nullable String stopReason,
    @Nullable TokenUsage usage,
    int studyCount) {

  /**
   * Checks the components.
   *
   * @param text see the record's text component
   * @param source see the record's source component
   * @param model see the record's model component
   * @param stopReason see the record's stopReason component
   * @param usage see the record's usage component
   * @param studyCount see the record's studyCount component
   * @throws NullPointerException if {@code text} or {@code source} is null
   * @throws IllegalArgumentException if {@code studyCount} is negative
   */
  public TrialSummary {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    if (studyCount < 0) {
      throw new IllegalArgumentException("studyCount must be >= 0, was " + studyCount);
    }
  }

  /**
   * Returns the summary every summarizer gives when no study was found: the text {@code "No
   * clinical trials found for <mutation>."} (the mutation on one line, characters Markdown would
   * read as formatting escaped), source {@link Source#NO_TRIALS}, no model, a study count of 0.
   *
   * @param mutation the searched mutation or term
   * @return the summary
   */
  public static TrialSummary noTrials(String mutation) {
    String text = "No clinical trials found for " + LocalMarkdown.escape(mutation) + ".";
    return new TrialSummary(text, Source.NO_TRIALS, null, null, null, 0);
  }

  /** Who wrote a summary. */
  public enum Source {
    /** A language model, through the Anthropic Messages API. */
    LANGUAGE_MODEL,
    /** The {@link LocalSummarizer}, without a language model. */
    LOCAL,
    /** Nobody: no study was found, so the summary only says so. */
    NO_TRIALS
  }

  /**
   * The tokens one language model call consumed, as the API reports them in {@code usage}.
   * Immutable.
   *
   * @param inputTokens {@code usage.input_tokens}: the prompt's tokens
   * @param outputTokens {@code usage.output_tokens}: the summary's tokens
   */
  public record TokenUsage(int inputTokens, int outputTokens) {
    /**
     * Checks the counts.
     *
     * @param inputTokens see the record's inputTokens component
     * @param outputTokens see the record's outputTokens component
     * @throws IllegalArgumentException if a count is negative
     */
    public TokenUsage {
      if (inputTokens < 0 || outputTokens < 0) {
        throw new IllegalArgumentException(
            "token counts must be >= 0, were " + inputTokens + " and " + outputTokens);
      }
    }
  }
}
