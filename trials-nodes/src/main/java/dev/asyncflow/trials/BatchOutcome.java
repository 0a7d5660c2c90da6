package dev.asyncflow.trials;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one input of a {@link TrialsBatch}: a {@link Success} with the studies found (and
 * the summary, when the batch summarizes), or a {@link Failure} with the typed error and how many
 * requests were tried. Every input of a batch gets exactly one outcome.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface BatchOutcome permits BatchOutcome.Success, BatchOutcome.Failure {

  /**
   * Returns the input's position in the list the batch was given, from 0.
   *
   * @return the index
   */
  int index();

  /**
   * Returns the input exactly as given, before trimming.
   *
   * @return the input
   */
  String input();

  /**
   * Returns whether this is a {@link Success}.
   *
   * @return true for a success
   */
  boolean isSuccess();

  /**
   * An input whose search (and summary, when asked for) succeeded.
   *
   * @param index the input's position, from 0
   * @param input the input as given
   * @param result the search result
   * @param summary the summary of the studies, or null when the batch does not summarize
   */
  record Success(int index, String input, SearchResult result, @Nullable TrialSummary summary)
      implements BatchOutcome {

    /**
     * Checks the components.
     *
     * @param index see the record's index component
     * @param input see the record's input component
     * @param result see the record's result component
     * @param summary see the record's summary component
     * @throws NullPointerException if {@code input} or {@code result} is null
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public Success {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(result, "result");
      checkIndex(index);
    }

    /**
     * Returns the studies found, in rank order.
     *
     * @return {@code result().studies()}
     */
    public List<Study> studies() {
      return result.studies();
    }

    /**
     * Returns how many studies match in all, when the query asked the API to count them.
     *
     * @return {@code result().totalCount()}
     */
    public @Nullable Integer totalCount() {
      return result.totalCount();
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * An input whose search or summary failed.
   *
   * @param index the input's position, from 0
   * @param input the input as given
   * @param error the typed error: an {@link InvalidQueryException} for an unusable input (no
   *     request sent), a {@link ClinicalTrialsException} subclass for the search, the summarizer's
   *     error (an {@link AnthropicException} from {@link AnthropicSummarizer}), whatever the
   *     batch's query function or summarizer threw, a {@link
   *     java.util.concurrent.CancellationException} when something other than the batch cancelled
   *     the search, or a {@link java.util.concurrent.CompletionException} wrapping a checked
   *     exception or an error
   * @param attempts how many requests of the failed call reached the network (0 when none did)
   */
  record Failure(int index, String input, RuntimeException error, int attempts)
      implements BatchOutcome {

    /**
     * Checks the components.
     *
     * @param index see the record's index component
     * @param input see the record's input component
     * @param error see the record's error component
     * @param attempts see the record's attempts component
     * @throws NullPointerException if {@code input} or {@code error} is null
     * @throws IllegalArgumentException if {@code index} or {@code attempts} is negative
     */
    public Failure {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(error, "error");
      checkIndex(index);
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
      }
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }

  private static void checkIndex(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
  }
}
