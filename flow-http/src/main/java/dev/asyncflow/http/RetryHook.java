package dev.asyncflow.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Lets a service veto or shape a retry that its {@link HttpRetryPolicy} would make. It is asked
 * only when the policy allows a retry (the failure is retryable, attempts and deadline remain).
 *
 * <p>Implementations must be thread-safe, quick and non-blocking; an exception thrown by the hook
 * fails the call with the failure at hand.
 */
@FunctionalInterface
public interface RetryHook {

  /** The hook that always proceeds with the policy's proposal. */
  RetryHook PROCEED = candidate -> RetryDecision.proceed();

  /**
   * Decides about one retry.
   *
   * @param candidate the failed attempt and the delay the policy proposes
   * @return the decision
   */
  RetryDecision decide(Candidate candidate);

  /**
   * Returns a hook that refuses to retry a response with {@code status} unless it carries {@code
   * Retry-After}: for example a 429 from a spend limit, which waiting does not cure.
   *
   * @param status the status that needs a {@code Retry-After} to be retried
   * @return the hook
   */
  static RetryHook requireRetryAfter(int status) {
    return candidate ->
        candidate.failure() instanceof HttpStatusException http
                && http.status() == status
                && http.retryAfter() == null
            ? RetryDecision.stop()
            : RetryDecision.proceed();
  }

  /**
   * Returns a hook that asks this hook first and then {@code next}; the first that stops or changes
   * the delay wins.
   *
   * @param next the hook asked when this one proceeds unchanged
   * @return the combined hook
   */
  default RetryHook andThen(RetryHook next) {
    Objects.requireNonNull(next, "next");
    return candidate -> {
      RetryDecision first = decide(candidate);
      return !first.retry() || first.delay() != null ? first : next.decide(candidate);
    };
  }

  /**
   * One retry the policy would make. Immutable and thread-safe.
   *
   * @param call the call
   * @param attempt the 1-based number of the attempt that just failed
   * @param failure why it failed
   * @param proposedDelay the wait the policy proposes: max(jittered backoff, Retry-After)
   */
  record Candidate(CallInfo call, int attempt, HttpCallException failure, Duration proposedDelay) {
    /**
     * Checks the components.
     *
     * @param call see the record's call component
     * @param attempt see the record's attempt component
     * @param failure see the record's failure component
     * @param proposedDelay see the record's proposedDelay component
     * @throws NullPointerException if a component is null
     */
    public Candidate {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(proposedDelay, "proposedDelay");
    }
  }
}
