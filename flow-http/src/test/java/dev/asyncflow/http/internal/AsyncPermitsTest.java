package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.HttpScheduler;
import dev.asyncflow.http.internal.AsyncPermits.Permit;
import dev.asyncflow.http.internal.PermitUnavailableException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** {@link AsyncPermits} hands out at most its limit, queues FIFO and gives every permit back. */
class AsyncPermitsTest {
  private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);

  private final FakeTimer scheduler = new FakeTimer();
  private final List<Integer> queuedLengths = new ArrayList<>();

  @Test
  void acquire_belowLimit_grantsAtOnce() {
    AsyncPermits permits = permits(2, 10);

    CompletableFuture<Permit> first = acquire(permits);
    CompletableFuture<Permit> second = acquire(permits);

    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(permits.inUse()).isEqualTo(2);
    assertThat(permits.queued()).isZero();
    assertThat(queuedLengths).isEmpty();
  }

  @Test
  void acquire_atLimit_queuesAndReportsQueueLength() {
    AsyncPermits permits = permits(2, 10);
    acquire(permits);
    acquire(permits);

    CompletableFuture<Permit> third = acquire(permits);
    CompletableFuture<Permit> fourth = acquire(permits);

    assertThat(third).isNotDone();
    assertThat(fourth).isNotDone();
    assertThat(permits.inUse()).isEqualTo(2);
    assertThat(permits.queued()).isEqualTo(2);
    assertThat(queuedLengths).containsExactly(1, 2);
  }

  @Test
  void release_withWaiters_grantsInFifoOrder() {
    AsyncPermits permits = permits(1, 10);
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> first = acquire(permits);
    CompletableFuture<Permit> second = acquire(permits);
    CompletableFuture<Permit> third = acquire(permits);

    held.release();

    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    assertThat(third).isNotDone();

    first.join().release();

    assertThat(second).isCompleted();
    assertThat(third).isNotDone();

    second.join().release();
    third.join().release();

    assertThat(permits.inUse()).isZero();
    assertThat(permits.queued()).isZero();
  }

  @Test
  void release_toWaiter_keepsInUseAtLimitAndEmptiesQueue() {
    AsyncPermits permits = permits(1, 10);
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> waiter = acquire(permits);

    held.release();

    assertThat(waiter).isCompleted();
    assertThat(permits.inUse()).isEqualTo(1);
    assertThat(permits.queued()).isZero();
    assertThat(scheduler.pendingCount()).as("the waiter's timeout is cancelled").isZero();
  }

  @Test
  void acquire_whileOthersWait_queuesEvenIfAPermitIsFree() {
    // A permit released to a waiter is never taken by a newcomer: FIFO holds across hand-offs.
    QueueExecutor executor = new QueueExecutor();
    AsyncPermits permits =
        new AsyncPermits(
            1, 10, ACQUIRE_TIMEOUT, new WorkerScheduler(scheduler, executor, () -> false));
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> waiter = acquire(permits);
    held.release();

    CompletableFuture<Permit> newcomer = acquire(permits);
    executor.runAll();

    assertThat(waiter).isCompleted();
    assertThat(newcomer).isNotDone();
    assertThat(permits.inUse()).isEqualTo(1);
    assertThat(permits.queued()).isEqualTo(1);
  }

  @Test
  void acquire_queueFull_failsAtOnceWithQueueFull() {
    AsyncPermits permits = permits(1, 2);
    acquire(permits);
    acquire(permits);
    acquire(permits);

    CompletableFuture<Permit> rejected = acquire(permits);

    assertThat(reasonOf(rejected)).isEqualTo(Reason.QUEUE_FULL);
    assertThat(permits.queued()).isEqualTo(2);
    assertThat(queuedLengths).containsExactly(1, 2);
    assertThat(scheduler.pendingCount()).as("only the two waiters have a timeout").isEqualTo(2);
  }

  @Test
  void acquire_zeroQueueAndNoFreePermit_failsAtOnceWithQueueFull() {
    AsyncPermits permits = permits(1, 0);
    acquire(permits);

    assertThat(reasonOf(acquire(permits))).isEqualTo(Reason.QUEUE_FULL);
    assertThat(permits.queued()).isZero();
  }

  @Test
  void acquire_timeoutPasses_failsWithTimeoutAndLeavesQueue() {
    AsyncPermits permits = permits(1, 10);
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> waiter = acquire(permits);

    scheduler.advance(ACQUIRE_TIMEOUT.minusNanos(1));
    assertThat(waiter).isNotDone();

    scheduler.advance(Duration.ofNanos(1));

    assertThat(reasonOf(waiter)).isEqualTo(Reason.TIMEOUT);
    assertThat(permits.queued()).isZero();
    held.release();
    assertThat(permits.inUse()).as("the timed-out waiter got nothing").isZero();
  }

  @Test
  void acquire_timeout_countsFromEachWaitersOwnStart() {
    AsyncPermits permits = permits(1, 10);
    acquire(permits);
    CompletableFuture<Permit> early = acquire(permits);
    scheduler.advance(Duration.ofMillis(600));
    CompletableFuture<Permit> late = acquire(permits);

    scheduler.advance(Duration.ofMillis(400));

    assertThat(reasonOf(early)).isEqualTo(Reason.TIMEOUT);
    assertThat(late).isNotDone();
    assertThat(permits.queued()).isEqualTo(1);

    scheduler.advance(Duration.ofMillis(600));

    assertThat(reasonOf(late)).isEqualTo(Reason.TIMEOUT);
    assertThat(permits.queued()).isZero();
  }

  @Test
  void cancel_waiter_leavesQueueAndPermitGoesToNext() {
    AsyncPermits permits = permits(1, 10);
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> cancelled = acquire(permits);
    CompletableFuture<Permit> next = acquire(permits);

    cancelled.cancel(false);

    assertThat(permits.queued()).isEqualTo(1);
    assertThat(scheduler.pendingCount())
        .as("the cancelled waiter's timeout is cancelled")
        .isEqualTo(1);

    held.release();

    assertThat(next).isCompleted();
    assertThat(permits.inUse()).isEqualTo(1);
    assertThat(permits.queued()).isZero();
  }

  @Test
  void cancel_waiterAfterHandOffBegan_passesPermitToNext() {
    // release() has already taken the waiter off the queue when the caller cancels it; the task
    // that completes it then finds it cancelled and must release the permit again.
    QueueExecutor executor = new QueueExecutor();
    AsyncPermits permits =
        new AsyncPermits(
            1, 10, ACQUIRE_TIMEOUT, new WorkerScheduler(scheduler, executor, () -> false));
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> cancelled = acquire(permits);
    CompletableFuture<Permit> next = acquire(permits);

    held.release();
    cancelled.cancel(false);
    executor.runAll();

    assertThat(next).isCompleted();
    assertThat(permits.inUse()).isEqualTo(1);
    assertThat(permits.queued()).isZero();
    next.join().release();
    executor.runAll();
    assertThat(permits.inUse()).isZero();
  }

  @Test
  void cancel_lastWaiterAfterHandOffBegan_freesThePermit() {
    QueueExecutor executor = new QueueExecutor();
    AsyncPermits permits =
        new AsyncPermits(
            1, 10, ACQUIRE_TIMEOUT, new WorkerScheduler(scheduler, executor, () -> false));
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> cancelled = acquire(permits);

    held.release();
    cancelled.cancel(false);
    executor.runAll();

    assertThat(permits.inUse()).isZero();
    assertThat(acquire(permits)).isCompleted();
  }

  @Test
  void release_twice_freesOnePermitOnly() {
    AsyncPermits permits = permits(2, 10);
    Permit first = acquire(permits).join();
    acquire(permits).join();

    first.release();
    first.release();

    assertThat(permits.inUse()).isEqualTo(1);
  }

  @Test
  void release_twiceWithWaiters_grantsOneWaiterOnly() {
    AsyncPermits permits = permits(1, 10);
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> first = acquire(permits);
    CompletableFuture<Permit> second = acquire(permits);

    held.release();
    held.release();

    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    assertThat(permits.inUse()).isEqualTo(1);
    assertThat(permits.queued()).isEqualTo(1);
  }

  @Test
  void close_failsEveryWaiterWithClosedAndRefusesNewOnes() {
    AsyncPermits permits = permits(1, 10);
    Permit held = acquire(permits).join();
    CompletableFuture<Permit> first = acquire(permits);
    CompletableFuture<Permit> second = acquire(permits);

    permits.close();

    assertThat(reasonOf(first)).isEqualTo(Reason.CLOSED);
    assertThat(reasonOf(second)).isEqualTo(Reason.CLOSED);
    assertThat(permits.queued()).isZero();
    assertThat(scheduler.pendingCount()).as("no waiter's timeout is left").isZero();
    assertThat(reasonOf(acquire(permits))).isEqualTo(Reason.CLOSED);
    assertThat(permits.inUse()).as("a permit in use stays valid").isEqualTo(1);

    held.release();

    assertThat(permits.inUse()).isZero();
    assertThat(reasonOf(acquire(permits))).isEqualTo(Reason.CLOSED);
  }

  @Test
  void close_withFreePermits_refusesNewCallers() {
    AsyncPermits permits = permits(3, 10);

    permits.close();

    assertThat(reasonOf(acquire(permits))).isEqualTo(Reason.CLOSED);
    assertThat(permits.inUse()).isZero();
  }

  @Test
  void counts_followAcquireReleaseAndTimeout() {
    AsyncPermits permits = permits(2, 10);
    Permit a = acquire(permits).join();
    Permit b = acquire(permits).join();
    CompletableFuture<Permit> c = acquire(permits);
    CompletableFuture<Permit> d = acquire(permits);
    assertThat(List.of(permits.inUse(), permits.queued())).containsExactly(2, 2);

    a.release();
    assertThat(List.of(permits.inUse(), permits.queued())).containsExactly(2, 1);

    scheduler.advance(ACQUIRE_TIMEOUT);
    assertThat(reasonOf(d)).isEqualTo(Reason.TIMEOUT);
    assertThat(List.of(permits.inUse(), permits.queued())).containsExactly(2, 0);

    b.release();
    c.join().release();
    assertThat(List.of(permits.inUse(), permits.queued())).containsExactly(0, 0);
  }

  private AsyncPermits permits(int limit, int maxQueued) {
    return new AsyncPermits(
        limit,
        maxQueued,
        ACQUIRE_TIMEOUT,
        new WorkerScheduler(scheduler, Runnable::run, () -> false));
  }

  private CompletableFuture<Permit> acquire(AsyncPermits permits) {
    return permits.acquire(queuedLengths::add);
  }

  private static Reason reasonOf(CompletableFuture<Permit> future) {
    assertThat(future).isCompletedExceptionally();
    Throwable failure = future.handle((permit, error) -> error).join();
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(PermitUnavailableException.class);
    return ((PermitUnavailableException) cause).reason();
  }

  /** An executor that runs its tasks only when told, to open the hand-off window. */
  private static final class QueueExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        task.run();
      }
    }
  }

  /**
   * A single-threaded virtual-time {@link HttpScheduler}: due tasks run inside {@link #advance}.
   */
  private static final class FakeTimer implements HttpScheduler {
    private final List<Task> pending = new ArrayList<>();
    private long nanos;

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      Task scheduled = new Task(nanos + Math.max(0L, delay.toNanos()), task);
      pending.add(scheduled);
      return () -> pending.remove(scheduled);
    }

    void advance(Duration duration) {
      long target = nanos + duration.toNanos();
      while (true) {
        Task next = null;
        for (Task task : pending) {
          if (task.due <= target && (next == null || task.due < next.due)) {
            next = task;
          }
        }
        if (next == null) {
          break;
        }
        pending.remove(next);
        nanos = Math.max(nanos, next.due);
        next.task.run();
      }
      nanos = target;
    }

    int pendingCount() {
      return pending.size();
    }

    private record Task(long due, Runnable task) {}
  }
}
