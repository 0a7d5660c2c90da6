package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One run of any node, flows included: prep, the middle phase (the attempt loop, one loop per batch
 * item, or the graph walk of a flow), then post, whose value is the action.
 */
final class NodeRun<S> extends Machine<@Nullable String> {
  private enum Phase {
    PREP,
    EXEC,
    POST
  }

  private final Steps<S> steps;
  private final S shared;
  private final RunContext context;
  private Phase phase = Phase.PREP;
  private @Nullable Object prepResult;
  private volatile @Nullable NodeTimeoutException expired;

  NodeRun(Steps<S> steps, S shared, RunContext parent) {
    this.steps = steps;
    this.shared = shared;
    this.context = parent.withScope(this);
  }

  @Override
  CompletableFuture<?> begin() {
    steps.started(context);
    return steps.prep(shared, context);
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
  @Nullable CompletableFuture<?> resume(@Nullable Object value, @Nullable Throwable error) {
    NodeTimeoutException timeout = expired;
    if (timeout != null) {
      return onStepFailure(timeout);
    }
    if (error != null) {
      return onStepFailure(error);
    }
    switch (phase) {
      case PREP:
        phase = Phase.EXEC;
        prepResult = value;
        return steps.execPhase(shared, value, context);
      case EXEC:
        phase = Phase.POST;
        return steps.postPhase(shared, prepResult, value, context);
      default:
        String action = (String) value;
        steps.finished(context, action);
        return settle(action);
    }
  }

  @Override
  @Nullable CompletableFuture<?> onStepFailure(Throwable error) {
    steps.failed(context, error);
    return settleExceptionally(error);
  }

  @Override
  void onStopped(Throwable cause) {
    steps.failed(context, cause);
  }
}
