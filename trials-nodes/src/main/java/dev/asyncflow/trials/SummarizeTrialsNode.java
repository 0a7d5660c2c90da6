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
 * A node that summarizes studies: it reads what was searched for and the studies from the shared
 * store, asks a {@link TrialSummarizer}, and writes the {@link TrialSummary} back. Its action is
 * always the default one. With no studies, the summary says none were found and no model is asked.
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
  private final Function<? super S, String> topic;
  private final Function<? super S, List<Study>> studies;
  private final BiConsumer<? super S, TrialSummary> summary;

  /**
   * Creates the node.
   *
   * @param summarizer the summarizer
   * @param topic reads what was searched for, a mutation or a term (in {@code prep})
   * @param studies reads the studies to summarize (in {@code prep})
   * @param summary writes the summary (in {@code post})
   */
  public SummarizeTrialsNode(
      TrialSummarizer summarizer,
      Function<? super S, String> topic,
      Function<? super S, List<Study>> studies,
      BiConsumer<? super S, TrialSummary> summary) {
    this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
    this.topic = Objects.requireNonNull(topic, "topic");
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
    return CompletableFuture.completedFuture(new Input(topic.apply(shared), studies.apply(shared)));
  }

  @Override
  protected CompletionStage<@Nullable TrialSummary> execAsync(
      @Nullable Input prepResult, RunContext context) {
    Input input = Objects.requireNonNull(prepResult, "input");
    return summarizer.summarize(input.topic(), input.studies());
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
   * @param topic what was searched for, a mutation or a term
   * @param studies the studies to summarize
   */
  public record Input(String topic, List<Study> studies) {
    /**
     * Copies the list and checks the components.
     *
     * @param topic see the record's topic component
     * @param studies see the record's studies component
     * @throws NullPointerException if a component is null
     */
    public Input {
      Objects.requireNonNull(topic, "the topic read from the shared store");
      studies =
          List.copyOf(Objects.requireNonNull(studies, "the studies read from the shared store"));
    }
  }
}
