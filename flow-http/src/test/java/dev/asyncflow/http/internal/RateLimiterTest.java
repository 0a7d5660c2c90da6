package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RateLimiter admits at most N starts in any window, each as early as that allows. */
class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 5 * SECOND;

  @Test
  void firstNStarts_areImmediate_theNextWaitsForTheFirstPlusTheWindow() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(3, Duration.ofSeconds(1)));

    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(T0 + 10, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(T0 + 20, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(T0 + 30, Long.MAX_VALUE)).isEqualTo(SECOND - 30);
  }

  @Test
  void startTooFarAway_isRefusedWithoutReservingIt() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofSeconds(10)));
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isZero();

    // a caller that may wait at most 5 s is told 10 s, and books nothing
    assertThat(limiter.reserve(T0, 5 * SECOND)).isEqualTo(10 * SECOND);

    // so the next window is free when it comes
    assertThat(limiter.reserve(T0 + 10 * SECOND, Long.MAX_VALUE)).isZero();
  }

  @Test
  void startsOverTheLimit_queueOneWindowApartPerN() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(2, Duration.ofSeconds(1)));

    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waits.add(limiter.reserve(T0, Long.MAX_VALUE));
    }

    assertThat(waits).containsExactly(0L, 0L, SECOND, SECOND, 2 * SECOND, 2 * SECOND, 3 * SECOND);
  }

  @Test
  void afterAWholeWindow_startsAreImmediateAgain() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(2, Duration.ofSeconds(1)));
    limiter.reserve(T0, Long.MAX_VALUE);
    limiter.reserve(T0, Long.MAX_VALUE);

    assertThat(limiter.reserve(T0 + SECOND - 1, Long.MAX_VALUE)).isEqualTo(1);
    assertThat(limiter.reserve(T0 + 3 * SECOND, Long.MAX_VALUE)).isZero();
  }

  @Test
  void negativeClockValues_work() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofSeconds(1)));

    assertThat(limiter.reserve(-10 * SECOND, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(-10 * SECOND + 1, Long.MAX_VALUE)).isEqualTo(SECOND - 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 17})
  void noWindowEverHoldsMoreThanNStarts_andNoStartIsLaterThanNeeded(int limit) {
    long window = 1_000;
    SplittableRandom random = new SplittableRandom(limit);
    RateLimiter limiter = new RateLimiter(RateLimit.of(limit, Duration.ofNanos(window)));

    // Given a random, non-decreasing sequence of request times, bursty and sparse by turns
    List<Long> starts = new ArrayList<>();
    long now = T0;
    for (int i = 0; i < 5_000; i++) {
      now += random.nextInt(10) == 0 ? random.nextLong(3 * window) : random.nextLong(window / 20);
      long wait = limiter.reserve(now, Long.MAX_VALUE);
      long start = now + wait;

      // Then each start is at or after its request, and waits only for the start N before it
      assertThat(wait).isNotNegative();
      if (wait > 0) {
        assertThat(starts.size()).isGreaterThanOrEqualTo(limit);
        assertThat(start).isEqualTo(starts.get(starts.size() - limit) + window);
      }
      starts.add(start);
    }

    // and any N+1 consecutive starts span at least a window: no window holds more than N
    starts.sort(null);
    for (int i = limit; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - limit)).isGreaterThanOrEqualTo(window);
    }
  }

  @Test
  void hugeWindow_neverOverflowsIntoAnImmediateStart() {
    // A window longer than the long range of nanoseconds saturates; reserving past it must still
    // make the caller wait rather than wrap around to a negative (immediate) wait.
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofDays(365L * 1_000)));

    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(T0 + 1, Long.MAX_VALUE)).isPositive();
  }
}
