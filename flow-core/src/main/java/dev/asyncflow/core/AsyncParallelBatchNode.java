package dev.asyncflow.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous batch node whose items run concurrently, as PocketFlow's {@code
 * AsyncParallelBatchNode} does with {@code asyncio.gather}. Results keep the input order.
 *
 * <p>Beyond PocketFlow, a {@link ParallelPolicy} bounds how many items are in flight at once and
 * chooses what a failure does. With {@link ParallelPolicy.FailurePolicy#FAIL_FAST} (the default)
 * the first item whose fallback fails ends the node and the items still running are cancelled. With
 * {@link ParallelPolicy.FailurePolicy#COLLECT_ALL} every item runs to its end and {@link
 * #postOutcomesAsync} receives every outcome; by default it calls {@code postAsync} when all
 * succeeded and fails with a {@link BatchFailedException} otherwise.
 *
 * <pre>{@code
 * class Summarize extends AsyncParallelBatchNode<Shared, Trial, String> {
 *   Summarize() {
 *     super(RetryPolicy.fixed(3, Duration.ofSeconds(1)), ParallelPolicy.maxConcurrency(8));
 *   }
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: items' hooks run concurrently, possibly on different threads.
 *
 * @param <S> the shared store type
 * @param <I> the type of one item
 * @param <R> the type of one item's result
 */
public abstract class AsyncParallelBatchNode<
        S, I extends @Nullable Object, R extends @Nullable Object>
    extends AsyncBatchNode<S, I, R> {
  private final ParallelPolicy parallelPolicy;

  /** Creates a node with one attempt per item, all items at once, fail-fast. */
  protected AsyncParallelBatchNode() {
    this(RetryPolicy.none(), ParallelPolicy.unbounded());
  }

  /**
   * Creates a node with one attempt per item.
   *
   * @param parallelPolicy how many items run at once and what a failure does
   */
  protected AsyncParallelBatchNode(ParallelPolicy parallelPolicy) {
    this(RetryPolicy.none(), parallelPolicy);
  }

  /**
   * Creates a node with a retry policy, all items at once, fail-fast.
   *
   * @param retryPolicy how each item's {@code execAsync} is retried
   */
  protected AsyncParallelBatchNode(RetryPolicy retryPolicy) {
    this(retryPolicy, ParallelPolicy.unbounded());
  }

  /**
   * Creates a node with PocketFlow's retry settings, all items at once, fail-fast.
   *
   * @param maxAttempts the total number of attempts per item
   * @param delay the wait between attempts
   * @throws IllegalArgumentException if either is negative
   */
  protected AsyncParallelBatchNode(int maxAttempts, Duration delay) {
    this(RetryPolicy.fixed(maxAttempts, delay), ParallelPolicy.unbounded());
  }

  /**
   * Creates a node with PocketFlow's retry settings.
   *
   * @param maxAttempts the total number of attempts per item
   * @param delay the wait between attempts
   * @param parallelPolicy how many items run at once and what a failure does
   * @throws IllegalArgumentException if {@code maxAttempts} or {@code delay} is negative
   */
  protected AsyncParallelBatchNode(int maxAttempts, Duration delay, ParallelPolicy parallelPolicy) {
    this(RetryPolicy.fixed(maxAttempts, delay), parallelPolicy);
  }

  /**
   * Creates a node.
   *
   * @param retryPolicy how each item's {@code execAsync} is retried
   * @param parallelPolicy how many items run at once and what a failure does
   */
  protected AsyncParallelBatchNode(RetryPolicy retryPolicy, ParallelPolicy parallelPolicy) {
    super(retryPolicy);
    this.parallelPolicy = Objects.requireNonNull(parallelPolicy, "parallelPolicy");
  }

  /**
   * Returns how many items run at once and what a failure does.
   *
   * @return the parallel policy
   */
  public final ParallelPolicy parallelPolicy() {
    return parallelPolicy;
  }

  /**
   * In {@link ParallelPolicy.FailurePolicy#COLLECT_ALL} mode, receives every item's outcome in
   * input order, in place of {@code postAsync}. Override it to keep partial results.
   *
   * @param shared the shared store
   * @param items the items {@code prepAsync} yielded
   * @param outcomes each item's outcome, in input order
   * @param context the run's params
   * @return a stage of the action; by default {@code postAsync}'s when every item succeeded, or a
   *     stage failed with a {@link BatchFailedException}
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable String> postOutcomesAsync(
      S shared, List<I> items, List<Outcome<R>> outcomes, RunContext context) throws Exception {
    List<R> values = new ArrayList<>(outcomes.size());
    for (Outcome<R> outcome : outcomes) {
      if (!outcome.isSuccess()) {
        return CompletableFuture.failedStage(new BatchFailedException(name(), outcomes));
      }
      values.add(outcome.value());
    }
    return postAsync(shared, items, values, context);
  }

  /**
   * Runs the items as the parallel policy says; in collect-all mode, post is {@link
   * #postOutcomesAsync}, which receives the outcomes.
   */
  @Override
  final NodeDescriptor<S> describe() {
    NodeDescriptor<S> sequential = super.describe();
    return switch (parallelPolicy.failurePolicy()) {
      case FAIL_FAST -> sequential.parallel(parallelPolicy, sequential.postHook);
      case COLLECT_ALL -> sequential.parallel(parallelPolicy, this::callPostOutcomes);
    };
  }

  private CompletableFuture<?> callPostOutcomes(
      S shared, @Nullable Object items, @Nullable Object outcomes, RunContext context)
      throws Exception {
    return Stages.of(
        postOutcomesAsync(
            shared,
            Stages.<List<I>>uncheckedCast(items),
            Stages.<List<Outcome<R>>>uncheckedCast(outcomes),
            context),
        this,
        "postOutcomesAsync");
  }
}
