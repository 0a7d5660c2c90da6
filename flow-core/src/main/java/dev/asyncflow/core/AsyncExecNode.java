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
    return runAsync(shared, RunOptions.ofDefaults());
  }

  /**
   * Runs this node alone.
   *
   * <p>Where the work happens: this method runs the node's hooks on the calling thread for as long
   * as their stages complete synchronously, and returns once a stage is pending or the run has
   * ended. A stage that completes later continues the run on the thread that completes it (an HTTP
   * client's executor, say). After a retry wait or a timeout, the run continues on the thread the
   * run's {@link Scheduler} runs its task on: with {@link Scheduler#systemDefault()}, a thread of
   * {@link java.util.concurrent.ForkJoinPool#commonPool()}. To keep the calling thread free, call
   * this method from a task on an executor of your own, or let {@code prepAsync} return a stage
   * that completes on another thread.
   *
   * @param shared the shared store
   * @param options the params, listener, scheduler and step limit of this run
   * @return a future of the action; cancelling it cancels the node
   */
  public final CompletableFuture<@Nullable String> runAsync(S shared, RunOptions options) {
    return startAlone(shared, options, Runnable::run);
  }
}
