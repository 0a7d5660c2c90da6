package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * A future whose work runs in a serialized drain loop. Whoever calls {@link #drain()} while the
 * loop is running on another frame or thread only bumps a counter, and the running loop goes round
 * again, so callbacks never nest on the stack and {@link #pump()} never runs concurrently with
 * itself.
 *
 * <p>Completing the future from outside ({@code cancel}, {@code completeExceptionally}, {@code
 * complete}, {@code orTimeout}) also drains, so {@link #pump()} sees {@link #isDone()} and can stop
 * the work. Dependent stages created from it are plain {@link CompletableFuture}s.
 *
 * @param <T> the result type
 */
abstract class Trampoline<T extends @Nullable Object> extends CompletableFuture<T> {
  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<Trampoline> WIP =
      AtomicIntegerFieldUpdater.newUpdater(Trampoline.class, "wip");

  private volatile int wip;

  /** Does all the work that can be done now; runs on one thread at a time. */
  abstract void pump();

  /** Runs {@link #pump()} now, or makes the loop running elsewhere go round once more. */
  final void drain() {
    if (WIP.getAndIncrement(this) != 0) {
      return;
    }
    int missed = 1;
    do {
      pump();
      missed = WIP.addAndGet(this, -missed);
    } while (missed != 0);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      drain();
    }
    return cancelled;
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    boolean completed = super.completeExceptionally(ex);
    if (completed) {
      drain();
    }
    return completed;
  }

  @Override
  public boolean complete(T value) {
    boolean completed = super.complete(value);
    if (completed) {
      drain();
    }
    return completed;
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
