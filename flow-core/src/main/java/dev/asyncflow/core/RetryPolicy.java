package dev.asyncflow.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How often a node's {@code exec} is attempted and how long to wait between attempts.
 *
 * <p>PocketFlow's model: {@code maxRetries} is the total number of attempts (the first included),
 * so the default of 1 means no retry and 0 means {@code exec} never runs. After a failed attempt
 * that is not the last, the node waits {@link #delayBefore(int, RandomGenerator)} before the next
 * one; there is no wait after the last attempt, whose failure goes to {@code execFallback}.
 *
 * <p>Beyond PocketFlow's fixed wait, an exponential backoff can be set: the wait before retry
 * {@code n} (1-based) is {@code min(maxWait, wait * multiplier^(n-1))}, then reduced by a random
 * fraction of at most {@code jitter}, so with jitter {@code j} the wait lies in {@code [base * (1 -
 * j), base]}.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxRetries(4)
 *     .wait(Duration.ofMillis(200))
 *     .backoff(2.0, Duration.ofSeconds(5))
 *     .jitter(0.5)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; a builder is not thread-safe, and changing it after
 * {@link Builder#build()} does not change policies already built.
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE = new Builder().build();

  private final int maxRetries;
  private final Duration wait;
  private final double multiplier;
  private final Duration maxWait;
  private final double jitter;

  private RetryPolicy(Builder builder) {
    this.maxRetries = builder.maxRetries;
    this.wait = builder.wait;
    this.multiplier = builder.multiplier;
    this.maxWait = builder.maxWait != null ? builder.maxWait : builder.wait;
    this.jitter = builder.jitter;
  }

  /**
   * Returns the default policy: one attempt, no retry.
   *
   * @return the policy PocketFlow uses by default
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Returns PocketFlow's policy: up to {@code maxRetries} attempts with a fixed wait between them.
   *
   * @param maxRetries the total number of attempts, 0 or more
   * @param wait the wait between attempts, zero or positive
   * @return the policy
   * @throws IllegalArgumentException if {@code maxRetries} or {@code wait} is negative
   */
  public static RetryPolicy fixed(int maxRetries, Duration wait) {
    return builder().maxRetries(maxRetries).wait(wait).build();
  }

  /**
   * Returns a builder starting from the default policy.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the total number of attempts, the first included.
   *
   * @return the maximum number of attempts
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns the base wait between attempts.
   *
   * @return the wait before the first retry, before jitter
   */
  public Duration waitDuration() {
    return wait;
  }

  /**
   * Returns the wait before retry number {@code retry} (1-based), jitter applied.
   *
   * @param retry the retry about to happen: 1 for the second attempt, 2 for the third, and so on
   * @param random the source of jitter; called only when jitter is set
   * @return the wait, never negative
   * @throws IllegalArgumentException if {@code retry} is less than 1
   */
  public Duration delayBefore(int retry, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be 1 or more, was " + retry);
    }
    long base = baseNanos(retry);
    if (jitter == 0.0 || base == 0L) {
      return Duration.ofNanos(base);
    }
    double reduction = jitter * random.nextDouble();
    return Duration.ofNanos(Math.round(base * (1.0 - reduction)));
  }

  private long baseNanos(int retry) {
    double nanos = Durations.saturatedNanos(wait) * Math.pow(multiplier, retry - 1);
    return (long) Math.min(nanos, (double) Durations.saturatedNanos(maxWait));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RetryPolicy)) {
      return false;
    }
    RetryPolicy that = (RetryPolicy) o;
    return maxRetries == that.maxRetries
        && multiplier == that.multiplier
        && jitter == that.jitter
        && wait.equals(that.wait)
        && maxWait.equals(that.maxWait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRetries, wait, multiplier, maxWait, jitter);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries="
        + maxRetries
        + ", wait="
        + wait
        + ", multiplier="
        + multiplier
        + ", maxWait="
        + maxWait
        + ", jitter="
        + jitter
        + "}";
  }

  /**
   * Builds a {@link RetryPolicy}. Every setter validates its argument and names it in the error.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private int maxRetries = 1;
    private Duration wait = Duration.ZERO;
    private double multiplier = 1.0;
    private @Nullable Duration maxWait;
    private double jitter;

    private Builder() {}

    /**
     * Sets the total number of attempts, the first included. 0 means {@code exec} never runs.
     *
     * @param maxRetries 0 or more; default 1
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the wait between attempts (the base of the backoff).
     *
     * @param wait zero or positive; default zero
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder wait(Duration wait) {
      Objects.requireNonNull(wait, "wait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("wait must not be negative, was " + wait);
      }
      this.wait = wait;
      return this;
    }

    /**
     * Makes the wait grow exponentially: the wait before retry {@code n} is {@code min(maxWait,
     * wait * multiplier^(n-1))}.
     *
     * @param multiplier 1.0 or more; 1.0 keeps the wait fixed
     * @param maxWait the cap on any single wait, at least {@link #wait(Duration) wait}
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is below 1.0 or not finite, or {@code
     *     maxWait} is negative
     */
    public Builder backoff(double multiplier, Duration maxWait) {
      Objects.requireNonNull(maxWait, "maxWait");
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "backoff multiplier must be a finite number of 1.0 or more, was " + multiplier);
      }
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
      }
      this.multiplier = multiplier;
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Sets the jitter: each wait is reduced by a random fraction of at most {@code jitter}. 1.0 is
     * "full jitter" (a wait anywhere between zero and the backoff).
     *
     * @param jitter between 0.0 and 1.0; default 0.0
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Builds the policy from the current settings.
     *
     * @return a new immutable policy
     * @throws IllegalArgumentException if the backoff cap is below the wait
     */
    public RetryPolicy build() {
      if (maxWait != null && maxWait.compareTo(wait) < 0) {
        throw new IllegalArgumentException(
            "maxWait (" + maxWait + ") must not be less than wait (" + wait + ")");
      }
      return new RetryPolicy(this);
    }
  }
}
