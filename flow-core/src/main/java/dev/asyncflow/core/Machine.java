package dev.asyncflow.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A small state machine that is also its own result future, driven by a trampoline.
 *
 * <p>Each step returns the next stage to await. A stage that is already complete is consumed in the
 * same loop instead of through a callback, and a callback that fires while the loop is running only
 * bumps a counter, so the stack never grows however many steps complete synchronously or on other
 * threads.
 *
 * <p>Completing the machine from outside ({@code cancel}, {@code completeExceptionally}, {@code
 * complete}, {@code orTimeout}) stops it: the awaited stage is cancelled, no further step runs and
 * {@link #onStopped(Throwable)} is called once, before the machine's own dependents run (unless
 * another thread is inside a step at that moment, which then stops as soon as the step returns).
 *
 * @param <T> the result type
 */
abstract class Machine<T extends @Nullable Object> extends Trampoline<T>
    implements BiConsumer<@Nullable Object, @Nullable Throwable> {

  // Touched only inside pump(), which runs on one thread at a time.
  private boolean started;
  private boolean settled;
  private boolean stopped;
  private @Nullable CompletableFuture<?> awaiting;
  private @Nullable CompletableFuture<?> listeningTo;

  /**
   * Runs the first step.
   *
   * @return the stage to await, or null once the machine has settled
   */
  abstract @Nullable CompletableFuture<?> begin() throws Exception;

  /**
   * Runs the next step with the outcome of the awaited stage.
   *
   * @param value the stage's value when it succeeded
   * @param error the stage's failure, unwrapped, or null when it succeeded
   * @return the next stage to await, or null once the machine has settled
   */
  abstract @Nullable CompletableFuture<?> resume(@Nullable Object value, @Nullable Throwable error)
      throws Exception;

  /**
   * Called when a step throws: settles the machine with the failure. Machines that report failures
   * override it to report first.
   */
  @Nullable CompletableFuture<?> onStepFailure(Throwable error) {
    return settleExceptionally(error);
  }

  /**
   * Called once when the machine was completed from outside before it settled.
   *
   * @param cause what completed it: usually a {@link CancellationException}
   */
  void onStopped(Throwable cause) {}

  /** Starts the machine and returns it. */
  final Machine<T> launch() {
    drain();
    return this;
  }

  /** Completes the machine with a value; returns null so steps can {@code return settle(v)}. */
  final @Nullable CompletableFuture<?> settle(@Nullable T value) {
    settled = completeQuietly(value);
    return null;
  }

  /** Completes the machine with a failure; returns null so steps can {@code return fail(e)}. */
  final @Nullable CompletableFuture<?> settleExceptionally(Throwable error) {
    settled = failQuietly(error);
    return null;
  }

  @Override
  public final void accept(@Nullable Object value, @Nullable Throwable error) {
    drain();
  }

  @Override
  final void pump() {
    while (true) {
      if (stopCause() != null || isDone()) {
        stopIfOutside();
        return;
      }
      CompletableFuture<?> next;
      if (!started) {
        started = true;
        next = step(null, null, true);
      } else {
        CompletableFuture<?> current = awaiting;
        if (current == null) {
          return;
        }
        if (!current.isDone()) {
          listen(current);
          return;
        }
        awaiting = null;
        Throwable error = Stages.failureOf(current);
        next = step(error == null ? current.getNow(null) : null, error, false);
      }
      awaiting = next;
    }
  }

  private @Nullable CompletableFuture<?> step(
      @Nullable Object value, @Nullable Throwable error, boolean first) {
    try {
      return first ? begin() : resume(value, error);
    } catch (Throwable t) {
      return onStepFailure(t);
    }
  }

  private void listen(CompletableFuture<?> current) {
    if (listeningTo != current) {
      listeningTo = current;
      current.whenComplete(this);
    }
  }

  private void stopIfOutside() {
    listeningTo = null;
    if (settled || stopped) {
      return;
    }
    stopped = true;
    CompletableFuture<?> current = awaiting;
    awaiting = null;
    if (current != null) {
      current.cancel(true);
    }
    Throwable cause = stopCause();
    onStopped(cause != null ? cause : new CancellationException("Completed from outside"));
  }
}
