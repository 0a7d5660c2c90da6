package dev.asyncflow.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous batch node: {@code prepAsync} yields the items, each item runs {@code execAsync}
 * with its own attempts and fallback, one item after another, and {@code postAsync} receives the
 * results in input order. For items in parallel use {@link AsyncParallelBatchNode}.
 *
 * <p>The first item whose fallback fails ends the node; later items do not start.
 *
 * <p>Thread-safety: the node holds no per-run state; hooks may be called on any thread.
 *
 * @param <S> the shared store type
 * @param <I> the type of one item
 * @param <R> the type of one item's result
 */
public abstract class AsyncBatchNode<S, I extends @Nullable Object, R extends @Nullable Object>
    extends AsyncExecNode<S> {
  /** Creates a batch node with one attempt per item. */
  protected AsyncBatchNode() {
    this(RetryPolicy.none());
  }

  /**
   * Creates a batch node with PocketFlow's retry settings, applied to each item.
   *
   * @param maxAttempts the total number of attempts per item
   * @param delay the wait between attempts
   * @throws IllegalArgumentException if either is negative
   */
  protected AsyncBatchNode(int maxAttempts, Duration delay) {
    this(RetryPolicy.fixed(maxAttempts, delay));
  }

  /**
   * Creates a batch node with a retry policy, applied to each item.
   *
   * @param retryPolicy how each item's {@code execAsync} is retried
   */
  protected AsyncBatchNode(RetryPolicy retryPolicy) {
    super(retryPolicy);
  }

  /**
   * Yields the items to process.
   *
   * @param shared the shared store
   * @param context the run's params
   * @return a stage of the items in order; of null (no items) by default
   * @throws Exception to fail the run
   */
  protected CompletionStage<? extends @Nullable List<I>> prepAsync(S shared, RunContext context)
      throws Exception {
    return Stages.nullStage();
  }

  /**
   * Processes one item. Retried when the stage fails or the method throws.
   *
   * @param item the item
   * @param context the run's params and the item's current attempt
   * @return a stage of the item's result; of null by default
   * @throws Exception to fail this attempt
   */
  protected CompletionStage<@Nullable R> execAsync(I item, RunContext context) throws Exception {
    return Stages.nullStage();
  }

  /**
   * Decides an item's result when its last attempt failed.
   *
   * @param item the item
   * @param error the last attempt's exception
   * @param context the last attempt's context
   * @return a stage of the result to use instead; by default a stage failed with {@code error}
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable R> execFallbackAsync(
      I item, Exception error, RunContext context) throws Exception {
    return CompletableFuture.failedStage(error);
  }

  /**
   * Writes the results to the shared store and picks the next node.
   *
   * @param shared the shared store
   * @param items the items {@code prepAsync} yielded (empty when it yielded null)
   * @param results each item's result, in input order
   * @param context the run's params
   * @return a stage of the action; of null (the default action) by default
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable String> postAsync(
      S shared, List<I> items, List<R> results, RunContext context) throws Exception {
    return Stages.nullStage();
  }

  /** Sequential; {@link AsyncParallelBatchNode} runs the items as its policy says. */
  @Override
  NodeDescriptor<S> describe() {
    return NodeDescriptor.batchNode(
        this,
        /* async= */ true,
        (shared, context) -> Stages.of(prepAsync(shared, context), this, "prepAsync"),
        (item, context) ->
            Stages.of(execAsync(Stages.<I>uncheckedCast(item), context), this, "execAsync"),
        (item, error, context) ->
            Stages.of(
                execFallbackAsync(Stages.<I>uncheckedCast(item), error, context),
                this,
                "execFallbackAsync"),
        (shared, items, results, context) ->
            Stages.of(
                postAsync(
                    shared,
                    Stages.<List<I>>uncheckedCast(items),
                    Stages.<List<R>>uncheckedCast(results),
                    context),
                this,
                "postAsync"));
  }
}
