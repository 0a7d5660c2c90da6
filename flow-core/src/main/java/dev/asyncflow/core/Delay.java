package dev.asyncflow.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A future that completes after a delay, on the run's resume executor. Cancelling it cancels the
 * timer, so a cancelled run holds no pending wait.
 */
final class Delay extends CompletableFuture<@Nullable Void> implements Runnable {
  private final RunState run;
  private volatile Scheduler.@Nullable Cancellable timer;

  private Delay(RunState run) {
    this.run = run;
  }

  static Delay start(RunState run, Duration delay) {
    Delay future = new Delay(run);
    future.timer = run.scheduler.schedule(delay, future);
    if (future.isDone()) {
      future.cancelTimer();
    }
    return future;
  }

  @Override
  public void run() {
    run.resumeExecutor.execute(() -> complete(null));
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    cancelTimer();
    return super.cancel(mayInterruptIfRunning);
  }

  private void cancelTimer() {
    Scheduler.Cancellable current = timer;
    if (current != null) {
      current.cancel();
    }
  }
}
