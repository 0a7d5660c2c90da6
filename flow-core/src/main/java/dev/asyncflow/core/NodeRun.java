package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One run of a node as a future of its own: the root node of a run, and nodes with a timeout, which
 * need a future to fail when the time is up. Other nodes of a flow run inside the flow's {@link
 * Orchestration}.
 */
final class NodeRun<S> extends Machine<@Nullable String> {
  private final NodeDescriptor<S> node;
  private final RunContext context;
  private final NodePhases<S> phases;
  private volatile @Nullable NodeTimeoutException expired;

  NodeRun(NodeDescriptor<S> node, S shared, RunContext parent) {
    this.node = node;
    this.context = parent.withScope(this);
    this.phases = new NodePhases<>(shared);
  }

  @Override
  CompletableFuture<?> begin() {
    return phases.start(node, context);
  }

  /**
   * Ends the run with {@code timeout}: at once through the run's resume executor, or, when that
   * executor is the blocked caller of a synchronous run, as soon as the current hook returns.
   */
  void expire(NodeTimeoutException timeout) {
    expired = timeout;
    context.run().resumeExecutor.execute(() -> completeExceptionally(timeout));
  }

  @Override
  @Nullable Throwable stopReason() {
    NodeTimeoutException timeout = expired;
    return timeout != null ? timeout : super.stopReason();
  }

  @Override
  @Nullable CompletableFuture<?> resume(@Nullable Object value, @Nullable Throwable error) {
    NodeTimeoutException timeout = expired;
    if (timeout != null) {
      return onStepFailure(timeout);
    }
    if (error != null) {
      return onStepFailure(error);
    }
    CompletableFuture<?> next = phases.advance(value);
    return next != null ? next : settle(phases.action());
  }

  @Override
  @Nullable CompletableFuture<?> onStepFailure(Throwable error) {
    return settleExceptionally(phases.fail(error));
  }

  @Override
  void onStopped(Throwable cause) {
    phases.fail(cause);
  }
}
