package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The one timer of a service's calls. Each running call's deadline and the timeouts of its attempt
 * on the network (the response timeout, then the read timeout) are {@link Limit}s; instead of one
 * task per timeout, the watchdog keeps a single task on the scheduler, due at the earliest moment
 * one of its limits can expire. When the task runs, it hands every expired limit's action to the
 * executor and schedules itself again for the earliest moment one of the others can expire. Its
 * check runs on the scheduler's own thread: it only compares times and schedules.
 *
 * <p>A limit that stops being watched (a call or an exchange that ended) leaves the task where it
 * is: if it runs early for that reason, it finds nothing expired and moves on. A limit watched
 * later re-arms the task only if it can expire before the task runs, which the limits of a new call
 * rarely do while older calls are running: a service under load schedules about one task per
 * timeout period, not one per call.
 *
 * <p>Thread-safe: watching and unwatching are lock-free set operations; arming and the check share
 * the watchdog's lock.
 */
final class Watchdog {
  /** The earliest expiry of a limit that cannot expire any more. */
  static final long NEVER = Long.MAX_VALUE;

  private final WorkerScheduler scheduler;
  private final Set<Limit> limits = ConcurrentHashMap.newKeySet();
  private HttpScheduler.@Nullable Cancellable task;
  private long taskDue;
  private int armings;

  /**
   * Creates a watchdog that watches nothing yet.
   *
   * @param scheduler the clock and timer, and the executor expired limits run on
   */
  Watchdog(WorkerScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Watches {@code limit} until it expires or {@link #unwatch}.
   *
   * @param limit the limit
   */
  void watch(Limit limit) {
    limits.add(limit);
    synchronized (this) {
      long now = scheduler.nanoTime();
      long due = limit.earliestExpiry(now);
      if (due != NEVER && (task == null || due < taskDue)) {
        arm(now, due);
      }
    }
  }

  /**
   * Stops watching {@code limit}; its expiry no longer runs unless it was already handed over.
   *
   * @param limit the limit
   */
  void unwatch(Limit limit) {
    limits.remove(limit);
  }

  /** Schedules the task for {@code due}, in place of the one scheduled, if any. */
  private void arm(long now, long due) {
    HttpScheduler.Cancellable scheduled = task;
    if (scheduled != null) {
      scheduled.cancel();
    }
    taskDue = due;
    int arming = ++armings;
    task = scheduler.scheduleOnTimer(Duration.ofNanos(Math.max(0, due - now)), () -> check(arming));
  }

  /** The task: runs on the scheduler's thread, unless it was armed again meanwhile. */
  private void check(int arming) {
    List<Expired> expired = new ArrayList<>();
    synchronized (this) {
      if (arming != armings) {
        return;
      }
      task = null;
      long now = scheduler.nanoTime();
      long next = NEVER;
      for (Limit limit : limits) {
        Runnable expiry = limit.expiredAt(now);
        if (expiry == null) {
          next = Math.min(next, limit.earliestExpiry(now));
        } else if (limits.remove(limit)) {
          expired.add(new Expired(limit.earliestExpiry(now), expiry));
        }
      }
      if (next != NEVER) {
        arm(now, next);
      }
    }
    if (!expired.isEmpty()) {
      expired.sort(Comparator.comparingLong(Expired::due));
      // One task each, as separate timers had: an expiry runs the call's failure path and the
      // application's callbacks, which must not wait for, or block, the other expiries.
      for (Expired each : expired) {
        scheduler.execute(each.expiry());
      }
    }
  }

  /** An expired limit's action and when the limit expired, to hand expiries over in that order. */
  private record Expired(long due, Runnable expiry) {}

  /**
   * A time limit under watch. Times are the scheduler's nanoseconds; a limit far in the future
   * should stay below {@code Long.MAX_VALUE / 2} so that adding to the time cannot overflow.
   */
  interface Limit {
    /**
     * Returns the earliest time at which this limit can expire, judged at {@code now}: a bound that
     * never moves earlier as time passes and events arrive, or {@link #NEVER}. Once the limit has
     * expired, it is the time it expired at.
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
