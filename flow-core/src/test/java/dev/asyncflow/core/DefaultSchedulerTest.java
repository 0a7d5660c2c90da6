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

  @Test
  void cancelledTask_leavesTheTimerQueueAtOnce_andNeverRuns() {
    int before = DefaultScheduler.queuedTasks();
    CompletableFuture<Void> ran = new CompletableFuture<>();

    Scheduler.Cancellable task = scheduler.schedule(Duration.ofHours(1), () -> ran.complete(null));
    assertThat(DefaultScheduler.queuedTasks()).isEqualTo(before + 1);
    task.cancel();

    assertThat(DefaultScheduler.queuedTasks()).isEqualTo(before);
    assertThat(ran).isNotDone();
  }

  @Test
  void delayBeyondTheRangeOfNanoseconds_isCappedInsteadOfOverflowing() {
    int before = DefaultScheduler.queuedTasks();

    Scheduler.Cancellable task = scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> {});

    assertThat(DefaultScheduler.queuedTasks()).isEqualTo(before + 1);
    task.cancel();
  }
}
