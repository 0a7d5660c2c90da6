package dev.asyncflow.http.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** Small helpers for the engine's futures. */
final class Futures {
  private Futures() {}

  /**
   * Runs {@code action} when {@code future} completes. The dependent future is dropped on purpose:
   * {@code action} handles both outcomes itself.
   *
   * @param future the future to watch
   * @param action what to run with its value or failure
   * @param <T> the value type
   */
  static <T> void whenDone(
      CompletableFuture<T> future, BiConsumer<? super T, ? super Throwable> action) {
    CompletableFuture<T> unused = future.whenComplete(action);
  }

  /**
   * Returns the value of a successfully completed future, without waiting.
   *
   * @param future the future
   * @param <T> the value type
   * @return the value, or null if it has not completed (yet) or failed or was cancelled
   */
  static <T> @Nullable T valueOf(CompletableFuture<T> future) {
    return future.isDone() && !future.isCompletedExceptionally() ? future.getNow(null) : null;
  }

  /**
   * Returns why a completed future failed, without waiting.
   *
   * @param future the future
   * @return the failure, unwrapped ({@link java.util.concurrent.CancellationException} if it was
   *     cancelled), or null if it has not failed (yet)
   */
  static @Nullable Throwable failureOf(CompletableFuture<?> future) {
    return future
        .handle((value, failure) -> failure == null ? null : Failures.unwrap(failure))
        .getNow(null);
  }
}
