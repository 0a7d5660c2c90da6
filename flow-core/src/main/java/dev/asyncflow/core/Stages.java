package dev.asyncflow.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Helpers for turning hooks' results into futures and reading finished futures. */
final class Stages {
  /** A completed future of null, for the engine only: never handed to user code. */
  static final CompletableFuture<@Nullable Object> NULL = new CompletableFuture<>();

  private static final BiFunction<@Nullable Object, @Nullable Throwable, @Nullable Throwable>
      STORED_FAILURE = (value, error) -> error;

  private static final CompletionStage<@Nullable Object> NULL_STAGE =
      CompletableFuture.completedStage(null);

  static {
    NULL.complete(null);
  }

  private Stages() {}

  /** Returns a completed stage of null that callers cannot complete or obtrude. */
  @SuppressWarnings("unchecked")
  static <T extends @Nullable Object> CompletionStage<T> nullStage() {
    return (CompletionStage<T>) NULL_STAGE;
  }

  /**
   * Casts an erased engine value back to a hook's type parameter. The engine passes each hook the
   * value the previous hook produced, so the cast holds; a value may be null where the user's own
   * data held null.
   */
  @SuppressWarnings({"unchecked", "NullAway"})
  static <T> T uncheckedCast(@Nullable Object value) {
    return (T) value;
  }

  /** Returns a synchronous hook's value as a completed future, sharing one for null. */
  static CompletableFuture<?> completed(@Nullable Object value) {
    return value == null ? NULL : CompletableFuture.completedFuture(value);
  }

  /**
   * Returns an asynchronous hook's stage as a future, failing clearly when the hook returned null.
   */
  static CompletableFuture<?> of(
      @Nullable CompletionStage<?> stage, BaseNode<?> node, String hook) {
    if (stage == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(hook + " of node '" + node.name() + "' returned null"));
    }
    if (stage == NULL_STAGE) {
      return NULL;
    }
    // Not a cast: CompletableFuture.completedStage() returns a CompletableFuture subclass whose
    // query methods throw; toCompletableFuture() is the identity on a real CompletableFuture.
    try {
      return Objects.requireNonNull(
          stage.toCompletableFuture(),
          () ->
              hook
                  + " of node '"
                  + node.name()
                  + "' returned a stage whose"
                  + " toCompletableFuture() is null");
    } catch (UnsupportedOperationException e) {
      return bridge(stage);
    }
  }

  /** Follows a stage that cannot convert itself, which {@code CompletionStage} allows. */
  private static CompletableFuture<?> bridge(CompletionStage<?> stage) {
    CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          if (error == null) {
            future.complete(value);
          } else {
            future.completeExceptionally(error);
          }
        });
    return future;
  }

  /**
   * Returns the failure of a finished future, or null when it succeeded.
   *
   * <p>Only the one {@link CompletionException} layer that {@code CompletableFuture} adds is
   * removed; a user's own {@code ExecutionException} or {@code CompletionException} is kept, since
   * the engine stores those with {@link #encode}.
   */
  static @Nullable Throwable failureOf(CompletableFuture<?> done) {
    if (!done.isCompletedExceptionally()) {
      return null;
    }
    // handle() sees the exception as stored; getNow() would wrap it, differently across JDKs.
    Throwable stored = done.handle(STORED_FAILURE).getNow(null);
    if (stored == null) {
      throw new IllegalStateException("Future completed exceptionally but has no exception");
    }
    if (stored instanceof CompletionException && stored.getCause() != null) {
      return stored.getCause();
    }
    return stored;
  }

  /**
   * Returns what to store in a future so that {@link #failureOf} gives {@code error} back: a {@link
   * CompletionException} is wrapped once more, as {@code CompletableFuture} would otherwise take it
   * for its own wrapper.
   */
  static Throwable encode(Throwable error) {
    return error instanceof CompletionException ? new CompletionException(error) : error;
  }

  /**
   * Returns a future failed with what a hook threw on this thread; an {@link InterruptedException}
   * puts the thread's interrupt flag back, which throwing it cleared.
   */
  static CompletableFuture<?> failedOnThisThread(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return failed(e);
  }

  /** Returns a future failed with {@code error}, which {@link #failureOf} gives back as is. */
  static <T> CompletableFuture<T> failed(Throwable error) {
    return CompletableFuture.failedFuture(encode(error));
  }
}
