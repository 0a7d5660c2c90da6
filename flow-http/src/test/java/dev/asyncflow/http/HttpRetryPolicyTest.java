package dev.asyncflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retry policy's jittered delay stays in its envelope, and its builder validates and copies.
 */
class HttpRetryPolicyTest {
  private static final int DRAWS = 2000;

  /** 100 ms doubling up to 1 s, full jitter (the default). */
  private static final HttpRetryPolicy EXPONENTIAL =
      HttpRetryPolicy.builder()
          .delay(Duration.ofMillis(100))
          .backoff(2.0, Duration.ofSeconds(1))
          .build();

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 12})
  void delayBefore_withFullJitter_staysWithinZeroAndTheBase_andSpreadsOverIt(int retry) {
    // Given 100 ms doubling up to 1 s, drawn from a seeded source
    long base = Math.min(1_000, 100L << (retry - 1)) * 1_000_000L;

    // When many delays are drawn for one retry number
    List<Long> draws = draw(EXPONENTIAL, retry, new SplittableRandom(42), DRAWS);

    // Then every draw lies in [0, base], and the draws cover the range
    assertThat(draws).allSatisfy(nanos -> assertThat(nanos).isBetween(0L, base));
    assertThat(new HashSet<>(draws)).hasSizeGreaterThan(DRAWS * 9 / 10);
    assertThat(draws.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(base / 50);
    assertThat(draws.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isGreaterThan(base - base / 50);
    double mean = draws.stream().mapToLong(Long::longValue).average().orElseThrow();
    assertThat(mean).isBetween(base * 0.45, base * 0.55);
  }

  @Test
  void delayBefore_withPartialJitter_staysInTheTopOfTheBase() {
    HttpRetryPolicy policy = HttpRetryPolicy.builder(EXPONENTIAL).jitter(0.25).build();

    assertThat(draw(policy, 2, new SplittableRandom(5), DRAWS))
        .allSatisfy(nanos -> assertThat(nanos).isBetween(150_000_000L, 200_000_000L));
  }

  @Test
  void delayBefore_withoutJitter_isTheBase_andNeverAsksTheRandomSource() {
    HttpRetryPolicy policy = HttpRetryPolicy.builder(EXPONENTIAL).jitter(0).build();
    RandomGenerator refusing =
        () -> {
          throw new AssertionError("no jitter, no draw");
        };

    assertThat(List.of(1, 2, 3, 4, 5, 6, 100, Integer.MAX_VALUE))
        .map(retry -> policy.delayBefore(retry, refusing))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
  }

  @Test
  void delayBefore_withJavaUtilRandom_staysInItsEnvelope() {
    assertThat(draw(EXPONENTIAL, 3, new Random(42), DRAWS))
        .allSatisfy(nanos -> assertThat(nanos).isBetween(0L, 400_000_000L))
        .doesNotHaveDuplicates();
  }

  @Test
  void delayBefore_sameSeed_drawsTheSameSequence() {
    List<Long> first = draw(EXPONENTIAL, 2, new SplittableRandom(7), 100);
    List<Long> second = draw(EXPONENTIAL, 2, new SplittableRandom(7), 100);
    List<Long> otherSeed = draw(EXPONENTIAL, 2, new SplittableRandom(8), 100);

    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
  }

  @Test
  void delayBefore_withMultiplierOne_isConstant() {
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder()
            .delay(Duration.ofMillis(250))
            .backoff(1.0, Duration.ofSeconds(30))
            .jitter(0)
            .build();

    assertThat(policy.delayBefore(1, new SplittableRandom(1))).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.delayBefore(50, new SplittableRandom(1))).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void delayBefore_withZeroDelay_isZero() {
    HttpRetryPolicy policy = HttpRetryPolicy.builder().delay(Duration.ZERO).build();

    assertThat(policy.delayBefore(1, new SplittableRandom(1))).isZero();
    assertThat(policy.delayBefore(9, new SplittableRandom(1))).isZero();
  }

  @Test
  void delayBefore_withHugeDelays_saturatesInsteadOfOverflowing() {
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder()
            .delay(Duration.ofDays(365_000))
            .backoff(2.0, Duration.ofDays(365_000))
            .jitter(0)
            .build();

    assertThat(policy.delayBefore(40, new SplittableRandom(1))).isPositive();
  }

  @Test
  void delayBefore_belowRetryOne_isRejected() {
    assertThatThrownBy(() -> HttpRetryPolicy.ofDefaults().delayBefore(0, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry must be >= 1, was 0");
  }

  @Test
  void builderValidation_namesTheSettingAndTheValue() {
    assertThatThrownBy(() -> HttpRetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().delay(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative, was PT-0.005S");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().backoff(2.0, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must not be negative, was PT-1S");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().backoff(0.5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be a finite number >= 1, was 0.5");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().backoff(Double.NaN, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                HttpRetryPolicy.builder().backoff(Double.POSITIVE_INFINITY, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
    for (double jitter : new double[] {-0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> HttpRetryPolicy.builder().jitter(jitter))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("jitter must be in [0, 1], was " + jitter);
    }
    assertThatThrownBy(() -> HttpRetryPolicy.builder().retryOnStatus(600))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 600");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().retryOnStatus(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 99");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().retryableStatuses(Set.of(503, 600)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 600");
  }

  @Test
  void build_withMaxDelayBelowDelay_namesBoth() {
    HttpRetryPolicy.Builder builder =
        HttpRetryPolicy.builder().delay(Duration.ofSeconds(5)).backoff(2.0, Duration.ofSeconds(2));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay (PT2S)")
        .hasMessageContaining("delay (PT5S)");
  }

  @Test
  void ofDefaults_isThreeAttemptsFrom500MsDoublingTo30sWithFullJitterOnTheUsualStatuses() {
    HttpRetryPolicy defaults = HttpRetryPolicy.ofDefaults();

    assertThat(defaults.maxAttempts()).isEqualTo(3);
    assertThat(defaults.delay()).isEqualTo(Duration.ofMillis(500));
    assertThat(defaults.multiplier()).isEqualTo(2.0);
    assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.jitter()).isEqualTo(1.0);
    assertThat(defaults.retryableStatuses()).containsExactlyInAnyOrder(429, 500, 502, 503, 504);
    assertThat(defaults.hook()).isSameAs(RetryHook.PROCEED);
    assertThat(draw(defaults, 1, new SplittableRandom(2), 200))
        .allSatisfy(nanos -> assertThat(nanos).isBetween(0L, 500_000_000L));
  }

  @Test
  void none_makesOneAttempt() {
    assertThat(HttpRetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(HttpRetryPolicy.none().retryableStatuses())
        .isEqualTo(HttpRetryPolicy.ofDefaults().retryableStatuses());
  }

  @Test
  void builderOfPolicy_roundTripsEverySetting() {
    RetryHook hook = RetryHook.requireRetryAfter(429);
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder()
            .maxAttempts(7)
            .delay(Duration.ofMillis(20))
            .backoff(1.5, Duration.ofSeconds(3))
            .jitter(0.3)
            .retryableStatuses(Set.of(503, 529))
            .hook(hook)
            .build();

    HttpRetryPolicy copy = HttpRetryPolicy.builder(policy).build();

    assertThat(copy.maxAttempts()).isEqualTo(7);
    assertThat(copy.delay()).isEqualTo(Duration.ofMillis(20));
    assertThat(copy.multiplier()).isEqualTo(1.5);
    assertThat(copy.maxDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.jitter()).isEqualTo(0.3);
    assertThat(copy.retryableStatuses()).containsExactlyInAnyOrder(503, 529);
    assertThat(copy.hook()).isSameAs(hook);
    assertThat(copy.toString()).isEqualTo(policy.toString());
  }

  @Test
  void builderOfPolicy_changesDoNotReachTheOriginal() {
    HttpRetryPolicy original = HttpRetryPolicy.ofDefaults();

    HttpRetryPolicy changed =
        HttpRetryPolicy.builder(original).maxAttempts(9).retryOnStatus(529).build();

    assertThat(changed.maxAttempts()).isEqualTo(9);
    assertThat(changed.retryableStatuses()).contains(529);
    assertThat(original.maxAttempts()).isEqualTo(3);
    assertThat(original.retryableStatuses()).doesNotContain(529);
  }

  @Test
  void build_copiesTheSettings_soLaterBuilderChangesDoNotLeak() {
    HttpRetryPolicy.Builder builder = HttpRetryPolicy.builder().maxAttempts(4);
    HttpRetryPolicy built = builder.build();

    builder.maxAttempts(8).retryOnStatus(529).jitter(0);

    assertThat(built.maxAttempts()).isEqualTo(4);
    assertThat(built.retryableStatuses()).doesNotContain(529);
    assertThat(built.jitter()).isEqualTo(1.0);
  }

  @Test
  void retryOnStatus_addsToTheDefaults() {
    HttpRetryPolicy policy = HttpRetryPolicy.builder().retryOnStatus(529, 408).build();

    assertThat(policy.retryableStatuses())
        .containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504, 529);
  }

  @Test
  void retryableStatuses_replacesTheSet_andIsImmutable() {
    HttpRetryPolicy policy = HttpRetryPolicy.builder().retryableStatuses(Set.of()).build();

    assertThat(policy.retryableStatuses()).isEmpty();
    assertThatThrownBy(() -> policy.retryableStatuses().add(503))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void retryOnDecodeFailure_isOffByDefault_andCopiedByTheBuilder() {
    HttpRetryPolicy on = HttpRetryPolicy.builder().retryOnDecodeFailure(true).build();

    assertThat(HttpRetryPolicy.ofDefaults().retryOnDecodeFailure()).isFalse();
    assertThat(on.retryOnDecodeFailure()).isTrue();
    assertThat(HttpRetryPolicy.builder(on).build().retryOnDecodeFailure()).isTrue();
  }

  @Test
  void toString_namesEverySetting() {
    HttpRetryPolicy policy = HttpRetryPolicy.builder().jitter(0.5).retryOnStatus(529).build();

    assertThat(ToStringContract.assertNamesEverySetting(policy, Set.of()))
        .containsExactly(
            "delay",
            "hook",
            "jitter",
            "maxAttempts",
            "maxDelay",
            "multiplier",
            "retryOnDecodeFailure",
            "retryableStatuses");
    assertThat(policy.toString())
        .isEqualTo(
            "HttpRetryPolicy{maxAttempts=3, delay=PT0.5S, multiplier=2.0, maxDelay=PT30S,"
                + " jitter=0.5, retryableStatuses=[429, 500, 502, 503, 504, 529],"
                + " retryOnDecodeFailure=false, hook=PROCEED}");
  }

  private static List<Long> draw(
      HttpRetryPolicy policy, int retry, RandomGenerator random, int count) {
    List<Long> draws = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      draws.add(policy.delayBefore(retry, random).toNanos());
    }
    return draws;
  }
}
