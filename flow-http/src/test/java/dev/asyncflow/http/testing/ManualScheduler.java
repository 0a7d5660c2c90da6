package dev.asyncflow.http.testing;

import dev.asyncflow.http.HttpScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link HttpScheduler} with virtual time, for tests: {@link #schedule} only records the task;
 * {@link #advance(Duration)} moves both clocks and runs the tasks that fall due, in due order, on
 * the calling thread (the manager then hands each to its executor). Thread-safe.
 */
public final class ManualScheduler implements HttpScheduler {
  private final Instant wallStart;
  private final List<Task> pending = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private long nanos = 1_000_000_000L;
  private final long startNanos = nanos;
  private long sequence;

  /** Creates a scheduler whose wall clock starts at 2026-11-29T12:00:00Z. */
  public ManualScheduler() {
    this(Instant.parse("2026-11-29T12:00:00Z"));
  }

  /**
   * Creates a scheduler whose wall clock starts at {@code wallStart}.
   *
   * @param wallStart the first instant {@link #now()} returns
   */
  public ManualScheduler(Instant wallStart) {
    this.wallStart = wallStart;
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return wallStart.plusNanos(nanos - startNanos);
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    delays.add(delay);
    long due = nanos + Math.max(0L, delay.toNanos());
    Task scheduled = new Task(due, sequence++, task);
    pending.add(scheduled);
    return () -> cancel(scheduled);
  }

  /** Moves time forward by {@code duration}, running every task that falls due meanwhile. */
  public void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = nanos + duration.toNanos();
    }
    while (true) {
      Optional<Task> next = takeNextDue(target);
      if (next.isEmpty()) {
        break;
      }
      next.get().task.run();
    }
    synchronized (this) {
      nanos = Math.max(nanos, target);
    }
  }

  /** Returns how many tasks are scheduled and neither run nor cancelled. */
  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Returns every delay ever requested, in order. */
  public synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  private synchronized Optional<Task> takeNextDue(long target) {
    Task first = null;
    for (Task task : pending) {
      if (task.due <= target
          && (first == null
              || task.due < first.due
              || (task.due == first.due && task.sequence < first.sequence))) {
        first = task;
      }
    }
    if (first == null) {
      return Optional.empty();
    }
    pending.remove(first);
    nanos = Math.max(nanos, first.due);
    return Optional.of(first);
  }

  private synchronized void cancel(Task task) {
    pending.remove(task);
  }

  private record Task(long due, long sequence, Runnable task) {}
}
