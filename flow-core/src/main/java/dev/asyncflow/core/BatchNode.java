package dev.asyncflow.core;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous node that runs {@code exec} once per item: {@code prep} returns the items, each
 * item gets its own attempts and fallback, one after another, and {@code post} receives the results
 * in input order.
 *
 * <pre>{@code
 * class Translate extends BatchNode<Map<String, Object>, String, String> {
 *   protected List<String> prep(Map<String, Object> shared, RunContext ctx) {
 *     return (List<String>) shared.get("paragraphs");
 *   }
 *   protected String exec(String paragraph, RunContext ctx) {
 *     return translator.translate(paragraph);
 *   }
 *   protected String post(Map<String, Object> shared, List<String> paragraphs,
 *       List<String> translated, RunContext ctx) {
 *     shared.put("translated", translated);
 *     return null;
 *   }
 * }
 * }</pre>
 *
 * <p>Differences from PocketFlow: {@code exec} and {@code execFallback} take one item, and {@code
 * post} receives an empty list, not null, when {@code prep} returned null. The first item whose
 * fallback fails ends the node; later items do not start.
 *
 * <p>Thread-safety: as for {@link Node}, the node holds no per-run state.
 *
 * @param <S> the shared store type
 * @param <I> the type of one item
 * @param <R> the type of one item's result
 */
public abstract class BatchNode<S, I extends @Nullable Object, R extends @Nullable Object>
    extends SyncExecNode<S> {
  /** Creates a batch node with one attempt per item. */
  protected BatchNode() {
    this(RetryPolicy.none());
  }

  /**
   * Creates a batch node with PocketFlow's retry settings, applied to each item.
   *
   * @param maxAttempts the total number of attempts per item
   * @param delay the wait between attempts
   * @throws IllegalArgumentException if either is negative
   */
  protected BatchNode(int maxAttempts, Duration delay) {
    this(RetryPolicy.fixed(maxAttempts, delay));
  }

  /**
   * Creates a batch node with a retry policy, applied to each item.
   *
   * @param retryPolicy how each item's {@code exec} is retried
   */
  protected BatchNode(RetryPolicy retryPolicy) {
    super(retryPolicy);
  }

  /**
   * Returns the items to process.
   *
   * @param shared the shared store
   * @param context the run's params
   * @return the items in order; null (the default) means none
   * @throws Exception to fail the run
   */
  protected @Nullable List<I> prep(S shared, RunContext context) throws Exception {
    return null;
  }

  /**
   * Processes one item. Retried on exception.
   *
   * @param item the item
   * @param context the run's params and the item's current attempt
   * @return the item's result; null by default
   * @throws Exception to fail this attempt
   */
  protected @Nullable R exec(I item, RunContext context) throws Exception {
    return null;
  }

  /**
   * Decides an item's result when its last attempt failed.
   *
   * @param item the item
   * @param error the last attempt's exception
   * @param context the last attempt's context
   * @return a result to use instead; by default this method rethrows {@code error}
   * @throws Exception to fail the run
   */
  protected @Nullable R execFallback(I item, Exception error, RunContext context) throws Exception {
    throw error;
  }

  /**
   * Writes the results to the shared store and picks the next node.
   *
   * @param shared the shared store
   * @param items the items {@code prep} returned
   * @param results each item's result, in input order
   * @param context the run's params
   * @return the action; null (the default) means {@link #DEFAULT_ACTION}
   * @throws Exception to fail the run
   */
  protected @Nullable String post(S shared, List<I> items, List<R> results, RunContext context)
      throws Exception {
    return null;
  }

  @Override
  final NodeDescriptor<S> describe() {
    return NodeDescriptor.batchNode(
        this,
        /* async= */ false,
        (shared, context) -> Stages.completed(prep(shared, context)),
        (item, context) -> Stages.completed(exec(Stages.<I>uncheckedCast(item), context)),
        (item, error, context) ->
            Stages.completed(execFallback(Stages.<I>uncheckedCast(item), error, context)),
        (shared, items, results, context) ->
            Stages.completed(
                post(
                    shared,
                    Stages.<List<I>>uncheckedCast(items),
                    Stages.<List<R>>uncheckedCast(results),
                    context)));
  }
}
