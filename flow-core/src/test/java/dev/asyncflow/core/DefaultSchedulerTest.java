package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler runs use when none is given. */
class DefaultSchedulerTest {
  private final Scheduler scheduler = Scheduler.systemDefault();

  @Test
  void dueTask_runsOnTheCommonPool_notOnTheTimerThread() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();

    scheduler.schedule(Duration.ZERO, () -> ranOn.complete(Thread.currentThread()));

    Thread thread = ranOn.get(5, TimeUnit.SECONDS);
    assertThat(thread).isInstanceOf(ForkJoinWorkerThread.class);
    assertThat(((ForkJoinWorkerThread) thread).getPool()).isSameAs(ForkJoinPool.commonPool());
  }

  // The queue-size tests compare the size of the one timer queue that every default-scheduled task
  // shares, before and after; they rely on no other test using the default scheduler with a long
  // delay (whose task might leave the queue meanwhile), and on test classes not running in
  // parallel.
  @Test
  void cancelledTask_leavesTheTimerQueueAtOnce() {
    // Given
    int before = DefaultScheduler.queuedTasks();

    // When a task is scheduled an hour from now
    Scheduler.Cancellable task = scheduler.schedule(Duration.ofHours(1), () -> {});
    int scheduled;
    try {
      scheduled = DefaultScheduler.queuedTasks();
    } finally {
      // When it is cancelled
      task.cancel();
    }

    // Then the queue grew by exactly one, and shrank back at once
    assertThat(scheduled).isEqualTo(before + 1);
    assertThat(DefaultScheduler.queuedTasks()).isEqualTo(before);
  }

  @Test
  void delayBeyondTheRangeOfNanoseconds_isCappedInsteadOfOverflowing() {
    int before = DefaultScheduler.queuedTasks();

    Scheduler.Cancellable task = scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> {});

    assertThat(DefaultScheduler.queuedTasks()).isEqualTo(before + 1);
    task.cancel();
  }
}
