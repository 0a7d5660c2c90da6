package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * When and how a service retries a failed attempt: at most {@link #maxAttempts()} attempts (the
 * first included), separated by capped exponential backoff with full jitter, on connect failures,
 * timeouts and the {@link #retryableStatuses() retryable statuses}. A {@code Retry-After} from the
 * server makes the wait max(backoff, Retry-After), never shorter. A retry whose wait would pass the
 * call's deadline is not made. Requests with a non-idempotent method (POST, PATCH) are retried only
 * when they {@linkplain ServiceRequest.Builder#idempotent(boolean) say they may be}.
 *
 * <p>The JDK client resends an idempotent request once by itself, inside one of our attempts, when
 * the connection closes before any response byte, and retries a refused connect once. Attempts are
 * counted exactly, but a server may see up to twice {@code maxAttempts} requests when connections
 * fail.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class HttpRetryPolicy {
  private static final HttpRetryPolicy DEFAULTS = builder().build();
  private static final HttpRetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final Set<Integer> retryableStatuses;
  private final RandomGenerator random;
  private final RetryHook hook;

  private HttpRetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.multiplier = builder.multiplier;
    this.retryableStatuses = Set.copyOf(builder.retryableStatuses);
    this.random = builder.random;
    this.hook = builder.hook;
  }

  /**
   * Returns the default policy: 3 attempts, backoff from 500 ms doubling up to 30 s with full
   * jitter, retrying 429, 500, 502, 503 and 504.
   *
   * @return the default policy
   */
  public static HttpRetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the policy that never retries.
   *
   * @return a policy with one attempt
   */
  public static HttpRetryPolicy none() {
    return NONE;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns the most attempts a call makes, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the backoff ceiling before the second attempt.
   *
   * @return the initial backoff
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the cap on the backoff ceiling.
   *
   * @return the maximum backoff
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the factor by which the backoff ceiling grows per retry.
   *
   * @return at least 1
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * Returns the HTTP statuses that are retried.
   *
   * @return an immutable set
   */
  public Set<Integer> retryableStatuses() {
    return retryableStatuses;
  }

  /**
   * Returns the hook asked before each retry.
   *
   * @return the hook, {@link RetryHook#PROCEED} by default
   */
  public RetryHook hook() {
    return hook;
  }

  /**
   * Returns the ceiling of the jittered backoff before attempt {@code retry + 1}: {@code
   * min(maxBackoff, initialBackoff * multiplier^(retry - 1))}.
   *
   * @param retry the 1-based retry number (1 for the wait before the second attempt)
   * @return the ceiling
   * @throws IllegalArgumentException if {@code retry} is below 1
   */
  public Duration backoffCeiling(int retry) {
    Checks.atLeast(retry, 1, "retry");
    double nanos = Checks.saturatedNanos(initialBackoff) * Math.pow(multiplier, retry - 1.0);
    return nanos >= Checks.saturatedNanos(maxBackoff) ? maxBackoff : Duration.ofNanos((long) nanos);
  }

  /**
   * Draws the jittered backoff before attempt {@code retry + 1}: uniform in {@code [0, ceiling]}
   * ("full jitter"), from this policy's random source.
   *
   * @param retry the 1-based retry number
   * @return a delay between zero and {@link #backoffCeiling(int)}
   */
  public Duration backoff(int retry) {
    long ceiling = Checks.saturatedNanos(backoffCeiling(retry));
    if (ceiling == 0) {
      return Duration.ZERO;
    }
    long drawn = ceiling == Long.MAX_VALUE ? random.nextLong() >>> 1 : random.nextLong(ceiling + 1);
    return Duration.ofNanos(drawn);
  }

  @Override
  public String toString() {
    return "HttpRetryPolicy{maxAttempts="
        + maxAttempts
        + ", backoff="
        + initialBackoff
        + ".."
        + maxBackoff
        + " x"
        + multiplier
        + ", statuses="
        + new TreeSet<>(retryableStatuses)
        + "}";
  }

  /** Builds an {@link HttpRetryPolicy}. Not thread-safe; {@link #build()} copies the settings. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private double multiplier = 2.0;
    private final Set<Integer> retryableStatuses = new TreeSet<>(Set.of(429, 500, 502, 503, 504));
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private RetryHook hook = RetryHook.PROCEED;

    private Builder() {}

    private Builder(HttpRetryPolicy policy) {
      maxAttempts = policy.maxAttempts;
      initialBackoff = policy.initialBackoff;
      maxBackoff = policy.maxBackoff;
      multiplier = policy.multiplier;
      retryableStatuses.clear();
      retryableStatuses.addAll(policy.retryableStatuses);
      random = policy.random;
      hook = policy.hook;
    }

    /**
     * Sets the most attempts per call, the first included; 1 disables retries. Default 3.
     *
     * @param maxAttempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * Sets the backoff ceiling before the second attempt. Default 500 ms.
     *
     * @param initialBackoff zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Checks.notNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Sets the cap on the backoff ceiling. Default 30 s.
     *
     * @param maxBackoff zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Checks.notNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Sets the growth factor of the backoff ceiling per retry. Default 2.
     *
     * @param multiplier at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1 or not finite
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "multiplier must be a finite number >= 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Adds statuses to retry, such as 529 for Anthropic's "overloaded".
     *
     * @param statuses HTTP statuses between 100 and 599
     * @return this builder
     * @throws IllegalArgumentException if a status is out of range
     */
    public Builder retryOnStatus(int... statuses) {
      for (int status : statuses) {
        retryableStatuses.add(Checks.httpStatus(status));
      }
      return this;
    }

    /**
     * Replaces the set of retryable statuses. Default 429, 500, 502, 503, 504.
     *
     * @param statuses HTTP statuses between 100 and 599; empty retries no status
     * @return this builder
     * @throws IllegalArgumentException if a status is out of range
     */
    public Builder retryableStatuses(Set<Integer> statuses) {
      Objects.requireNonNull(statuses, "statuses");
      retryableStatuses.clear();
      statuses.forEach(status -> retryableStatuses.add(Checks.httpStatus(status)));
      return this;
    }

    /**
     * Sets the random source of the jitter. It is called from many threads at once, so it must be
     * thread-safe (or the calls serialized, as in tests). Default: {@link ThreadLocalRandom}.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the hook that may veto or shape each retry. Default {@link RetryHook#PROCEED}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder hook(RetryHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new immutable policy
     * @throws IllegalArgumentException if {@code maxBackoff} is below {@code initialBackoff}
     */
    public HttpRetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff ("
                + maxBackoff
                + ") must not be below initialBackoff ("
                + initialBackoff
                + ")");
      }
      return new HttpRetryPolicy(this);
    }
  }
}
