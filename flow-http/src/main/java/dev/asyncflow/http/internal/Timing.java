package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpTimer;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The manager's timer paired with its executor: a due task is handed to the executor, so the timer
 * thread never runs call logic or user code.
 */
public final class Timing {
  private final HttpTimer timer;
  private final Executor executor;

  /**
   * Pairs {@code timer} with {@code executor}.
   *
   * @param timer the time source and timer
   * @param executor where due tasks run
   */
  public Timing(HttpTimer timer, Executor executor) {
    this.timer = timer;
    this.executor = executor;
  }

  /**
   * Runs {@code task} on the executor after {@code delay}.
   *
   * @param delay the wait
   * @param task the task
   * @return a handle that cancels the task if it is not yet due
   */
  public HttpTimer.Cancellable schedule(Duration delay, Runnable task) {
    return timer.schedule(delay, () -> executor.execute(task));
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
   * Returns the timer's monotonic time.
   *
   * @return nanoseconds
   */
  public long nanoTime() {
    return timer.nanoTime();
  }

  /**
   * Returns the timer.
   *
   * @return the timer
   */
  public HttpTimer timer() {
    return timer;
  }
}
