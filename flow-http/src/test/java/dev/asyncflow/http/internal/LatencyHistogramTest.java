package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.asyncflow.http.LatencyStats;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks the histogram's percentiles against exact values, and its bucket arithmetic. */
class LatencyHistogramTest {
  /** Half a bucket's width relative to its lower bound: 1/32, a little over 3%. */
  private static final double MAX_RELATIVE_ERROR = 1.0 / 32;

  @Test
  void emptySnapshot_isAllZero() {
    LatencyStats stats = new LatencyHistogram().snapshot();

    assertThat(stats)
        .isEqualTo(new LatencyStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void uniformOneToTenThousandMicros_percentilesWithinThreePercent() {
    // Given 1 ms steps from 1 µs to 10 ms
    LatencyHistogram histogram = new LatencyHistogram();
    long[] micros = new long[10_000];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = i + 1;
      histogram.record(micros[i] * 1000);
    }

    // When the percentiles are read
    LatencyStats stats = histogram.snapshot();

    // Then each is within about 3% of the exact value, and max is exact
    assertThat(stats.count()).isEqualTo(10_000);
    assertClose(stats.p50(), 5_000);
    assertClose(stats.p90(), 9_000);
    assertClose(stats.p99(), 9_900);
    assertThat(stats.max()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void skewedDistribution_percentilesMatchExactRanks() {
    // Given a long-tailed sample (log-uniform from 100 µs to 10 s)
    SplittableRandom random = new SplittableRandom(42);
    LatencyHistogram histogram = new LatencyHistogram();
    long[] micros = new long[50_000];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = (long) Math.pow(10, 2 + 5 * random.nextDouble());
      histogram.record(micros[i] * 1000 + 999); // sub-microsecond part is dropped
    }
    Arrays.sort(micros);

    LatencyStats stats = histogram.snapshot();

    assertClose(stats.p50(), exact(micros, 0.50));
    assertClose(stats.p90(), exact(micros, 0.90));
    assertClose(stats.p99(), exact(micros, 0.99));
    assertThat(stats.max()).isEqualTo(Duration.ofNanos(micros[micros.length - 1] * 1000));
    assertThat(stats.p50()).isLessThanOrEqualTo(stats.p90());
    assertThat(stats.p90()).isLessThanOrEqualTo(stats.p99());
    assertThat(stats.p99()).isLessThanOrEqualTo(stats.max());
  }

  @Test
  void singleValue_isEveryPercentile() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(Duration.ofMillis(250).toNanos());

    LatencyStats stats = histogram.snapshot();

    assertThat(stats.count()).isOne();
    assertClose(stats.p50(), 250_000);
    assertThat(stats.p90()).isEqualTo(stats.p50());
    assertThat(stats.p99()).isEqualTo(stats.p50());
    assertThat(stats.max()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void percentiles_neverExceedTheMax() {
    // Given one value in the lower half of its bucket (992..1023 µs, midpoint 1008 µs)
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(Duration.ofMillis(1).toNanos());

    LatencyStats stats = histogram.snapshot();

    // Then no percentile reports more than the longest call took
    assertThat(stats.max()).isEqualTo(Duration.ofMillis(1));
    assertThat(stats.p50()).isLessThanOrEqualTo(stats.max());
    assertThat(stats.p99()).isLessThanOrEqualTo(stats.max());
  }

  @Test
  void negativeAndHugeDurations_areRecordedWithoutFailing() {
    LatencyHistogram histogram = new LatencyHistogram();

    histogram.record(-5);
    histogram.record(Long.MAX_VALUE);

    LatencyStats stats = histogram.snapshot();
    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.p50()).isEqualTo(Duration.ZERO);
    assertThat(stats.max()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE / 1000 * 1000));
  }

  @Test
  void smallValues_haveExactBuckets() {
    for (long micros = 0; micros < 16; micros++) {
      int index = LatencyHistogram.indexOf(micros);
      assertThat(index).isEqualTo((int) micros);
      assertThat(LatencyHistogram.midpointOf(index)).isEqualTo(micros);
    }
  }

  @Test
  void everyValue_liesNearItsBucketMidpoint_andIndexesGrowWithValues() {
    int previous = -1;
    for (long micros = 0; micros < 1_000_000; micros++) {
      int index = LatencyHistogram.indexOf(micros);
      long midpoint = LatencyHistogram.midpointOf(index);
      boolean steps = index == previous || index == previous + 1;
      boolean near = Math.abs(midpoint - micros) <= Math.max(0.5, micros * MAX_RELATIVE_ERROR);
      if (!steps || !near) {
        throw new AssertionError(
            "value "
                + micros
                + ": index "
                + index
                + " after "
                + previous
                + ", midpoint "
                + midpoint);
      }
      previous = index;
    }
    assertThat(previous).isEqualTo(LatencyHistogram.indexOf(999_999));
  }

  @Test
  void midpoint_fallsInItsOwnBucket_upToTheLargestValue() {
    int last = LatencyHistogram.indexOf(Long.MAX_VALUE);
    for (int index = 0; index <= last; index++) {
      assertThat(LatencyHistogram.indexOf(LatencyHistogram.midpointOf(index)))
          .as("bucket %d", index)
          .isEqualTo(index);
    }
  }

  private static long exact(long[] sorted, double quantile) {
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[rank - 1];
  }

  private static void assertClose(Duration actual, long expectedMicros) {
    assertThat((double) actual.toNanos() / 1000)
        .isCloseTo(expectedMicros, within(Math.max(0.5, expectedMicros * MAX_RELATIVE_ERROR)));
  }
}
