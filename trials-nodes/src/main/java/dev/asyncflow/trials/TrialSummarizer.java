package dev.asyncflow.trials;

import dev.asyncflow.http.HttpClientManager;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns the studies found for a mutation into a {@link TrialSummary}.
 *
 * <p>{@link #summarize(String, List)} returns at once and never throws: every failure, bad
 * arguments included, arrives through the future. Given no studies, an implementation completes at
 * once with {@link TrialSummary#noTrials(String)}, without asking a language model.
 *
 * <p>Implementations are thread-safe: one instance serves any number of concurrent calls.
 */
@FunctionalInterface
public interface TrialSummarizer {

  /** The environment variable that holds the Anthropic API key. */
  String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";

  /**
   * Summarizes {@code studies}.
   *
   * @param mutation the searched text: a mutation such as {@code "EGFR L858R"}, or a term
   * @param studies the studies found, most relevant first
   * @return the summary; fails with {@link NullPointerException} for a null argument or element,
   *     {@link InvalidQueryException} for a blank mutation, and as the implementation documents
   */
  CompletableFuture<TrialSummary> summarize(String mutation, List<Study> studies);

  /**
   * Returns the summarizer that works without a network or a key.
   *
   * @return {@link LocalSummarizer#create()}
   */
  static TrialSummarizer local() {
    return LocalSummarizer.create();
  }

  /**
   * Returns an {@link AnthropicSummarizer} with its defaults when the environment variable {@value
   * #API_KEY_VARIABLE} is set and not blank, else the {@linkplain #local() local summarizer}.
   *
   * @param manager the manager that hosts the Anthropic service client
   * @return the summarizer
   * @throws IllegalArgumentException if the manager already has a service named {@code anthropic}
   * @throws IllegalStateException if the manager is closed
   */
  static TrialSummarizer fromEnvironment(HttpClientManager manager) {
    return fromEnvironment(manager, System::getenv);
  }

  /**
   * Returns an {@link AnthropicSummarizer} with its defaults when {@code environment} holds a
   * non-blank {@value #API_KEY_VARIABLE}, else the {@linkplain #local() local summarizer}.
   *
   * @param manager the manager that hosts the Anthropic service client
   * @param environment looks up an environment variable by name, null when unset
   * @return the summarizer
   * @throws IllegalArgumentException if the manager already has a service named {@code anthropic}
   * @throws IllegalStateException if the manager is closed
   */
  static TrialSummarizer fromEnvironment(
      HttpClientManager manager, Function<String, @Nullable String> environment) {
    Objects.requireNonNull(manager, "manager");
    String key = environment.apply(API_KEY_VARIABLE);
    if (key == null || key.isBlank()) {
      return local();
    }
    return AnthropicSummarizer.builder(manager).apiKey(key).build();
  }
}
