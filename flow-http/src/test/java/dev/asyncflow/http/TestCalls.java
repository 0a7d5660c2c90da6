package dev.asyncflow.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Bounded waits for tests that depend on real network progress: every wait gives up after 10 s with
 * a message saying what it waited for. Nothing here sleeps for a fixed time.
 */
final class TestCalls {
  static final Duration WAIT = Duration.ofSeconds(10);

  private TestCalls() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after 10 s. */
  static void awaitTrue(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
  }

  /** Polls {@code condition} until it holds; fails after 10 s. */
  static void awaitTrue(BooleanSupplier condition) {
    awaitTrue(condition, "the condition holds");
  }

  /** Polls {@code client}'s stats until they satisfy {@code condition}, and returns them. */
  static ServiceStats awaitStats(
      ServiceClient client, Predicate<ServiceStats> condition, String what) {
    long end = System.nanoTime() + WAIT.toNanos();
    ServiceStats stats = client.stats();
    while (!condition.test(stats)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what + "; last stats: " + stats);
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
      stats = client.stats();
    }
    return stats;
  }

  /** Waits for {@code future} to fail and returns why; fails if it succeeds or hangs. */
  static Throwable failureOf(CompletableFuture<?> future) {
    try {
      Object value = future.get(WAIT.toSeconds(), SECONDS);
      throw new AssertionError("expected a failure, but the call returned " + value);
    } catch (ExecutionException | CompletionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not complete within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for {@code future} to fail with a {@code type}, and returns the failure. */
  static <T extends Throwable> T failureOf(CompletableFuture<?> future, Class<T> type) {
    Throwable failure = failureOf(future);
    assertThat(failure).isInstanceOf(type);
    return type.cast(failure);
  }

  /** Waits for {@code future} to fail with a {@code type}, naming the call in the assertion. */
  static <T extends Throwable> T failureOf(
      CompletableFuture<?> future, Class<T> type, String what) {
    Throwable failure = failureOf(future);
    assertThat(failure).as(what).isInstanceOf(type);
    return type.cast(failure);
  }

  /** Waits for {@code future} to fail with an {@link HttpCallException}, and returns it. */
  static HttpCallException callFailure(CompletableFuture<?> future) {
    return failureOf(future, HttpCallException.class);
  }
}
