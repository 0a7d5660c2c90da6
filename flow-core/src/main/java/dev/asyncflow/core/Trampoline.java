package dev.asyncflow.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A future whose work runs in a serialized drain loop. Whoever calls {@link #drain()} while the
 * loop is running on another frame or thread only bumps a counter, and the running loop goes round
 * again, so callbacks never nest on the stack and {@link #pump()} never runs concurrently with
 * itself.
 *
 * <p>Completing the future through its public methods ({@code cancel}, {@code
 * completeExceptionally}, {@code complete}, and so {@code orTimeout}) first records a {@linkplain
 * #stopCause() stop cause} and drains, so that {@link #pump()} stops the work (cancels what is in
 * flight, reports the stop) before dependents of this future run; only then is the future
 * completed. Dependent stages created from it are plain {@link CompletableFuture}s.
 *
 * @param <T> the result type
 */
abstract class Trampoline<T extends @Nullable Object> extends CompletableFuture<T> {
  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<Trampoline> WIP =
      AtomicIntegerFieldUpdater.newUpdater(Trampoline.class, "wip");

  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<Trampoline, Throwable> STOP =
      AtomicReferenceFieldUpdater.newUpdater(Trampoline.class, Throwable.class, "stopCause");

  private volatile int wip;
  private volatile @Nullable Throwable stopCause;

  /** Does all the work that can be done now; runs on one thread at a time. */
  abstract void pump();

  /** Runs {@link #pump()} now, or makes the loop running elsewhere go round once more. */
  final void drain() {
    if (WIP.getAndIncrement(this) != 0) {
      return;
    }
    int missed = 1;
    do {
      try {
        pump();
      } catch (Throwable t) {
        // A bug or a fatal error must not leave the loop marked busy, which would hang the future.
        failQuietly(t);
      }
      missed = WIP.addAndGet(this, -missed);
    } while (missed != 0);
  }

  /** Why the work must stop, once the future is being completed through a public method. */
  final @Nullable Throwable stopCause() {
    return stopCause;
  }

  /**
   * Returns why the work of this future must stop, or null while it may go on: the cause of a stop
   * under way, or the outcome of a future already done. Work nested in this one polls it.
   */
  @Nullable Throwable stopReason() {
    Throwable cause = stopCause;
    if (cause != null) {
      return cause;
    }
    if (!isDone()) {
      return null;
    }
    Throwable failure = Stages.failureOf(this);
    return failure != null ? failure : new CancellationException("Already completed");
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return stopThen(new CancellationException(), () -> super.cancel(mayInterruptIfRunning));
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    return stopThen(ex, () -> super.completeExceptionally(ex));
  }

  @Override
  public boolean complete(T value) {
    return stopThen(
        new CancellationException("Completed from outside"), () -> super.complete(value));
  }

  /**
   * Stops the work, then completes. The first stop request's cause is the one the work sees; a
   * later request, while the first is still under way, only completes the future if it is first to
   * do so, as {@code CompletableFuture}'s contract asks.
   */
  private boolean stopThen(Throwable cause, BooleanSupplier completion) {
    if (isDone()) {
      return false;
    }
    if (STOP.compareAndSet(this, null, cause)) {
      drain();
    }
    return completion.getAsBoolean();
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }

  /** Completes without draining: for the loop's own result, from inside {@link #pump()}. */
  final boolean completeQuietly(@Nullable T value) {
    return super.complete(Stages.uncheckedCast(value));
  }

  /** Fails without draining: for the loop's own failure, from inside {@link #pump()}. */
  final boolean failQuietly(Throwable error) {
    return super.completeExceptionally(Stages.encode(error));
  }
}
