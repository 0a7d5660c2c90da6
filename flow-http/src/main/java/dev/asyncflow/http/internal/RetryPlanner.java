package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.RetryDecision;
import dev.asyncflow.http.RetryHook;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** Decides whether a failed attempt is retried, and after how long. */
final class RetryPlanner {
  private static final System.Logger LOG = System.getLogger(RetryPlanner.class.getName());

  private RetryPlanner() {}

  /**
   * Returns the wait before the next attempt, or null when the call must fail now: attempts used
   * up, a request that may not be repeated, a failure that is not retried, a veto of the policy's
   * hook, or a wait that would pass the deadline. The wait is never shorter than the server's
   * {@code Retry-After}.
   *
   * @param policy the service's retry policy
   * @param idempotent whether the request may be repeated
   * @param attempt the 1-based number of the attempt that failed
   * @param failure why it failed
   * @param nanosLeft the time left before the call's deadline
   * @param random the manager's source of jitter
   * @return the wait, or null for no retry
   */
  static @Nullable Duration delayBeforeRetry(
      HttpRetryPolicy policy,
      boolean idempotent,
      int attempt,
      HttpCallException failure,
      long nanosLeft,
      RandomGenerator random) {
    if (attempt >= policy.maxAttempts() || !idempotent || !Failures.retryable(failure, policy)) {
      return null;
    }
    Duration delay = askHook(policy, attempt, failure, random);
    if (delay != null && Checks.saturatedNanos(delay) >= nanosLeft) {
      LOG.log(
          Level.DEBUG,
          () -> "not retrying " + failure.call() + ": a wait of " + delay + " passes the deadline");
      return null;
    }
    return delay;
  }

  /**
   * Computes the backoff and asks the hook. Either may run user code (the manager's random source,
   * the hook): if that throws, the call is not retried and fails with {@code failure}, the throw
   * attached to it as suppressed (a {@link VirtualMachineError} is rethrown).
   */
  private static @Nullable Duration askHook(
      HttpRetryPolicy policy, int attempt, HttpCallException failure, RandomGenerator random) {
    Duration proposed;
    RetryDecision decision;
    try {
      proposed = atLeastRetryAfter(policy.delayBefore(attempt, random), failure);
      decision =
          policy.hook().decide(new RetryHook.Candidate(failure.call(), attempt, failure, proposed));
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (RuntimeException | Error planningFailure) {
      LOG.log(
          Level.WARNING,
          "planning the retry of " + failure.call() + " failed; the call fails without it",
          planningFailure);
      failure.addSuppressed(planningFailure);
      return null;
    }
    if (!decision.retry()) {
      return null;
    }
    Duration chosen = decision.delay();
    return chosen == null ? proposed : atLeastRetryAfter(chosen, failure);
  }

  private static Duration atLeastRetryAfter(Duration delay, HttpCallException failure) {
    Duration retryAfter =
        failure instanceof HttpStatusException status ? status.retryAfter() : null;
    return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
  }
}
