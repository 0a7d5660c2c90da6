package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import java.time.Duration;

/**
 * When a service's circuit breaker opens and how it recovers. The breaker opens after {@link
 * #consecutiveFailures()} failed attempts in a row, or, in rate mode, when at least {@link
 * #minimumCalls()} of the last {@link #windowSize()} attempts were recorded and the share of
 * failures among them reaches {@link #failureRate()}. While open, calls fail at once with {@link
 * CircuitOpenException}. After {@link #openDuration()} it turns half-open and lets {@link
 * #halfOpenProbes()} attempts through; one failing probe reopens it, {@link #successesToClose()}
 * successful probes close it.
 *
 * <p>Failures are transport errors, timeouts, 5xx, 408 and 429. Other 4xx, decode errors and caller
 * cancellations are not.
 *
 * <p>Immutable and thread-safe; build one with {@link #consecutiveFailures(int)} or {@link
 * #failureRate(double, int, int)} and adjust it with the {@code with...} methods.
 */
public final class CircuitBreakerPolicy {
  private static final CircuitBreakerPolicy DISABLED =
      new CircuitBreakerPolicy(false, Integer.MAX_VALUE, 0, 0, 0, Duration.ofSeconds(30), 1, 1);
  private static final CircuitBreakerPolicy DEFAULTS = consecutiveFailures(5);

  private final boolean enabled;
  private final int consecutiveFailures;
  private final double failureRate;
  private final int windowSize;
  private final int minimumCalls;
  private final Duration openDuration;
  private final int halfOpenProbes;
  private final int successesToClose;

  private CircuitBreakerPolicy(
      boolean enabled,
      int consecutiveFailures,
      double failureRate,
      int windowSize,
      int minimumCalls,
      Duration openDuration,
      int halfOpenProbes,
      int successesToClose) {
    this.enabled = enabled;
    this.consecutiveFailures = consecutiveFailures;
    this.failureRate = failureRate;
    this.windowSize = windowSize;
    this.minimumCalls = minimumCalls;
    this.openDuration = openDuration;
    this.halfOpenProbes = halfOpenProbes;
    this.successesToClose = successesToClose;
    if (successesToClose > halfOpenProbes) {
      throw new IllegalArgumentException(
          "successesToClose ("
              + successesToClose
              + ") must not exceed halfOpenProbes ("
              + halfOpenProbes
              + ")");
    }
  }

  /**
   * Returns the default: open after 5 consecutive failures for 30 s, then one probe.
   *
   * @return the default policy
   */
  public static CircuitBreakerPolicy defaults() {
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
   * Returns a policy that opens after {@code failures} failed attempts in a row, open for 30 s,
   * then one probe.
   *
   * @param failures at least 1
   * @return the policy
   * @throws IllegalArgumentException if {@code failures} is below 1
   */
  public static CircuitBreakerPolicy consecutiveFailures(int failures) {
    Checks.atLeast(failures, 1, "consecutiveFailures");
    return new CircuitBreakerPolicy(true, failures, 0, 0, 0, Duration.ofSeconds(30), 1, 1);
  }

  /**
   * Returns a policy that opens when, among the last {@code windowSize} attempts, at least {@code
   * minimumCalls} were recorded and the failure share reaches {@code rate}; open for 30 s, then one
   * probe.
   *
   * @param rate a share in (0, 1]
   * @param windowSize how many recent attempts are considered, at least 1
   * @param minimumCalls how many must be recorded before the rate counts, 1..windowSize
   * @return the policy
   * @throws IllegalArgumentException if a value is out of range
   */
  public static CircuitBreakerPolicy failureRate(double rate, int windowSize, int minimumCalls) {
    if (!(rate > 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("failureRate must be in (0, 1], was " + rate);
    }
    Checks.atLeast(windowSize, 1, "windowSize");
    Checks.atLeast(minimumCalls, 1, "minimumCalls");
    if (minimumCalls > windowSize) {
      throw new IllegalArgumentException(
          "minimumCalls (" + minimumCalls + ") must not exceed windowSize (" + windowSize + ")");
    }
    return new CircuitBreakerPolicy(
        true, Integer.MAX_VALUE, rate, windowSize, minimumCalls, Duration.ofSeconds(30), 1, 1);
  }

  /**
   * Returns a copy that stays open for {@code openDuration} before probing.
   *
   * @param openDuration positive
   * @return the adjusted policy
   * @throws IllegalArgumentException if not positive
   */
  public CircuitBreakerPolicy withOpenDuration(Duration openDuration) {
    Checks.positive(openDuration, "openDuration");
    return new CircuitBreakerPolicy(
        enabled,
        consecutiveFailures,
        failureRate,
        windowSize,
        minimumCalls,
        openDuration,
        halfOpenProbes,
        successesToClose);
  }

  /**
   * Returns a copy that lets {@code probes} attempts through when half-open and closes after {@code
   * successesToClose} of them succeed.
   *
   * @param probes at least 1
   * @param successesToClose 1..probes
   * @return the adjusted policy
   * @throws IllegalArgumentException if a value is out of range
   */
  public CircuitBreakerPolicy withHalfOpenProbes(int probes, int successesToClose) {
    Checks.atLeast(probes, 1, "halfOpenProbes");
    Checks.atLeast(successesToClose, 1, "successesToClose");
    return new CircuitBreakerPolicy(
        enabled,
        consecutiveFailures,
        failureRate,
        windowSize,
        minimumCalls,
        openDuration,
        probes,
        successesToClose);
  }

  /**
   * Returns whether the breaker can open at all.
   *
   * @return false only for {@link #disabled()}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns how many failures in a row open the breaker.
   *
   * @return the threshold, {@link Integer#MAX_VALUE} in rate mode
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * Returns the failure share that opens the breaker in rate mode.
   *
   * @return the rate, 0 when not in rate mode
   */
  public double failureRate() {
    return failureRate;
  }

  /**
   * Returns how many recent attempts the rate considers.
   *
   * @return the window size, 0 when not in rate mode
   */
  public int windowSize() {
    return windowSize;
  }

  /**
   * Returns how many attempts the window needs before the rate counts.
   *
   * @return the minimum, 0 when not in rate mode
   */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * Returns how long the breaker stays open before probing.
   *
   * @return the open interval
   */
  public Duration openDuration() {
    return openDuration;
  }

  /**
   * Returns how many probe attempts a half-open breaker lets through.
   *
   * @return at least 1
   */
  public int halfOpenProbes() {
    return halfOpenProbes;
  }

  /**
   * Returns how many successful probes close the breaker.
   *
   * @return 1..{@link #halfOpenProbes()}
   */
  public int successesToClose() {
    return successesToClose;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "CircuitBreakerPolicy{disabled}";
    }
    String trigger =
        windowSize == 0
            ? consecutiveFailures + " consecutive failures"
            : "failure rate " + failureRate + " over " + windowSize + " (min " + minimumCalls + ")";
    return "CircuitBreakerPolicy{"
        + trigger
        + ", open "
        + openDuration
        + ", probes "
        + halfOpenProbes
        + ", close after "
        + successesToClose
        + "}";
  }
}
