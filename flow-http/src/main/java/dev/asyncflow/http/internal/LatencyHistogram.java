package dev.asyncflow.http.internal;

import dev.asyncflow.http.LatencyStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of durations in microseconds: each power of two is split into 16
 * buckets, and a percentile reports its bucket's midpoint, within about 3% of the true value.
 * Thread-safe.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 4;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong maxMicros = new AtomicLong();

  /**
   * Records one duration.
   *
   * @param nanos the duration in nanoseconds; negative counts as zero
   */
  void record(long nanos) {
    long micros = Math.max(0L, nanos / 1000);
    counts.incrementAndGet(indexOf(micros));
    maxMicros.accumulateAndGet(micros, Math::max);
  }

  /**
   * Returns the percentiles of everything recorded so far.
   *
   * @return the snapshot; all zero when nothing was recorded
   */
  LatencyStats snapshot() {
    long[] copy = new long[BUCKETS];
    long count = 0;
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
      count += copy[i];
    }
    long max = maxMicros.get();
    return new LatencyStats(
        count,
        percentile(copy, count, 0.50, max),
        percentile(copy, count, 0.90, max),
        percentile(copy, count, 0.99, max),
        Duration.ofNanos(max * 1000));
  }

  private static Duration percentile(long[] counts, long count, double quantile, long max) {
    if (count == 0) {
      return Duration.ZERO;
    }
    long rank = (long) Math.ceil(quantile * count);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Duration.ofNanos(Math.min(midpointOf(i), max) * 1000);
      }
    }
    return Duration.ZERO;
  }

  static int indexOf(long micros) {
    if (micros < SUB_BUCKETS) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
  }

  static long midpointOf(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
    long sub = index % SUB_BUCKETS;
    long width = 1L << (exponent - SUB_BITS);
    long low = (1L << exponent) + sub * width;
    return low + width / 2;
  }
}
