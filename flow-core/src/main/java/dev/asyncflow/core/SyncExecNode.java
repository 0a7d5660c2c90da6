package dev.asyncflow.core;

import org.jspecify.annotations.Nullable;

/**
 * The blocking run of a synchronous node alone. Not public: users extend {@link Node} or {@link
 * BatchNode}.
 *
 * @param <S> the shared store type
 */
abstract class SyncExecNode<S> extends ExecNode<S> {

  SyncExecNode(RetryPolicy retryPolicy) {
    super(retryPolicy);
  }

  /**
   * Runs this node alone on the calling thread, with default options. If the node has successors, a
   * warning says that they are not run: use a {@link Flow} for that.
   *
   * @param shared the shared store
   * @return the action {@code post} returned
   * @throws FlowException wrapping a checked exception from a hook; unchecked ones propagate as
   *     they are
   */
  public final @Nullable String run(S shared) {
    return run(shared, RunOptions.ofDefaults());
  }

  /**
   * Runs this node alone on the calling thread.
   *
   * @param shared the shared store
   * @param options the params, listener, scheduler and step limit of this run
   * @return the action {@code post} returned
   * @throws FlowException wrapping a checked exception from a hook; unchecked ones propagate as
   *     they are
   */
  public final @Nullable String run(S shared, RunOptions options) {
    return runBlocking(shared, options);
  }
}
