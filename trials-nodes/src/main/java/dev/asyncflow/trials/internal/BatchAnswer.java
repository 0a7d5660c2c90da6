package dev.asyncflow.trials.internal;

import dev.asyncflow.trials.AnthropicException;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.ClinicalTrialsException;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.TrialSummary;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * What one query of a batch came to: the result (and summary), or the error and its attempts.
 * Turned into one {@link BatchOutcome} per input of its group.
 */
public final class BatchAnswer {
  private final @Nullable SearchResult result;
  private final @Nullable TrialSummary summary;
  private final @Nullable RuntimeException error;
  private final int attempts;

  private BatchAnswer(
      @Nullable SearchResult result,
      @Nullable TrialSummary summary,
      @Nullable RuntimeException error,
      int attempts) {
    this.result = result;
    this.summary = summary;
    this.error = error;
    this.attempts = attempts;
  }

  /**
   * An answer with studies.
   *
   * @param result the search result
   * @param summary its summary, or null when the batch does not summarize
   * @return the answer
   */
  public static BatchAnswer found(SearchResult result, @Nullable TrialSummary summary) {
    return new BatchAnswer(result, summary, null, 0);
  }

  /**
   * An answer that failed with {@code failure}, unwrapped from completion wrappers; a checked
   * exception or an error is wrapped so that the outcome still carries it.
   *
   * @param failure what the search, the summary or the query function threw
   * @return the answer
   */
  public static BatchAnswer failed(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    RuntimeException error =
        cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    return new BatchAnswer(null, null, error, attemptsOf(error));
  }

  /**
   * Returns the outcome of the input at {@code index}.
   *
   * @param index the input's position
   * @param input the input as given
   * @return a success or a failure
   */
  public BatchOutcome outcome(int index, String input) {
    if (error != null) {
      return new BatchOutcome.Failure(index, input, error, attempts);
    }
    return new BatchOutcome.Success(index, input, Objects.requireNonNull(result), summary);
  }

  private static int attemptsOf(RuntimeException error) {
    if (error instanceof ClinicalTrialsException search) {
      return search.attempts();
    }
    if (error instanceof AnthropicException summary) {
      return summary.attempts();
    }
    return 0;
  }
}
