package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one timer of a call. The call's deadline and the exchange of the attempt on the network (its
 * response timeout, then its read timeout) are {@link Limit}s; the watchdog keeps a single task on
 * the scheduler for all of them instead of one task per timeout. The task runs at the earliest
 * moment one of them can expire, or after the horizon (the call's shortest exchange timeout) if
 * that comes first; it hands every expired limit's action to the executor and schedules itself
 * again in the same way. Its check runs on the scheduler's own thread: it only compares times and
 * schedules.
 *
 * <p>The horizon is the soonest an exchange watched later can expire, so watching one never moves
 * the task; a limit that stops being watched (an exchange that ended) leaves it where it is too. A
 * call answered within its timeouts thus schedules one task and cancels it when it ends, and a
 * longer call is checked once per horizon at least.
 *
 * <p>Thread-safe; each method takes the watchdog's lock briefly.
 */
final class Watchdog {
  /** The earliest expiry of a limit that cannot expire any more. */
  static final long NEVER = Long.MAX_VALUE;

  private final WorkerScheduler scheduler;
  private final long horizonNanos;
  private final List<Limit> limits = new ArrayList<>(2);
  private HttpScheduler.@Nullable Cancellable task;
  private long taskDue;
  private int armings;
  private boolean stopped;

  /**
   * Creates a watchdog that watches nothing yet.
   *
   * @param scheduler the clock and timer, and the executor expired limits run on
   * @param horizonNanos the longest the task waits, the soonest a limit watched later can expire
   *     (positive, at most {@code Long.MAX_VALUE / 4})
   */
  Watchdog(WorkerScheduler scheduler, long horizonNanos) {
    this.scheduler = scheduler;
    this.horizonNanos = horizonNanos;
  }

  /**
   * Watches {@code limit} until it expires, {@link #unwatch} or {@link #stop()}.
   *
   * @param limit the limit
   */
  synchronized void watch(Limit limit) {
    if (!stopped) {
      limits.add(limit);
      arm(scheduler.nanoTime());
    }
  }

  /**
   * Stops watching {@code limit}; its expiry no longer runs unless it was already handed over.
   *
   * @param limit the limit
   */
  synchronized void unwatch(Limit limit) {
    limits.remove(limit);
  }

  /** Cancels the task and stops watching anything, for good. Idempotent. */
  synchronized void stop() {
    stopped = true;
    limits.clear();
    HttpScheduler.Cancellable scheduled = task;
    task = null;
    if (scheduled != null) {
      scheduled.cancel();
    }
  }

  /**
   * Schedules the task for the earliest expiry or the horizon, unless it is already due by then.
   */
  private void arm(long now) {
    if (limits.isEmpty()) {
      return;
    }
    long due = now + horizonNanos;
    for (Limit limit : limits) {
      due = Math.min(due, limit.earliestExpiry(now));
    }
    HttpScheduler.Cancellable scheduled = task;
    if (scheduled != null && taskDue <= due) {
      return;
    }
    if (scheduled != null) {
      scheduled.cancel();
    }
    taskDue = due;
    int arming = ++armings;
    task = scheduler.scheduleOnTimer(Duration.ofNanos(Math.max(0, due - now)), () -> check(arming));
  }

  /** The task: runs on the scheduler's thread, unless it was cancelled or armed again meanwhile. */
  private void check(int arming) {
    List<Runnable> expired = new ArrayList<>(1);
    synchronized (this) {
      if (stopped || arming != armings) {
        return;
      }
      task = null;
      long now = scheduler.nanoTime();
      for (Iterator<Limit> each = limits.iterator(); each.hasNext(); ) {
        Runnable expiry = each.next().expiredAt(now);
        if (expiry != null) {
          each.remove();
          expired.add(expiry);
        }
      }
      arm(now);
    }
    if (!expired.isEmpty()) {
      scheduler.execute(() -> expired.forEach(Runnable::run));
    }
  }

  /**
   * A time limit under watch. Times are the scheduler's nanoseconds; a limit far in the future
   * should stay below {@code Long.MAX_VALUE / 2} so that adding to the time cannot overflow.
   */
  interface Limit {
    /**
     * Returns the earliest time at which this limit can expire, judged at {@code now}: a bound that
     * never moves earlier as time passes and events arrive, or {@link #NEVER}.
     *
     * @param now the scheduler's time
     * @return the earliest expiry
     */
    long earliestExpiry(long now);

    /**
     * Returns what to do if this limit has expired at {@code now}, else null. The action runs on
     * the executor, once.
     *
     * @param now the scheduler's time
     * @return the expiry, or null
     */
    @Nullable Runnable expiredAt(long now);

    /**
     * Returns a limit that expires at a fixed time.
     *
     * @param due when it expires
     * @param expiry what then runs on the executor
     * @return the limit
     */
    static Limit at(long due, Runnable expiry) {
      return new Limit() {
        @Override
        public long earliestExpiry(long now) {
          return due;
        }

        @Override
        public @Nullable Runnable expiredAt(long now) {
          return now - due >= 0 ? expiry : null;
        }
      };
    }
  }
}
