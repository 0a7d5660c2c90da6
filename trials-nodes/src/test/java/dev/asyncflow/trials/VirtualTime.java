package dev.asyncflow.trials;

import static org.assertj.core.api.Assertions.fail;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpEventListener;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link ManualScheduler} for the client tests and records, in virtual time, when each
 * attempt started and failed, so that a test can check a retry waited as long as it had to.
 */
final class VirtualTime extends HttpEventListener {
  final ManualScheduler scheduler = new ManualScheduler();
  final List<Long> attemptStarts = new CopyOnWriteArrayList<>();
  final List<Long> attemptFailures = new CopyOnWriteArrayList<>();
  final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

  @Override
  public void attemptStarted(CallInfo call, int attempt) {
    attemptStarts.add(scheduler.nanoTime());
  }

  @Override
  public void attemptFailed(CallInfo call, int attempt, Throwable failure, Duration elapsed) {
    attemptFailures.add(scheduler.nanoTime());
  }

  @Override
  public void retryScheduled(CallInfo call, int attempt, HttpCallException reason, Duration delay) {
    retryDelays.add(delay);
  }

  /**
   * Moves virtual time forward in steps of {@code step} until {@code future} completes, pausing
   * briefly between steps so that loopback I/O can happen; fails after 3,000 steps.
   */
  <T> CompletableFuture<T> drive(CompletableFuture<T> future, Duration step) {
    for (int i = 0; i < 3_000 && !future.isDone(); i++) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      scheduler.advance(step);
    }
    if (!future.isDone()) {
      fail("the call did not end within 3,000 steps of " + step);
    }
    return future;
  }

  /**
   * Waits (bounded, polling) until {@code service} has no call in flight: a cancelled future has
   * reached the request behind it.
   */
  static void awaitIdle(ServiceClient service) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (service.stats().inFlight() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (service.stats().inFlight() > 0) {
      fail("a call is still in flight after its future was cancelled");
    }
  }

  /** Returns what {@code future} failed with, unwrapped; fails if it succeeds. */
  static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
    try {
      Object value = future.get(10, TimeUnit.SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException failed) {
      return failed.getCause();
    } catch (TimeoutException timeout) {
      return fail("the call did not end in time");
    }
  }
}
