package dev.asyncflow.core;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler used when a run names none: one daemon timer thread, started when a task is
 * scheduled and ended after a few idle seconds with nothing queued, that hands each due task to
 * {@link ForkJoinPool#commonPool()}, so no user code ever runs on it.
 *
 * <p>A cancelled task is removed from the timer's queue at once. The JDK's own delay timer ({@code
 * CompletableFuture.delayedExecutor}) keeps a cancelled task until its delay expires, which would
 * make a long loop over nodes with long timeouts hold memory for each iteration.
 */
final class DefaultScheduler implements Scheduler {
  static final DefaultScheduler INSTANCE = new DefaultScheduler();

  private DefaultScheduler() {}

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future =
        Timer.EXECUTOR.schedule(
            () -> ForkJoinPool.commonPool().execute(task),
            Math.max(0L, Durations.saturatedNanos(delay)),
            TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** Returns how many tasks wait in the timer's queue; for tests. */
  static int queuedTasks() {
    return Timer.EXECUTOR.getQueue().size();
  }

  /** Holds the timer so that its thread starts only when a default-scheduled task first exists. */
  private static final class Timer {
    static final long IDLE_SECONDS = 5;
    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread = new Thread(runnable, "asyncflow-scheduler");
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      // The thread ends once it has had nothing queued for a while, and comes back when needed.
      executor.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
      executor.allowCoreThreadTimeOut(true);
      return executor;
    }
  }
}
