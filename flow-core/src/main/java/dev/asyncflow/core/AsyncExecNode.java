package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The non-blocking run of an asynchronous node alone. Not public: users extend {@link AsyncNode},
 * {@link AsyncBatchNode} or {@link AsyncParallelBatchNode}.
 *
 * @param <S> the shared store type
 */
abstract class AsyncExecNode<S> extends ExecNode<S> {

  AsyncExecNode(RetryPolicy retryPolicy) {
    super(retryPolicy);
  }

  /**
   * Runs this node alone with default options. If the node has successors, a warning says that they
   * are not run: use an {@link AsyncFlow} for that.
   *
   * @param shared the shared store
   * @return a future of the action; cancelling it cancels the node
   */
  public final CompletableFuture<@Nullable String> runAsync(S shared) {
    return runAsync(shared, RunOptions.defaults());
  }

  /**
   * Runs this node alone.
   *
   * @param shared the shared store
   * @param options the params, listener and scheduler of this run
   * @return a future of the action; cancelling it cancels the node
   */
  public final CompletableFuture<@Nullable String> runAsync(S shared, RunOptions options) {
    return startAlone(shared, options, Runnable::run);
  }
}
