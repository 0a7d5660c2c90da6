package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * When a service's circuit breaker opens and how it recovers. In {@link Mode#CONSECUTIVE_FAILURES}
 * mode the breaker opens after {@link #consecutiveFailures()} failed attempts in a row; in {@link
 * Mode#FAILURE_RATE} mode it opens when at least {@link #minimumCalls()} of the last {@link
 * #windowSize()} attempts were recorded and the share of failures among them reaches {@link
 * #failureRate()}. While open, attempts fail at once with {@link CircuitOpenException}, without a
 * permit and without touching the network. After {@link #openDuration()} it turns half-open and
 * lets {@link #halfOpenProbes()} attempts through; one failing probe reopens it, {@link
 * #successesToClose()} successful probes close it.
 *
 * <p>What counts: <b>failures</b> are transport errors (refused, reset, closed early), timeouts
 * (connect, response, read, and an attempt cut short by the deadline), 5xx statuses, 408, and 429
 * <i>without</i> {@code Retry-After}. A 429 <i>with</i> {@code Retry-After} is the server pacing
 * us, honoured by the retry wait, and counts as neither a failure nor a success. Other 4xx
 * statuses, responses whose body then fails to decode, and the caller's own cancellations are not
 * failures.
 *
 * <pre>{@code
 * CircuitBreakerPolicy policy = CircuitBreakerPolicy.builder()
 *     .failureRate(0.5, 20, 10)
 *     .openDuration(Duration.ofSeconds(10))
 *     .halfOpenProbes(3)
 *     .successesToClose(2)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; a builder is not thread-safe, and changing it after {@link
 * Builder#build()} does not change policies already built.
 */
public final class CircuitBreakerPolicy {
  /** The largest window of recent attempts a failure-rate breaker may consider. */
  public static final int MAX_WINDOW_SIZE = 100_000;

  private static final CircuitBreakerPolicy DEFAULTS = builder().build();
  private static final CircuitBreakerPolicy DISABLED = disabledPolicy();

  private final Settings settings;

  private CircuitBreakerPolicy(Settings settings) {
    this.settings = settings;
  }

  /** What opens the breaker. */
  public enum Mode {
    /** The breaker never opens. */
    DISABLED,
    /** Opens after a number of failed attempts in a row. */
    CONSECUTIVE_FAILURES,
    /** Opens when the failure share of a window of recent attempts reaches a rate. */
    FAILURE_RATE
  }

  /**
   * Returns the default: open after 5 consecutive failures for 30 s, then 1 probe, which closes the
   * breaker when it succeeds.
   *
   * @return the default policy
   */
  public static CircuitBreakerPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns the policy of a breaker that never opens.
   *
   * @return the disabled policy
   */
  public static CircuitBreakerPolicy disabled() {
    return DISABLED;
  }

  /**
   * Returns a builder starting from the defaults, in consecutive-failures mode.
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
  public static Builder builder(CircuitBreakerPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy").settings.copy());
  }

  private static CircuitBreakerPolicy disabledPolicy() {
    Settings settings = new Settings();
    settings.mode = Mode.DISABLED;
    return new CircuitBreakerPolicy(settings);
  }

  /**
   * Returns what opens the breaker.
   *
   * @return the mode
   */
  public Mode mode() {
    return settings.mode;
  }

  /**
   * Returns how many failed attempts in a row open the breaker.
   *
   * @return the threshold in {@link Mode#CONSECUTIVE_FAILURES} mode, empty otherwise
   */
  public OptionalInt consecutiveFailures() {
    return settings.mode == Mode.CONSECUTIVE_FAILURES
        ? OptionalInt.of(settings.consecutiveFailures)
        : OptionalInt.empty();
  }

  /**
   * Returns the failure share that opens the breaker.
   *
   * @return the rate in (0, 1] in {@link Mode#FAILURE_RATE} mode, empty otherwise
   */
  public OptionalDouble failureRate() {
    return rateMode() ? OptionalDouble.of(settings.failureRate) : OptionalDouble.empty();
  }

  /**
   * Returns how many recent attempts the failure rate considers.
   *
   * @return the window size in {@link Mode#FAILURE_RATE} mode, empty otherwise
   */
  public OptionalInt windowSize() {
    return rateMode() ? OptionalInt.of(settings.windowSize) : OptionalInt.empty();
  }

  /**
   * Returns how many attempts the window needs before the failure rate counts.
   *
   * @return the minimum in {@link Mode#FAILURE_RATE} mode, empty otherwise
   */
  public OptionalInt minimumCalls() {
    return rateMode() ? OptionalInt.of(settings.minimumCalls) : OptionalInt.empty();
  }

  /**
   * Returns how long the breaker stays open before probing.
   *
   * @return the open interval
   */
  public Duration openDuration() {
    return settings.openDuration;
  }

  /**
   * Returns how many probe attempts a half-open breaker lets through.
   *
   * @return at least 1
   */
  public int halfOpenProbes() {
    return settings.halfOpenProbes;
  }

  /**
   * Returns how many successful probes close the breaker.
   *
   * @return 1..{@link #halfOpenProbes()}
   */
  public int successesToClose() {
    return settings.successesToClose;
  }

  private boolean rateMode() {
    return settings.mode == Mode.FAILURE_RATE;
  }

  @Override
  public String toString() {
    String trigger =
        switch (settings.mode) {
          case DISABLED -> "";
          case CONSECUTIVE_FAILURES -> ", consecutiveFailures=" + settings.consecutiveFailures;
          case FAILURE_RATE ->
              ", failureRate="
                  + settings.failureRate
                  + ", windowSize="
                  + settings.windowSize
                  + ", minimumCalls="
                  + settings.minimumCalls;
        };
    if (settings.mode == Mode.DISABLED) {
      return "CircuitBreakerPolicy{mode=DISABLED}";
    }
    return "CircuitBreakerPolicy{mode="
        + settings.mode
        + trigger
        + ", openDuration="
        + settings.openDuration
        + ", halfOpenProbes="
        + settings.halfOpenProbes
        + ", successesToClose="
        + settings.successesToClose
        + "}";
  }

  /** The settings a builder fills and {@link Builder#build()} copies. */
  private static final class Settings {
    private Mode mode = Mode.CONSECUTIVE_FAILURES;
    private int consecutiveFailures = 5;
    private double failureRate = 0.5;
    private int windowSize = 100;
    private int minimumCalls = 10;
    private Duration openDuration = Duration.ofSeconds(30);
    private int halfOpenProbes = 1;
    private int successesToClose = 1;

    Settings copy() {
      Settings copy = new Settings();
      copy.mode = mode;
      copy.consecutiveFailures = consecutiveFailures;
      copy.failureRate = failureRate;
      copy.windowSize = windowSize;
      copy.minimumCalls = minimumCalls;
      copy.openDuration = openDuration;
      copy.halfOpenProbes = halfOpenProbes;
      copy.successesToClose = successesToClose;
      return copy;
    }
  }

  /**
   * Builds a {@link CircuitBreakerPolicy}. Not thread-safe; {@link #build()} copies the settings.
   */
  public static final class Builder {
    private final Settings settings;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Opens the breaker after {@code failures} failed attempts in a row, and switches to {@link
     * Mode#CONSECUTIVE_FAILURES} mode. Default 5.
     *
     * @param failures at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code failures} is below 1
     */
    public Builder consecutiveFailures(int failures) {
      settings.consecutiveFailures = Checks.atLeast(failures, 1, "consecutiveFailures");
      settings.mode = Mode.CONSECUTIVE_FAILURES;
      return this;
    }

    /**
     * Opens the breaker when, among the last {@code windowSize} attempts, at least {@code
     * minimumCalls} were recorded and the failure share reaches {@code rate}, and switches to
     * {@link Mode#FAILURE_RATE} mode.
     *
     * @param rate a share in (0, 1]
     * @param windowSize how many recent attempts are considered, 1..{@value #MAX_WINDOW_SIZE} (the
     *     breaker keeps one flag per attempt of the window)
     * @param minimumCalls how many must be recorded before the rate counts, 1..windowSize
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder failureRate(double rate, int windowSize, int minimumCalls) {
      if (!(rate > 0.0 && rate <= 1.0)) {
        throw new IllegalArgumentException("failureRate must be in (0, 1], was " + rate);
      }
      Checks.atLeast(windowSize, 1, "windowSize");
      if (windowSize > MAX_WINDOW_SIZE) {
        throw new IllegalArgumentException(
            "windowSize must be <= " + MAX_WINDOW_SIZE + ", was " + windowSize);
      }
      Checks.atLeast(minimumCalls, 1, "minimumCalls");
      if (minimumCalls > windowSize) {
        throw new IllegalArgumentException(
            "minimumCalls (" + minimumCalls + ") must not exceed windowSize (" + windowSize + ")");
      }
      settings.failureRate = rate;
      settings.windowSize = windowSize;
      settings.minimumCalls = minimumCalls;
      settings.mode = Mode.FAILURE_RATE;
      return this;
    }

    /**
     * Sets how long the breaker stays open before probing. Default 30 s.
     *
     * @param openDuration positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder openDuration(Duration openDuration) {
      settings.openDuration = Checks.positive(openDuration, "openDuration");
      return this;
    }

    /**
     * Sets how many probe attempts a half-open breaker lets through. Default 1.
     *
     * @param probes at least 1, and at least {@link #successesToClose(int)}
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder halfOpenProbes(int probes) {
      settings.halfOpenProbes = Checks.atLeast(probes, 1, "halfOpenProbes");
      return this;
    }

    /**
     * Sets how many successful probes close the breaker. Default 1.
     *
     * @param successes at least 1, and at most {@link #halfOpenProbes(int)}
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder successesToClose(int successes) {
      settings.successesToClose = Checks.atLeast(successes, 1, "successesToClose");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new immutable policy
     * @throws IllegalArgumentException if {@code successesToClose} exceeds {@code halfOpenProbes}
     */
    public CircuitBreakerPolicy build() {
      if (settings.successesToClose > settings.halfOpenProbes) {
        throw new IllegalArgumentException(
            "successesToClose ("
                + settings.successesToClose
                + ") must not exceed halfOpenProbes ("
                + settings.halfOpenProbes
                + ")");
      }
      return new CircuitBreakerPolicy(settings.copy());
    }
  }
}
