package dev.asyncflow.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/** Future helpers shared by the tests. */
final class TestFutures {
  private TestFutures() {}

  /** Completes with {@code body}'s outcome on another thread. */
  static <T> CompletableFuture<T> later(Callable<T> body) {
    CompletableFuture<T> future = new CompletableFuture<>();
    ForkJoinPool.commonPool()
        .execute(
            () -> {
              try {
                future.complete(body.call());
              } catch (Throwable t) {
                future.completeExceptionally(t);
              }
            });
    return future;
  }

  /** Waits (at most 5 s, as a safety net) for {@code future} to fail and returns why. */
  static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("expected the future to fail, but got " + e, e);
    }
    throw new AssertionError("expected the future to fail, but it succeeded");
  }
}
