package dev.asyncflow.core;

import java.util.Objects;

/**
 * What every node with an {@code exec} hook has: its retry policy. Not public: users extend {@link
 * Node}, {@link BatchNode}, {@link AsyncNode} or {@link AsyncBatchNode}.
 *
 * @param <S> the shared store type
 */
abstract class ExecNode<S> extends BaseNode<S> {
  private final RetryPolicy retryPolicy;

  ExecNode(RetryPolicy retryPolicy) {
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
  }

  /**
   * Returns how {@code exec} is retried (for batch nodes: each item's {@code exec}).
   *
   * @return the retry policy
   */
  public final RetryPolicy retryPolicy() {
    return retryPolicy;
  }
}
