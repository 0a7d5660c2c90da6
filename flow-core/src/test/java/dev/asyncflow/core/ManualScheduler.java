package dev.asyncflow.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Scheduler} with virtual time, for tests: {@link #schedule} only records the task and its
 * due time; {@link #advance(Duration)} moves the clock and runs the tasks that fall due, in due
 * order (ties in scheduling order), on the calling thread. Tasks scheduled while advancing run too
 * if they fall due before the new time. Cancelled tasks never run. Thread-safe.
 */
final class ManualScheduler implements Scheduler {
  private final List<Task> pending = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private Duration now = Duration.ZERO;
  private long sequence;

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    delays.add(delay);
    Duration due = now.plus(delay.isNegative() ? Duration.ZERO : delay);
    Task scheduled = new Task(due, sequence++, task);
    pending.add(scheduled);
    return () -> cancel(scheduled);
  }

  /** Moves the clock forward by {@code duration}, running every task that falls due meanwhile. */
  void advance(Duration duration) {
    Duration target;
    synchronized (this) {
      target = now.plus(duration);
    }
    while (true) {
      Optional<Task> next = takeNextDue(target);
      if (next.isEmpty()) {
        break;
      }
      next.get().task.run();
    }
    synchronized (this) {
      now = target;
    }
  }

  /** Returns how many tasks are scheduled and neither run nor cancelled. */
  synchronized int pendingCount() {
    return pending.size();
  }

  /** Returns every delay ever requested, in the order of the {@code schedule} calls. */
  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** Returns the current virtual time, measured from the creation of this scheduler. */
  synchronized Duration now() {
    return now;
  }

  private synchronized Optional<Task> takeNextDue(Duration target) {
    Task first = null;
    for (Task task : pending) {
      if (task.due.compareTo(target) <= 0
          && (first == null
              || task.due.compareTo(first.due) < 0
              || (task.due.equals(first.due) && task.sequence < first.sequence))) {
        first = task;
      }
    }
    if (first == null) {
      return Optional.empty();
    }
    pending.remove(first);
    now = first.due;
    return Optional.of(first);
  }

  private synchronized void cancel(Task task) {
    pending.remove(task);
  }

  private static final class Task {
    final Duration due;
    final long sequence;
    final Runnable task;

    Task(Duration due, long sequence, Runnable task) {
      this.due = due;
      this.sequence = sequence;
      this.task = task;
    }
  }
}
