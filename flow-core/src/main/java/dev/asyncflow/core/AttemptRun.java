package dev.asyncflow.core;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code exec} on one input with PocketFlow's retry loop: up to {@code maxAttempts} attempts,
 * a wait between attempts, none after the last, and {@code execFallback} when the last fails.
 *
 * <p>PocketFlow retries {@code Exception} but not {@code BaseException} such as {@code
 * KeyboardInterrupt} or {@code asyncio.CancelledError}; likewise errors, interrupts and
 * cancellations end the loop at once, with no fallback.
 */
final class AttemptRun extends Machine<@Nullable Object> {
  private enum Phase {
    EXEC,
    WAIT,
    FALLBACK
  }

  private final NodeDescriptor<?> node;
  private final @Nullable Object input;
  private final RunContext baseContext;
  private final RetryPolicy policy;
  private final CompletableFuture<?> firstAttempt;
  private RunContext context;
  private Phase phase = Phase.EXEC;

  /** Takes over the loop from its first attempt, already started by the caller. */
  private AttemptRun(
      NodeDescriptor<?> node,
      @Nullable Object input,
      RunContext context,
      CompletableFuture<?> firstAttempt) {
    this.node = node;
    this.input = input;
    this.baseContext = context;
    this.context = context;
    this.policy = node.retryPolicy;
    this.firstAttempt = firstAttempt;
  }

  /**
   * Runs the attempt loop of {@code node} on one input, unless the run is being stopped. The first
   * attempt runs here; only when it is still pending or has failed does an {@code AttemptRun} take
   * over, so a first success costs nothing.
   */
  static CompletableFuture<?> attempts(
      NodeDescriptor<?> node, @Nullable Object input, RunContext context) {
    Throwable stop = context.stopReason();
    if (stop != null) {
      return Stages.failed(stop);
    }
    if (node.retryPolicy.maxAttempts() == 0) {
      return Stages.NULL;
    }
    CompletableFuture<?> first = node.exec(input, context);
    if (first.isDone() && !first.isCompletedExceptionally()) {
      return first;
    }
    return new AttemptRun(node, input, context, first).launch();
  }

  @Override
  CompletableFuture<?> begin() {
    return firstAttempt;
  }

  @Override
  @Nullable CompletableFuture<?> resume(@Nullable Object value, @Nullable Throwable error) {
    return switch (phase) {
      case EXEC -> error == null ? settle(value) : afterFailure(error);
      case WAIT -> error == null ? attempt(context.attempt() + 1) : settleExceptionally(error);
      case FALLBACK -> error == null ? settle(value) : settleExceptionally(error);
    };
  }

  /** Starts attempt {@code number}, unless the node or an enclosing run is being stopped. */
  private @Nullable CompletableFuture<?> attempt(int number) {
    Throwable stop = baseContext.stopReason();
    if (stop != null) {
      return settleExceptionally(stop);
    }
    phase = Phase.EXEC;
    context = baseContext.withAttempt(number);
    return node.exec(input, context);
  }

  private @Nullable CompletableFuture<?> afterFailure(Throwable error) {
    if (!isRetryable(error)) {
      return settleExceptionally(error);
    }
    RunState run = context.run();
    int next = context.attempt() + 1;
    if (next >= policy.maxAttempts()) {
      run.listener.fallbackInvoked(node.node, context, error);
      phase = Phase.FALLBACK;
      return node.fallback(input, (Exception) error, context);
    }
    Duration delay = policy.delayBefore(next, run.random());
    run.listener.retryScheduled(node.node, context, error, delay);
    if (delay.isZero()) {
      return attempt(next);
    }
    phase = Phase.WAIT;
    return Delay.start(run, delay);
  }

  private static boolean isRetryable(Throwable error) {
    return error instanceof Exception
        && !(error instanceof InterruptedException)
        && !(error instanceof CancellationException);
  }
}
