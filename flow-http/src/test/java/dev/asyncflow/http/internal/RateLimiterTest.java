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

/**
 * RateLimiter spaces starts evenly, {@code (per + per/requests) / requests} apart, with no burst,
 * each as early as that allows.
 */
class RateLimiterTest {
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 5 * SECOND;

  @Test
  void interval_isThePeriodPlusOneShareOfIt_dividedByTheRequests() {
    assertThat(RateLimiter.intervalNanos(RateLimit.of(5, Duration.ofSeconds(1))))
        .isEqualTo(240 * MILLI);
    assertThat(RateLimiter.intervalNanos(RateLimit.of(2, Duration.ofSeconds(1))))
        .isEqualTo(750 * MILLI);
    assertThat(RateLimiter.intervalNanos(RateLimit.of(1, Duration.ofSeconds(10))))
        .isEqualTo(20 * SECOND);
    // rounded up, so that `requests` intervals never fall short of per + per/requests
    assertThat(RateLimiter.intervalNanos(RateLimit.of(3, Duration.ofNanos(10)))).isEqualTo(5);
    assertThat(RateLimiter.intervalNanos(RateLimit.of(1_000, Duration.ofNanos(1)))).isEqualTo(1);
  }

  @Test
  void firstStart_isImmediate_andTheNextAreSpacedWithoutBurst() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(5, Duration.ofSeconds(1)));

    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waits.add(limiter.reserve(T0, Long.MAX_VALUE));
    }

    assertThat(waits)
        .containsExactly(
            0L, 240 * MILLI, 480 * MILLI, 720 * MILLI, 960 * MILLI, 1200 * MILLI, 1440 * MILLI);
  }

  @Test
  void startTooFarAway_isRefusedWithoutReservingIt() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofSeconds(10)));
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isZero();

    // a caller that may wait at most 5 s is told 20 s, and books nothing
    assertThat(limiter.reserve(T0, 5 * SECOND)).isEqualTo(20 * SECOND);

    // so the next start is free once the interval has passed
    assertThat(limiter.reserve(T0 + 20 * SECOND, Long.MAX_VALUE)).isZero();
  }

  @Test
  void afterAnIdleSpell_oneStartIsImmediate_butTheNextStillWaits() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(2, Duration.ofSeconds(1)));
    limiter.reserve(T0, Long.MAX_VALUE);

    assertThat(limiter.reserve(T0 + 750 * MILLI - 1, Long.MAX_VALUE)).isEqualTo(1);
    assertThat(limiter.reserve(T0 + 10 * SECOND, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(T0 + 10 * SECOND, Long.MAX_VALUE)).isEqualTo(750 * MILLI);
  }

  @Test
  void release_ofTheLastReservation_givesItsStartToTheNextCaller() {
    // Given one request per second (starts 2 s apart), one start taken and one reserved at 2 s
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofSeconds(1)));
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isEqualTo(2 * SECOND);

    // When the reservation at 2 s is given back
    limiter.release(T0 + 2 * SECOND);

    // Then the next caller gets that start, and the one after it the start at 4 s
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isEqualTo(2 * SECOND);
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isEqualTo(4 * SECOND);
  }

  @Test
  void release_ofAReservationFollowedByAnother_changesNothing() {
    // Given starts reserved at 0, 2 s and 4 s
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofSeconds(1)));
    limiter.reserve(T0, Long.MAX_VALUE);
    limiter.reserve(T0, Long.MAX_VALUE);
    limiter.reserve(T0, Long.MAX_VALUE);

    // When the one at 2 s is given back: the one at 4 s was reserved after it
    limiter.release(T0 + 2 * SECOND);

    // Then the next start is still at 6 s (moving it back would crowd the start at 4 s)
    assertThat(limiter.reserve(T0, Long.MAX_VALUE)).isEqualTo(6 * SECOND);
  }

  @Test
  void negativeClockValues_work() {
    RateLimiter limiter = new RateLimiter(RateLimit.of(1, Duration.ofSeconds(1)));

    assertThat(limiter.reserve(-10 * SECOND, Long.MAX_VALUE)).isZero();
    assertThat(limiter.reserve(-10 * SECOND + 1, Long.MAX_VALUE)).isEqualTo(2 * SECOND - 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 17})
  void anyRequestsPlusOneStarts_spanAtLeastThePeriodPlusItsShare_andNoStartIsLaterThanNeeded(
      int requests) {
    long per = 1_000;
    long interval = RateLimiter.intervalNanos(RateLimit.of(requests, Duration.ofNanos(per)));
    SplittableRandom random = new SplittableRandom(requests);
    RateLimiter limiter = new RateLimiter(RateLimit.of(requests, Duration.ofNanos(per)));

    // Given a random, non-decreasing sequence of request times, bursty and sparse by turns
    List<Long> starts = new ArrayList<>();
    long now = T0;
    for (int i = 0; i < 5_000; i++) {
      now += random.nextInt(10) == 0 ? random.nextLong(3 * per) : random.nextLong(per / 20);
      long wait = limiter.reserve(now, Long.MAX_VALUE);
      long start = now + wait;

      // Then each start is at or after its request, and waits only for the one before it
      assertThat(wait).isNotNegative();
      if (wait > 0) {
        assertThat(start).isEqualTo(starts.get(starts.size() - 1) + interval);
      }
      starts.add(start);
    }

    // and any requests + 1 consecutive starts span at least per + per/requests
    for (int i = requests; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - requests))
          .isGreaterThanOrEqualTo(per + per / requests);
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
