package dev.asyncflow.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Percentiles of the duration of finished calls (start to outcome, retries included), from a
 * histogram with about 3% relative error. Immutable and thread-safe.
 *
 * @param count how many calls were measured
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the longest
 */
public record LatencyStats(long count, Duration p50, Duration p90, Duration p99, Duration max) {

  /**
   * Checks the components.
   *
   * @param count see the record's count component
   * @param p50 see the record's p50 component
   * @param p90 see the record's p90 component
   * @param p99 see the record's p99 component
   * @param max see the record's max component
   * @throws NullPointerException if a duration is null
   */
  public LatencyStats {
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p90, "p90");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(max, "max");
  }
}
