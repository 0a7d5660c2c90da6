package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of a node that has {@code exec}: its four hooks as futures, and the retry
 * policy of its attempt loop.
 *
 * @param <S> the shared store type
 */
abstract class ExecSteps<S> extends Steps<S> {
  private final ExecNode<S> execNode;

  ExecSteps(ExecNode<S> node) {
    super(node, false);
    this.execNode = node;
  }

  final RetryPolicy retryPolicy() {
    return execNode.retryPolicy();
  }

  /** Runs one attempt of {@code exec} on one input (the prep result, or one batch item). */
  abstract CompletableFuture<?> exec(@Nullable Object input, RunContext context);

  abstract CompletableFuture<?> fallback(
      @Nullable Object input, Exception error, RunContext context);

  abstract CompletableFuture<?> post(
      S shared, @Nullable Object prepResult, @Nullable Object execResult, RunContext context);

  /** Runs the exec phase on the prep result: one attempt loop, or one per item for batches. */
  @Override
  CompletableFuture<?> execPhase(S shared, @Nullable Object prepResult, RunContext context) {
    return attempts(prepResult, context);
  }

  /**
   * Runs the attempt loop on one input, unless the run is being stopped. The first attempt runs
   * here; only when it is still pending or has failed does an {@link AttemptRun} take over, so a
   * first success costs nothing.
   */
  final CompletableFuture<?> attempts(@Nullable Object input, RunContext context) {
    Throwable stop = context.stopReason();
    if (stop != null) {
      return Stages.failed(stop);
    }
    if (retryPolicy().maxAttempts() == 0) {
      return Stages.NULL;
    }
    CompletableFuture<?> first = exec(input, context);
    if (first.isDone() && !first.isCompletedExceptionally()) {
      return first;
    }
    return new AttemptRun(this, input, context, first).launch();
  }

  @Override
  CompletableFuture<?> postPhase(
      S shared, @Nullable Object prepResult, @Nullable Object execResult, RunContext context) {
    return post(shared, prepResult, execResult, context);
  }
}
