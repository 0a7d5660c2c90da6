package dev.asyncflow.trials;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.BaseNode;
import dev.asyncflow.core.RunOptions;
import dev.asyncflow.trials.internal.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The ready-made flow from a mutation to a summary: {@link QueryTrialsNode}, then any steps of the
 * application's own, then {@link SummarizeTrialsNode}, over a {@link TrialsState}.
 *
 * <pre>{@code
 * TrialsFlow trials = TrialsFlow.create(client, TrialSummarizer.fromEnvironment(http));
 * TrialsState done = trials.run("EGFR L858R").join();
 * System.out.println(done.summary().text());
 * }</pre>
 *
 * <p>Steps inserted with {@link Builder#afterQuery(BaseNode)} run in order between the search and
 * the summary, each linked by the default action; a step narrows what is summarized with {@link
 * TrialsState#setStudies(List)}. A step whose action is not the default one ends the run there,
 * before the summary (flow-core logs a warning naming the action), and {@link
 * TrialsState#summary()} stays null. A {@link dev.asyncflow.core.FlowListener} and the other run
 * options are given per run with {@link #run(StudyQuery, RunOptions)}.
 *
 * <p>Thread-safe: one definition serves any number of concurrent runs, each with its own state.
 */
public final class TrialsFlow {
  private final AsyncFlow<TrialsState> flow;

  private TrialsFlow(AsyncFlow<TrialsState> flow) {
    this.flow = flow;
  }

  /**
   * Creates the flow without steps of its own.
   *
   * @param client searches the studies
   * @param summarizer summarizes them
   * @return the flow
   */
  public static TrialsFlow create(ClinicalTrialsClient client, TrialSummarizer summarizer) {
    return builder(client, summarizer).build();
  }

  /**
   * Returns a builder, to insert steps between the search and the summary.
   *
   * @param client searches the studies
   * @param summarizer summarizes them
   * @return a new builder
   */
  public static Builder builder(ClinicalTrialsClient client, TrialSummarizer summarizer) {
    return new Builder(client, summarizer);
  }

  /**
   * Finds and summarizes the trials of a mutation (the first 10 studies, exclusion-only ones left
   * out).
   *
   * @param mutation such as {@code "EGFR L858R"}
   * @return the final state; failed with {@link InvalidQueryException} for a bad mutation, or with
   *     what the search or the summary failed with
   */
  public CompletableFuture<TrialsState> run(String mutation) {
    StudyQuery query;
    try {
      query = StudyQuery.ofMutation(mutation);
    } catch (IllegalArgumentException invalid) {
      return CompletableFuture.failedFuture(invalid);
    }
    return run(query);
  }

  /**
   * Finds and summarizes the trials of a query.
   *
   * @param query the query
   * @return the final state; cancelling it stops the run
   */
  public CompletableFuture<TrialsState> run(StudyQuery query) {
    return run(query, RunOptions.ofDefaults());
  }

  /**
   * Finds and summarizes the trials of a query with run options: a listener, a scheduler, params, a
   * step limit.
   *
   * @param query the query
   * @param options the run's options
   * @return the final state; cancelling it stops the run
   */
  public CompletableFuture<TrialsState> run(StudyQuery query, RunOptions options) {
    TrialsState state = new TrialsState(query);
    CompletableFuture<?> run = flow.runAsync(state, options);
    CompletableFuture<TrialsState> result = run.thenApply(action -> state);
    Futures.cancelWith(result, run);
    return result;
  }

  /**
   * Returns the underlying flow, to nest it in a larger flow or to look at its graph.
   *
   * @return the flow
   */
  public AsyncFlow<TrialsState> flow() {
    return flow;
  }

  /**
   * Returns the flow's graph as Mermaid text.
   *
   * @return the Mermaid flowchart
   */
  public String toMermaid() {
    return flow.toMermaid();
  }

  /** Builds a {@link TrialsFlow}. Not thread-safe. */
  public static final class Builder {
    private final ClinicalTrialsClient client;
    private final TrialSummarizer summarizer;
    private final List<BaseNode<TrialsState>> steps = new ArrayList<>();
    private boolean built;

    private Builder(ClinicalTrialsClient client, TrialSummarizer summarizer) {
      this.client = Objects.requireNonNull(client, "client");
      this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
    }

    /**
     * Adds a step after the search (and after the steps added before), before the summary. The flow
     * links it by its default action, so it must not be linked to other nodes.
     *
     * @param step a node of the application's own
     * @return this builder
     * @throws IllegalArgumentException if the step already has successors or was added before
     */
    public Builder afterQuery(BaseNode<TrialsState> step) {
      Objects.requireNonNull(step, "step");
      if (!step.successors().isEmpty() || steps.contains(step)) {
        throw new IllegalArgumentException(
            "step '" + step.name() + "' is already linked; give each flow fresh steps");
      }
      steps.add(step);
      return this;
    }

    /**
     * Builds the flow with new query and summarize nodes. A builder builds once: the steps become
     * part of the flow built.
     *
     * @return the flow
     * @throws IllegalStateException if this builder has built a flow before
     */
    public TrialsFlow build() {
      if (built) {
        throw new IllegalStateException("a TrialsFlow.Builder builds one flow; use a new builder");
      }
      built = true;
      QueryTrialsNode<TrialsState> query = QueryTrialsNode.forTrialsState(client);
      BaseNode<TrialsState> last = query;
      for (BaseNode<TrialsState> step : steps) {
        last = last.next(step);
      }
      last.next(SummarizeTrialsNode.forTrialsState(summarizer));
      return new TrialsFlow(new AsyncFlow<>(query));
    }
  }
}
