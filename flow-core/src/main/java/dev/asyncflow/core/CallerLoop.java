package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The event loop of a blocking {@code run}: the calling thread waits for the run's future and
 * meanwhile runs every continuation handed to this executor (what follows a retry wait), so all
 * hooks of a synchronous flow run on the caller's thread, as in PocketFlow.
 */
final class CallerLoop implements Executor {
  private static final Runnable WAKE_UP = () -> {};

  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  /**
   * Runs continuations on this thread until {@code run} completes, then returns its value or throws
   * its failure.
   */
  <T extends @Nullable Object> T await(CompletableFuture<T> run, String what) {
    run.whenComplete((v, e) -> tasks.add(WAKE_UP));
    try {
      while (!run.isDone()) {
        tasks.take().run();
      }
    } catch (InterruptedException e) {
      run.cancel(true);
      Thread.currentThread().interrupt();
      throw new FlowException("Interrupted while running " + what, e);
    }
    return resultOf(run, what);
  }

  private static <T extends @Nullable Object> T resultOf(CompletableFuture<T> done, String what) {
    Throwable error = Stages.failureOf(done);
    if (error == null) {
      return done.getNow(null);
    }
    if (error instanceof RuntimeException) {
      throw (RuntimeException) error;
    }
    if (error instanceof Error) {
      throw (Error) error;
    }
    throw new FlowException(what + " failed: " + error, error);
  }
}
