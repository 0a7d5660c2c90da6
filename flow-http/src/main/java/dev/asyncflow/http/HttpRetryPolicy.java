package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * When and how a service retries a failed attempt: at most {@link #maxAttempts()} attempts (the
 * first included), on connect failures, timeouts and the {@link #retryableStatuses() retryable
 * statuses}, separated by capped exponential backoff with jitter ({@link #delayBefore(int,
 * RandomGenerator)}). A {@code Retry-After} from the server makes the wait max(backoff,
 * Retry-After), never shorter. A retry whose wait would pass the call's deadline is not made.
 * Requests with a non-idempotent method (POST, PATCH) are retried only when they {@linkplain
 * ServiceRequest.Builder#idempotent(boolean) say they may be}.
 *
 * <pre>{@code
 * HttpRetryPolicy policy = HttpRetryPolicy.builder()
 *     .maxAttempts(4)
 *     .delay(Duration.ofMillis(200))
 *     .backoff(2.0, Duration.ofSeconds(10))
 *     .retryOnStatus(529)
 *     .build();
 * }</pre>
 *
 * <p>A 2xx whose body cannot be read inside the call ({@link ResponseDecodeException}) is not
 * retried by default; a service whose server or proxy sometimes cuts a body short (a JSON page that
 * ends mid-way) turns on {@link Builder#retryOnDecodeFailure(boolean)}, and such a response is then
 * retried like a 503 within the same budget.
 *
 * <p>The JDK client resends an idempotent request once by itself, inside one of our attempts, when
 * the connection closes before any response byte, and retries a refused connect once. Attempts are
 * counted exactly, but a server may see up to twice {@code maxAttempts} requests when connections
 * fail.
 *
 * <p>Immutable and thread-safe; a builder is not thread-safe, and changing it after {@link
 * Builder#build()} does not change policies already built. The random source of the jitter belongs
 * to the manager ({@link HttpClientManager.Builder#random(RandomGenerator)}), not to the policy.
 */
public final class HttpRetryPolicy {
  private static final HttpRetryPolicy DEFAULTS = builder().build();
  private static final HttpRetryPolicy NONE = builder().maxAttempts(1).build();

  private final Settings settings;

  private HttpRetryPolicy(Settings settings) {
    this.settings = settings;
  }

  /**
   * Returns the default policy: 3 attempts, a delay of 500 ms doubling up to 30 s with full jitter,
   * retrying 429, 500, 502, 503 and 504.
   *
   * @return the default policy
   */
  public static HttpRetryPolicy ofDefaults() {
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
    return new Builder(new Settings());
  }

  /**
   * Returns a builder holding the settings of {@code policy}.
   *
   * @param policy the policy to start from
   * @return a new builder
   */
  public static Builder builder(HttpRetryPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy").settings.copy());
  }

  /**
   * Returns the most attempts a call makes, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return settings.maxAttempts;
  }

  /**
   * Returns the base delay before the first retry, before jitter.
   *
   * @return zero or positive
   */
  public Duration delay() {
    return settings.delay;
  }

  /**
   * Returns the factor by which the base delay grows per retry.
   *
   * @return at least 1
   */
  public double multiplier() {
    return settings.multiplier;
  }

  /**
   * Returns the cap on the base delay.
   *
   * @return at least {@link #delay()}
   */
  public Duration maxDelay() {
    return settings.maxDelay;
  }

  /**
   * Returns the largest fraction by which jitter shortens a delay: 1.0 is full jitter, 0 none.
   *
   * @return a fraction in [0, 1]
   */
  public double jitter() {
    return settings.jitter;
  }

  /**
   * Returns the HTTP statuses that are retried.
   *
   * @return an immutable set
   */
  public Set<Integer> retryableStatuses() {
    return Collections.unmodifiableSet(settings.retryableStatuses);
  }

  /**
   * Returns whether a 2xx response whose body could not be read is retried.
   *
   * @return false by default
   */
  public boolean retryOnDecodeFailure() {
    return settings.retryOnDecodeFailure;
  }

  /**
   * Returns the hook asked before each retry.
   *
   * @return the hook, {@link RetryHook#PROCEED} by default
   */
  public RetryHook hook() {
    return settings.hook;
  }

  /**
   * Returns the wait before retry number {@code retry} (1-based), jitter applied. The base is
   * {@code min(maxDelay, delay * multiplier^(retry - 1))}; jitter shortens it by a random fraction
   * of at most {@link #jitter()}, so the wait lies in {@code [base * (1 - jitter), base]}.
   *
   * @param retry the retry about to happen: 1 for the wait before the second attempt
   * @param random the source of jitter (the manager's); called only when there is jitter to draw
   * @return the wait, never negative
   * @throws IllegalArgumentException if {@code retry} is below 1
   */
  public Duration delayBefore(int retry, RandomGenerator random) {
    Checks.atLeast(retry, 1, "retry");
    Objects.requireNonNull(random, "random");
    long base = baseNanos(retry);
    if (settings.jitter == 0.0 || base == 0L) {
      return Duration.ofNanos(base);
    }
    double reduction = settings.jitter * random.nextDouble();
    return Duration.ofNanos(Math.round(base * (1.0 - reduction)));
  }

  private long baseNanos(int retry) {
    double nanos = Checks.saturatedNanos(settings.delay) * Math.pow(settings.multiplier, retry - 1);
    return (long) Math.min(nanos, (double) Checks.saturatedNanos(settings.maxDelay));
  }

  @Override
  public String toString() {
    return "HttpRetryPolicy{maxAttempts="
        + settings.maxAttempts
        + ", delay="
        + settings.delay
        + ", multiplier="
        + settings.multiplier
        + ", maxDelay="
        + settings.maxDelay
        + ", jitter="
        + settings.jitter
        + ", retryableStatuses="
        + settings.retryableStatuses
        + ", retryOnDecodeFailure="
        + settings.retryOnDecodeFailure
        + ", hook="
        + (settings.hook == RetryHook.PROCEED ? "PROCEED" : settings.hook)
        + "}";
  }

  /** The settings a builder fills and {@link Builder#build()} copies. */
  private static final class Settings {
    private int maxAttempts = 3;
    private Duration delay = Duration.ofMillis(500);
    private double multiplier = 2.0;
    private Duration maxDelay = Duration.ofSeconds(30);
    private double jitter = 1.0;
    private Set<Integer> retryableStatuses = new TreeSet<>(Set.of(429, 500, 502, 503, 504));
    private boolean retryOnDecodeFailure;
    private RetryHook hook = RetryHook.PROCEED;

    Settings copy() {
      Settings copy = new Settings();
      copy.maxAttempts = maxAttempts;
      copy.delay = delay;
      copy.multiplier = multiplier;
      copy.maxDelay = maxDelay;
      copy.jitter = jitter;
      copy.retryableStatuses = new TreeSet<>(retryableStatuses);
      copy.retryOnDecodeFailure = retryOnDecodeFailure;
      copy.hook = hook;
      return copy;
    }
  }

  /** Builds an {@link HttpRetryPolicy}. Not thread-safe; {@link #build()} copies the settings. */
  public static final class Builder {
    private final Settings settings;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Sets the most attempts per call, the first included; 1 disables retries. Default 3.
     *
     * @param maxAttempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      settings.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * Sets the base delay before the first retry, before jitter. Default 500 ms.
     *
     * @param delay zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder delay(Duration delay) {
      settings.delay = Checks.notNegative(delay, "delay");
      return this;
    }

    /**
     * Sets exponential backoff: the base delay grows by {@code multiplier} per retry, up to {@code
     * maxDelay}. Default multiplier 2, maximum 30 s.
     *
     * @param multiplier at least 1 (1 keeps the delay constant)
     * @param maxDelay the cap on the base delay, zero or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is below 1 or not finite, or {@code
     *     maxDelay} is negative
     */
    public Builder backoff(double multiplier, Duration maxDelay) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "multiplier must be a finite number >= 1, was " + multiplier);
      }
      settings.maxDelay = Checks.notNegative(maxDelay, "maxDelay");
      settings.multiplier = multiplier;
      return this;
    }

    /**
     * Sets the largest fraction by which a delay is shortened at random: the wait before a retry
     * lies in {@code [base * (1 - jitter), base]}. Default 1.0 ("full jitter"), which spreads
     * retries of many callers best.
     *
     * @param jitter a fraction in [0, 1]; 0 makes every delay exact
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
      }
      settings.jitter = jitter;
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
        settings.retryableStatuses.add(Checks.httpStatus(status));
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
      Set<Integer> checked = new TreeSet<>();
      statuses.forEach(status -> checked.add(Checks.httpStatus(status)));
      settings.retryableStatuses = checked;
      return this;
    }

    /**
     * Sets whether a 2xx response whose body could not be read inside the call ({@link
     * ResponseDecodeException}: a JSON page cut short, a garbled gzip stream, a reader that threw)
     * is retried like a retryable status, within the same attempts and deadline. When the last
     * attempt fails the same way, the call fails with that {@code ResponseDecodeException}. Either
     * way such a failure does not count against the circuit breaker. Default false: a body that
     * does not fit its type usually fails the same way every time.
     *
     * @param retry true to retry decode failures
     * @return this builder
     */
    public Builder retryOnDecodeFailure(boolean retry) {
      settings.retryOnDecodeFailure = retry;
      return this;
    }

    /**
     * Sets the hook that may veto or shape each retry. Default {@link RetryHook#PROCEED}.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder hook(RetryHook hook) {
      settings.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new immutable policy
     * @throws IllegalArgumentException if {@code maxDelay} is below {@code delay}
     */
    public HttpRetryPolicy build() {
      if (settings.maxDelay.compareTo(settings.delay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay ("
                + settings.maxDelay
                + ") must not be below delay ("
                + settings.delay
                + "); raise it with backoff(multiplier, maxDelay)");
      }
      return new HttpRetryPolicy(settings.copy());
    }
  }
}
