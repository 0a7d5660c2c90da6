package dev.asyncflow.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The JDK-timer-backed default; stateless apart from the JDK's own timer. */
final class DefaultScheduler implements Scheduler {
  static final DefaultScheduler INSTANCE = new DefaultScheduler();

  private DefaultScheduler() {}

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ClearableTask clearable = new ClearableTask(task);
    // An explicit pool: without one, CompletableFuture uses a new thread per task wherever the
    // common pool has a parallelism of 1 (machines with 2 cores or fewer).
    CompletableFuture.delayedExecutor(
            Math.max(0L, delay.toNanos()), TimeUnit.NANOSECONDS, ForkJoinPool.commonPool())
        .execute(clearable);
    return clearable;
  }

  /** Drops its task on cancel, so a cancelled wait does not keep a run reachable. */
  private static final class ClearableTask implements Runnable, Cancellable {
    private volatile @Nullable Runnable task;

    ClearableTask(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      Runnable current = task;
      task = null;
      if (current != null) {
        current.run();
      }
    }

    @Override
    public void cancel() {
      task = null;
    }
  }
}
