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
 * A node that runs a {@link TrialsBatch} inside an application's own flow: it reads the inputs from
 * the shared store, searches for them in parallel (as an {@code AsyncParallelBatchNode} runs its
 * items, with the batch's concurrency bound and deduplication), and writes one {@link BatchOutcome}
 * per input, in input order, back to the store. Failed inputs are outcomes, not a failed run, so
 * the next node sees every input; its action is always the default one. Cancelling the run cancels
 * the batch.
 *
 * <pre>{@code
 * record Screen(List<String> mutations, AtomicReference<List<BatchOutcome>> found) {}
 * TrialsBatchNode<Screen> search = new TrialsBatchNode<>(
 *     TrialsBatch.create(client), Screen::mutations, (s, outcomes) -> s.found().set(outcomes));
 * }</pre>
 *
 * <p>Thread-safe: the node holds no per-run state; the two functions must be thread-safe too.
 *
 * @param <S> the shared store type
 */
public final class TrialsBatchNode<S> extends AsyncNode<S, List<String>, List<BatchOutcome>> {
  private final TrialsBatch batch;
  private final Function<? super S, List<String>> inputs;
  private final BiConsumer<? super S, List<BatchOutcome>> outcomes;

  /**
   * Creates the node.
   *
   * @param batch the batch that searches
   * @param inputs reads the inputs from the shared store (in {@code prep})
   * @param outcomes writes the outcomes, in input order, to the shared store (in {@code post})
   */
  public TrialsBatchNode(
      TrialsBatch batch,
      Function<? super S, List<String>> inputs,
      BiConsumer<? super S, List<BatchOutcome>> outcomes) {
    this.batch = Objects.requireNonNull(batch, "batch");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    setName("searchTrialsBatch");
  }

  @Override
  protected CompletionStage<@Nullable List<String>> prepAsync(S shared, RunContext context) {
    return CompletableFuture.completedFuture(
        Objects.requireNonNull(inputs.apply(shared), "the inputs read from the shared store"));
  }

  @Override
  protected CompletionStage<@Nullable List<BatchOutcome>> execAsync(
      @Nullable List<String> prepResult, RunContext context) {
    return batch.run(Objects.requireNonNull(prepResult, "inputs"));
  }

  @Override
  protected CompletionStage<@Nullable String> postAsync(
      S shared,
      @Nullable List<String> prepResult,
      @Nullable List<BatchOutcome> execResult,
      RunContext context) {
    outcomes.accept(shared, Objects.requireNonNull(execResult, "outcomes"));
    return CompletableFuture.completedFuture(null);
  }
}
