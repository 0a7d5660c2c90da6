package dev.asyncflow.http.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Derived futures that pass a cancellation back to their source. */
final class Futures {
  private Futures() {}

  /**
   * Returns a future of {@code mapper} applied to {@code source}'s result. If the returned future
   * is cancelled (or otherwise completed by its holder) first, {@code source} is cancelled, so a
   * caller cancelling a decoded result still aborts the exchange. An exception from {@code mapper}
   * fails the returned future.
   *
   * @param source the source future
   * @param mapper the conversion
   * @param <A> the source type
   * @param <B> the result type
   * @return the derived future
   */
  static <A, B> CompletableFuture<B> map(CompletableFuture<A> source, Function<A, B> mapper) {
    CompletableFuture<B> derived = new CompletableFuture<>();
    whenDone(
        source,
        (value, failure) -> {
          if (failure != null) {
            derived.completeExceptionally(Failures.unwrap(failure));
            return;
          }
          try {
            derived.complete(mapper.apply(value));
          } catch (RuntimeException e) {
            derived.completeExceptionally(e);
          }
        });
    whenDone(
        derived,
        (value, failure) -> {
          if (!source.isDone()) {
            source.cancel(false);
          }
        });
    return derived;
  }

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
