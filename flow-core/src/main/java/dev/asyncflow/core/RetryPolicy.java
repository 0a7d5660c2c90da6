package dev.asyncflow.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How often a node's {@code exec} is attempted and how long to wait between attempts.
 *
 * <p>PocketFlow's model, under asyncflow's names: {@code maxAttempts} (PocketFlow's {@code
 * max_retries}) is the total number of attempts, the first included, so the default of 1 means no
 * retry and 0 means {@code exec} never runs. After a failed attempt that is not the last, the node
 * waits {@link #delayBefore(int, RandomGenerator)} before the next one; there is no wait after the
 * last attempt, whose failure goes to {@code execFallback}.
 *
 * <p>Beyond PocketFlow's fixed wait ({@code delay}), an exponential backoff can be set: the wait
 * before retry {@code n} (1-based) is {@code base = min(maxDelay, delay * multiplier^(n-1))}, then
 * reduced by a random fraction of at most {@code jitter}, so the wait lies in {@code [base * (1 -
 * jitter), base]}. flow-http's {@code HttpRetryPolicy} uses the same words and the same formula.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(4)
 *     .delay(Duration.ofMillis(200))
 *     .backoff(2.0, Duration.ofSeconds(5))
 *     .jitter(0.5)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; a builder is not thread-safe, and changing it after
 * {@link Builder#build()} does not change policies already built.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = new Builder().build();

  private final int maxAttempts;
  private final Duration delay;
  private final double multiplier;
  private final Duration maxDelay;

  /** The cap as set with {@code backoff}, or null when none was, so that a copy keeps it as set. */
  private final @Nullable Duration cap;

  private final double jitter;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.delay = builder.delay;
    this.multiplier = builder.multiplier;
    this.cap = builder.maxDelay;
    this.maxDelay = cap != null ? cap : builder.delay;
    this.jitter = builder.jitter;
  }

  /**
   * Returns the default policy: one attempt, no retry (PocketFlow's default).
   *
   * @return the default policy
   */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns the policy that never retries: one attempt. The same as {@link #ofDefaults()}, named
   * for where it reads better.
   *
   * @return the one-attempt policy
   */
  public static RetryPolicy none() {
    return DEFAULTS;
  }

  /**
   * Returns PocketFlow's policy: up to {@code maxAttempts} attempts with a fixed delay between
   * them.
   *
   * @param maxAttempts the total number of attempts, 0 or more
   * @param delay the wait between attempts, zero or positive
   * @return the policy
   * @throws IllegalArgumentException if {@code maxAttempts} or {@code delay} is negative
   */
  public static RetryPolicy fixed(int maxAttempts, Duration delay) {
    return builder().maxAttempts(maxAttempts).delay(delay).build();
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
   * Returns a builder starting from the settings of {@code policy}.
   *
   * @param policy the policy to start from
   * @return a new builder; changing it does not change {@code policy}
   */
  public static Builder builder(RetryPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Returns the total number of attempts, the first included.
   *
   * @return the maximum number of attempts, 0 or more
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the base delay: the wait before the first retry, before jitter.
   *
   * @return the base delay
   */
  public Duration delay() {
    return delay;
  }

  /**
   * Returns the backoff multiplier applied to the delay before each further retry.
   *
   * @return 1.0 or more; 1.0 keeps the delay fixed
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * Returns the cap on any single wait, before jitter.
   *
   * @return the cap; equal to {@link #delay()} unless a backoff was set
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Returns the largest fraction by which jitter may shorten a wait.
   *
   * @return between 0.0 and 1.0
   */
  public double jitter() {
    return jitter;
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
    double nanos = Durations.saturatedNanos(delay) * Math.pow(multiplier, retry - 1);
    return (long) Math.min(nanos, (double) Durations.saturatedNanos(maxDelay));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RetryPolicy)) {
      return false;
    }
    RetryPolicy that = (RetryPolicy) o;
    return maxAttempts == that.maxAttempts
        && multiplier == that.multiplier
        && jitter == that.jitter
        && delay.equals(that.delay)
        && maxDelay.equals(that.maxDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, delay, multiplier, maxDelay, jitter);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", delay="
        + delay
        + ", multiplier="
        + multiplier
        + ", maxDelay="
        + maxDelay
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
    private int maxAttempts = 1;
    private Duration delay = Duration.ZERO;
    private double multiplier = 1.0;
    private @Nullable Duration maxDelay;
    private double jitter;

    private Builder() {}

    private Builder(RetryPolicy policy) {
      this.maxAttempts = policy.maxAttempts;
      this.delay = policy.delay;
      this.multiplier = policy.multiplier;
      // Copied as it was set: an unset cap stays unset and keeps following delay(...).
      this.maxDelay = policy.cap;
      this.jitter = policy.jitter;
    }

    /**
     * Sets the total number of attempts, the first included (PocketFlow's {@code max_retries}). 0
     * means {@code exec} never runs.
     *
     * @param maxAttempts 0 or more; default 1
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 0) {
        throw new IllegalArgumentException("maxAttempts must be 0 or more, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the base delay: the wait before the first retry (PocketFlow's {@code wait}), and the
     * base of the backoff.
     *
     * @param delay zero or positive; default zero
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder delay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
      this.delay = delay;
      return this;
    }

    /**
     * Makes the delay grow exponentially: the wait before retry {@code n} is {@code min(maxDelay,
     * delay * multiplier^(n-1))}.
     *
     * @param multiplier 1.0 or more; 1.0 keeps the delay fixed
     * @param maxDelay the cap on any single wait, at least {@link #delay(Duration) delay}
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is below 1.0 or not finite, or {@code
     *     maxDelay} is negative
     */
    public Builder backoff(double multiplier, Duration maxDelay) {
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "backoff multiplier must be a finite number of 1.0 or more, was " + multiplier);
      }
      if (maxDelay.isNegative()) {
        throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
      }
      this.multiplier = multiplier;
      this.maxDelay = maxDelay;
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
     * @throws IllegalArgumentException if the backoff cap is below the delay
     */
    public RetryPolicy build() {
      if (maxDelay != null && maxDelay.compareTo(delay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay (" + maxDelay + ") must not be less than delay (" + delay + ")");
      }
      return new RetryPolicy(this);
    }
  }
}
