package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpScheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The manager's {@link HttpScheduler} paired with its worker executor: a due task is handed to the
 * workers, so the timer thread never runs call logic or user code (only the {@linkplain Watchdog
 * watchdog's} checks of the time run on it).
 */
public final class WorkerScheduler {
  private final HttpScheduler clock;
  private final Executor executor;
  private final BooleanSupplier onExecutor;

  /**
   * Pairs {@code clock} with {@code executor}.
   *
   * @param clock the manager's scheduler and time source
   * @param executor where due tasks run
   * @param onExecutor tells whether the calling thread is one of the executor's
   */
  public WorkerScheduler(HttpScheduler clock, Executor executor, BooleanSupplier onExecutor) {
    this.clock = clock;
    this.executor = executor;
    this.onExecutor = onExecutor;
  }

  /**
   * Runs {@code task} on the executor after {@code delay}.
   *
   * @param delay the wait
   * @param task the task
   * @return a handle that cancels the task if it is not yet due
   */
  public HttpScheduler.Cancellable schedule(Duration delay, Runnable task) {
    return clock.schedule(delay, () -> executor.execute(task));
  }

  /**
   * Runs {@code check} on the scheduler's own thread after {@code delay}, not on the executor: only
   * for a check that compares times, schedules and hands any work on to the executor, as {@link
   * Watchdog}'s does.
   *
   * @param delay the wait
   * @param check the check
   * @return a handle that cancels the check if it is not yet due
   */
  HttpScheduler.Cancellable scheduleOnTimer(Duration delay, Runnable check) {
    return clock.schedule(delay, check);
  }

  /**
   * Runs {@code task} on the executor soon.
   *
   * @param task the task
   */
  public void execute(Runnable task) {
    executor.execute(task);
  }

  /**
   * Runs {@code task} now if the calling thread is one of the executor's, else on the executor: for
   * work that must not run on a JDK thread but need not hop when it is already on a worker.
   *
   * @param task the task
   */
  public void executeOnWorker(Runnable task) {
    if (onExecutor.getAsBoolean()) {
      task.run();
    } else {
      executor.execute(task);
    }
  }

  /**
   * Returns the scheduler's monotonic time.
   *
   * @return nanoseconds
   */
  public long nanoTime() {
    return clock.nanoTime();
  }

  /**
   * Returns the scheduler's wall-clock time, for {@code Retry-After} dates.
   *
   * @return the current instant
   */
  public java.time.Instant now() {
    return clock.now();
  }
}
