package dev.asyncflow.trials.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Completion callbacks and cancellation handed from callers' futures to the work behind them. */
public final class Futures {
  private static final System.Logger LOG = System.getLogger(Futures.class.getName());

  private Futures() {}

  /**
   * Runs {@code callback} when {@code future} completes. What the callback throws is logged, not
   * lost in a dependent future nobody reads.
   *
   * @param future the future
   * @param callback receives the value or the failure
   * @param <T> the value type
   */
  public static <T> void whenDone(
      CompletableFuture<T> future, BiConsumer<? super @Nullable T, @Nullable Throwable> callback) {
    var unused =
        future.whenComplete(
            (value, failure) -> {
              try {
                callback.accept(value, failure);
              } catch (RuntimeException unexpected) {
                LOG.log(Level.WARNING, "a completion callback failed", unexpected);
              }
            });
  }

  /**
   * Cancels {@code work}, with interruption, once {@code result} is cancelled.
   *
   * @param result the future the caller holds
   * @param work the future doing the work, such as a flow-http call
   */
  public static void cancelWith(CompletableFuture<?> result, Future<?> work) {
    cancelWith(result, () -> work);
  }

  /**
   * Cancels the work {@code current} names at that moment, with interruption, once {@code result}
   * is cancelled: for work that moves from one future to the next, such as the pages of a search.
   *
   * @param result the future the caller holds
   * @param current returns the future doing the work now
   */
  public static void cancelWith(
      CompletableFuture<?> result, Supplier<? extends Future<?>> current) {
    whenDone(
        result,
        (value, failure) -> {
          if (result.isCancelled()) {
            current.get().cancel(true);
          }
        });
  }
}
