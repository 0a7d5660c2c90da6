package dev.asyncflow.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. asyncflow uses it for retry waits and node timeouts, so no thread ever
 * sleeps; tests inject a manual scheduler and advance time by hand.
 *
 * <p>Implementations must be thread-safe and must never run the task on the calling thread of
 * {@link #schedule(Duration, Runnable)} unless the delay is zero or negative.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @param delay how long to wait; zero or negative means as soon as possible
   * @param task what to run
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can still be cancelled. Implementations are thread-safe. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. Idempotent. */
    void cancel();
  }

  /**
   * Returns the scheduler used when none is given: one daemon thread named {@code
   * asyncflow-scheduler}, shared by every run, started when a task is scheduled and ended after a
   * few idle seconds with nothing queued, which hands each due task to {@link
   * java.util.concurrent.ForkJoinPool#commonPool()}. A cancelled task is dropped from its queue at
   * once.
   *
   * @return the default scheduler
   */
  static Scheduler systemDefault() {
    return DefaultScheduler.INSTANCE;
  }

  /**
   * Returns a scheduler backed by {@code executor}. The caller owns the executor and shuts it down.
   *
   * @param executor the executor that runs delayed tasks
   * @return a scheduler that delegates to {@code executor}
   */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (delay, task) -> {
      ScheduledFuture<?> future =
          executor.schedule(
              task, Math.max(0L, Durations.saturatedNanos(delay)), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
