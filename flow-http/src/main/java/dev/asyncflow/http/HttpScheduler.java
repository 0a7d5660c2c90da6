package dev.asyncflow.http;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock and scheduler of a {@link HttpClientManager}: deadlines, timeouts, retry waits,
 * rate-limit waits and the circuit breaker's open interval all read {@link #nanoTime()} and wait
 * through {@link #schedule(Duration, Runnable)}, so no thread ever sleeps. {@link #now()} is only
 * used to read {@code Retry-After} dates.
 *
 * <p>It is flow-core's {@code Scheduler} plus a clock: the same {@code schedule} method and nested
 * {@code Cancellable}, and the time that deadlines are measured in (flow-http does not depend on
 * flow-core, so the two stay separate types). The manager's default scheduler is one daemon timer
 * thread it owns. Tests inject a manual scheduler and advance time by hand. Implementations must be
 * thread-safe; a scheduled task must be quick, since the manager only uses it to hand work to its
 * executor.
 */
public interface HttpScheduler {

  /**
   * Returns a monotonic time in nanoseconds, comparable only with other values of this scheduler.
   *
   * @return the current monotonic time
   */
  long nanoTime();

  /**
   * Returns the current wall-clock time, used to turn a {@code Retry-After} HTTP-date into a delay.
   *
   * @return the current instant
   */
  Instant now();

  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @param delay how long to wait; zero or negative means as soon as possible
   * @param task what to run
   * @return a handle that cancels the task if it has not run yet
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can still be cancelled. Implementations are thread-safe. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run yet; does nothing otherwise. Idempotent. */
    void cancel();
  }
}
