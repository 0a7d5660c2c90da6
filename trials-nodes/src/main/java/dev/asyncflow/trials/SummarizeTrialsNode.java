package dev.asyncflow.trials;

import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.RunContext;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A node that summarizes studies: it reads the searched text and the studies from the shared store,
 * asks a {@link TrialSummarizer}, and writes the {@link TrialSummary} back. Its action is always
 * the default one. With no studies, the summary says none were found and no model is asked.
 *
 * <p>Like {@link QueryTrialsNode} it fits any shared-state type through functions:
 *
 * <pre>{@code
 * record Lookup(String mutation, List<Study> studies, AtomicReference<TrialSummary> summary) {}
 * SummarizeTrialsNode<Lookup> summarize = new SummarizeTrialsNode<>(
 *     summarizer, Lookup::mutation, Lookup::studies, (state, s) -> state.summary().set(s));
 * }</pre>
 *
 * <p>Thread-safe: the node holds no per-run state, so one node serves any number of concurrent
 * runs, each with its own shared store. The functions must be thread-safe in the same way.
 *
 * @param <S> the shared store type
 */
public final class SummarizeTrialsNode<S>
    extends AsyncNode<S, SummarizeTrialsNode.Input, TrialSummary> {
  private final TrialSummarizer summarizer;
  private final Function<? super S, String> mutation;
  private final Function<? super S, List<Study>> studies;
  private final BiConsumer<? super S, TrialSummary> summary;

  /**
   * Creates the node.
   *
   * @param summarizer the summarizer
   * @param mutation reads the searched mutation or term (in {@code prep})
   * @param studies reads the studies to summarize (in {@code prep})
   * @param summary writes the summary (in {@code post})
   */
  public SummarizeTrialsNode(
      TrialSummarizer summarizer,
      Function<? super S, String> mutation,
      Function<? super S, List<Study>> studies,
      BiConsumer<? super S, TrialSummary> summary) {
    this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
    this.mutation = Objects.requireNonNull(mutation, "mutation");
    this.studies = Objects.requireNonNull(studies, "studies");
    this.summary = Objects.requireNonNull(summary, "summary");
    setName("summarizeTrials");
  }

  /**
   * Returns the node of the ready-made flow: it reads {@link TrialsState#topic()} and {@link
   * TrialsState#studies()} and writes {@link TrialsState#setSummary(TrialSummary)}.
   *
   * @param summarizer the summarizer
   * @return a new node
   */
  public static SummarizeTrialsNode<TrialsState> forTrialsState(TrialSummarizer summarizer) {
    return new SummarizeTrialsNode<>(
        summarizer, TrialsState::topic, TrialsState::studies, TrialsState::setSummary);
  }

  @Override
  protected CompletionStage<@Nullable Input> prepAsync(S shared, RunContext context) {
    return CompletableFuture.completedFuture(
        new Input(mutation.apply(shared), studies.apply(shared)));
  }

  @Override
  protected CompletionStage<@Nullable TrialSummary> execAsync(
      @Nullable Input prepResult, RunContext context) {
    Input input = Objects.requireNonNull(prepResult, "input");
    return summarizer.summarize(input.mutation(), input.studies());
  }

  @Override
  protected CompletionStage<@Nullable String> postAsync(
      S shared, @Nullable Input prepResult, @Nullable TrialSummary execResult, RunContext context) {
    summary.accept(shared, Objects.requireNonNull(execResult, "summary"));
    return CompletableFuture.completedFuture(null);
  }

  /**
   * What the node read in {@code prep}. Immutable.
   *
   * @param mutation the searched mutation or term
   * @param studies the studies to summarize
   */
  public record Input(String mutation, List<Study> studies) {
    /**
     * Copies the list and checks the components.
     *
     * @param mutation see the record's mutation component
     * @param studies see the record's studies component
     * @throws NullPointerException if a component is null
     */
    public Input {
      Objects.requireNonNull(mutation, "the mutation read from the shared store");
      studies =
          List.copyOf(Objects.requireNonNull(studies, "the studies read from the shared store"));
    }
  }
}
