package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpScheduler;
import dev.asyncflow.http.internal.PermitUnavailableException.Reason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore for async code: {@link #acquire} returns a future instead of blocking.
 * Waiters queue in FIFO order up to a bound, each with an acquire timeout; a released permit goes
 * straight to the oldest live waiter. Thread-safe.
 */
final class AsyncPermits {
  private final int limit;
  private final int maxQueued;
  private final Duration acquireTimeout;
  private final WorkerScheduler scheduler;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int inUse;
  private boolean closed;

  /**
   * Creates permits.
   *
   * @param limit how many permits exist
   * @param maxQueued how many callers may wait
   * @param acquireTimeout how long a caller may wait
   * @param scheduler the timer for acquire timeouts and the executor for hand-offs
   */
  AsyncPermits(int limit, int maxQueued, Duration acquireTimeout, WorkerScheduler scheduler) {
    this.limit = limit;
    this.maxQueued = maxQueued;
    this.acquireTimeout = acquireTimeout;
    this.scheduler = scheduler;
  }

  /**
   * Takes a permit now if one is free and nobody waits, or queues for one. The future fails with
   * {@link PermitUnavailableException} when the queue is full, the timeout passes or the permits
   * are closed. Cancelling it leaves the queue.
   *
   * @param onQueued told the queue length when the caller had to queue
   * @return the permit, to {@link Permit#release()} exactly once
   */
  CompletableFuture<Permit> acquire(IntConsumer onQueued) {
    Waiter waiter;
    int queued;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new PermitUnavailableException(Reason.CLOSED));
      }
      if (inUse < limit && waiters.isEmpty()) {
        inUse++;
        return CompletableFuture.completedFuture(new Permit());
      }
      if (waiters.size() >= maxQueued) {
        return CompletableFuture.failedFuture(new PermitUnavailableException(Reason.QUEUE_FULL));
      }
      waiter = new Waiter();
      waiters.add(waiter);
      queued = waiters.size();
    }
    onQueued.accept(queued);
    waiter.startTimer();
    return waiter.future;
  }

  /**
   * Refuses new callers and fails every waiter with {@link Reason#CLOSED}. Permits in use stay
   * valid and are released as usual.
   */
  void close() {
    List<Waiter> dropped;
    synchronized (this) {
      closed = true;
      dropped = new ArrayList<>(waiters);
      waiters.clear();
    }
    dropped.forEach(waiter -> waiter.fail(Reason.CLOSED));
  }

  /**
   * Returns how many permits are held.
   *
   * @return permits in use
   */
  synchronized int inUse() {
    return inUse;
  }

  /**
   * Returns how many callers wait.
   *
   * @return the queue length
   */
  synchronized int queued() {
    return waiters.size();
  }

  private void release() {
    Waiter next;
    synchronized (this) {
      next = waiters.poll();
      if (next == null) {
        inUse--;
        return;
      }
    }
    Waiter heir = next;
    heir.cancelTimer();
    // The permit passes straight to the oldest waiter. Completing it on the executor keeps the
    // releasing thread (often the JDK's) out of the waiter's continuation.
    scheduler.execute(
        () -> {
          if (!heir.future.complete(new Permit())) {
            release();
          }
        });
  }

  private synchronized boolean remove(Waiter waiter) {
    return waiters.remove(waiter);
  }

  /** One permit; releasing it more than once has no further effect. Thread-safe. */
  final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    /** Gives the permit back (to the oldest waiter, if any). Idempotent. */
    void release() {
      if (released.compareAndSet(false, true)) {
        AsyncPermits.this.release();
      }
    }
  }

  private final class Waiter {
    final CompletableFuture<Permit> future = new CompletableFuture<>();
    private volatile HttpScheduler.@Nullable Cancellable timer;

    void startTimer() {
      timer =
          scheduler.schedule(
              acquireTimeout,
              () -> {
                if (remove(this)) {
                  fail(Reason.TIMEOUT);
                }
              });
      Futures.whenDone(
          future,
          (permit, failure) -> {
            cancelTimer();
            if (future.isCancelled()) {
              remove(this);
            }
          });
    }

    void cancelTimer() {
      HttpScheduler.Cancellable scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel();
      }
    }

    void fail(Reason reason) {
      cancelTimer();
      future.completeExceptionally(new PermitUnavailableException(reason));
    }
  }
}
