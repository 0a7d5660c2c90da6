package dev.asyncflow.http;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RetryHook} decides about one retry: go ahead with the proposed delay, go ahead
 * after another delay, or give up. Immutable and thread-safe.
 */
public final class RetryDecision {
  private static final RetryDecision PROCEED = new RetryDecision(true, null);
  private static final RetryDecision STOP = new RetryDecision(false, null);

  private final boolean retry;
  private final @Nullable Duration delay;

  private RetryDecision(boolean retry, @Nullable Duration delay) {
    this.retry = retry;
    this.delay = delay;
  }

  /**
   * Retries after the delay the policy proposed.
   *
   * @return the decision to proceed unchanged
   */
  public static RetryDecision proceed() {
    return PROCEED;
  }

  /**
   * Does not retry: the call fails with the failure at hand.
   *
   * @return the decision to give up
   */
  public static RetryDecision stop() {
    return STOP;
  }

  /**
   * Retries after {@code delay} instead of the proposed delay. The wait is still never shorter than
   * the server's {@code Retry-After}, and the retry is still abandoned if it would pass the call's
   * deadline.
   *
   * @param delay the wait before the next attempt, zero or positive
   * @return the decision to retry after {@code delay}
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static RetryDecision after(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("retry delay must not be negative, was " + delay);
    }
    return new RetryDecision(true, delay);
  }

  /**
   * Returns whether the call is retried.
   *
   * @return true to retry
   */
  public boolean retry() {
    return retry;
  }

  /**
   * Returns the delay chosen by the hook.
   *
   * @return the delay, or null to keep the proposed one
   */
  public @Nullable Duration delay() {
    return delay;
  }

  @Override
  public String toString() {
    return !retry ? "stop" : delay == null ? "proceed" : "retry after " + delay;
  }
}
