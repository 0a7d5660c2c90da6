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
 * The retry policy's jittered backoff stays in its envelope, and its builder validates and copies.
 */
class HttpRetryPolicyTest {
  private static final int DRAWS = 2000;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 12})
  void jitteredBackoff_staysWithinZeroAndTheCeiling_andSpreadsOverIt(int retry) {
    // Given 100 ms doubling up to 1 s, drawn from a seeded source
    HttpRetryPolicy policy = exponential(new SplittableRandom(42));
    long ceiling = Math.min(1_000, 100L << (retry - 1)) * 1_000_000L;

    // When many backoffs are drawn for one retry number
    List<Long> draws = draw(policy, retry, DRAWS);

    // Then every draw lies in [0, ceiling], and the draws cover the range
    assertThat(draws).allSatisfy(nanos -> assertThat(nanos).isBetween(0L, ceiling));
    assertThat(new HashSet<>(draws)).hasSizeGreaterThan(DRAWS * 9 / 10);
    assertThat(draws.stream().mapToLong(Long::longValue).min().orElseThrow())
        .isLessThan(ceiling / 50);
    assertThat(draws.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isGreaterThan(ceiling - ceiling / 50);
    double mean = draws.stream().mapToLong(Long::longValue).average().orElseThrow();
    assertThat(mean).isBetween(ceiling * 0.45, ceiling * 0.55);
  }

  @Test
  void jitter_withJavaUtilRandom_staysInItsEnvelope() {
    HttpRetryPolicy policy = exponential(new Random(42));
    assertThat(draw(policy, 3, DRAWS))
        .allSatisfy(nanos -> assertThat(nanos).isBetween(0L, 400_000_000L))
        .doesNotHaveDuplicates();
  }

  @Test
  void sameSeed_drawsTheSameSequence() {
    List<Long> first = draw(exponential(new SplittableRandom(7)), 2, 100);
    List<Long> second = draw(exponential(new SplittableRandom(7)), 2, 100);
    List<Long> otherSeed = draw(exponential(new SplittableRandom(8)), 2, 100);

    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
  }

  @Test
  void backoffCeiling_growsByTheMultiplierUpToMaxBackoff() {
    HttpRetryPolicy policy = exponential(new SplittableRandom(1));

    assertThat(List.of(1, 2, 3, 4, 5, 6, 100, Integer.MAX_VALUE))
        .map(policy::backoffCeiling)
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
  void backoffCeiling_withMultiplierOne_isConstant() {
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder().initialBackoff(Duration.ofMillis(250)).multiplier(1.0).build();

    assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.backoffCeiling(50)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void backoff_withZeroInitialBackoff_isZero() {
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    assertThat(policy.backoff(1)).isZero();
    assertThat(policy.backoff(9)).isZero();
  }

  @Test
  void backoffCeiling_belowRetryOne_isRejected() {
    assertThatThrownBy(() -> HttpRetryPolicy.defaults().backoffCeiling(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry")
        .hasMessageContaining("0");
  }

  @Test
  void builderValidation_namesTheSettingAndTheValue() {
    assertThatThrownBy(() -> HttpRetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().initialBackoff(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff")
        .hasMessageContaining(Duration.ofMillis(-5).toString());
    assertThatThrownBy(() -> HttpRetryPolicy.builder().maxBackoff(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff")
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier")
        .hasMessageContaining("0.5");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().multiplier(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> HttpRetryPolicy.builder().multiplier(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
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
  void build_withMaxBackoffBelowInitialBackoff_namesBoth() {
    HttpRetryPolicy.Builder builder =
        HttpRetryPolicy.builder()
            .initialBackoff(Duration.ofSeconds(5))
            .maxBackoff(Duration.ofSeconds(2));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff (PT2S)")
        .hasMessageContaining("initialBackoff (PT5S)");
  }

  @Test
  void defaults_areThreeAttemptsFrom500MsDoublingTo30sOnTheUsualStatuses() {
    HttpRetryPolicy defaults = HttpRetryPolicy.defaults();

    assertThat(defaults.maxAttempts()).isEqualTo(3);
    assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.multiplier()).isEqualTo(2.0);
    assertThat(defaults.retryableStatuses()).containsExactlyInAnyOrder(429, 500, 502, 503, 504);
    assertThat(defaults.hook()).isSameAs(RetryHook.PROCEED);
    assertThat(draw(defaults, 1, 200))
        .allSatisfy(nanos -> assertThat(nanos).isBetween(0L, 500_000_000L));
  }

  @Test
  void none_makesOneAttempt() {
    assertThat(HttpRetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(HttpRetryPolicy.none().retryableStatuses())
        .isEqualTo(HttpRetryPolicy.defaults().retryableStatuses());
  }

  @Test
  void toBuilder_roundTripsEverySetting() {
    RetryHook hook = RetryHook.requireRetryAfter(429);
    RandomGenerator random = new SplittableRandom(3);
    HttpRetryPolicy policy =
        HttpRetryPolicy.builder()
            .maxAttempts(7)
            .initialBackoff(Duration.ofMillis(20))
            .maxBackoff(Duration.ofSeconds(3))
            .multiplier(1.5)
            .retryableStatuses(Set.of(503, 529))
            .random(random)
            .hook(hook)
            .build();

    HttpRetryPolicy copy = policy.toBuilder().build();

    assertThat(copy.maxAttempts()).isEqualTo(7);
    assertThat(copy.initialBackoff()).isEqualTo(Duration.ofMillis(20));
    assertThat(copy.maxBackoff()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.multiplier()).isEqualTo(1.5);
    assertThat(copy.retryableStatuses()).containsExactlyInAnyOrder(503, 529);
    assertThat(copy.hook()).isSameAs(hook);
    assertThat(copy.toString()).isEqualTo(policy.toString());
  }

  @Test
  void toBuilder_changesDoNotReachTheOriginal() {
    HttpRetryPolicy original = HttpRetryPolicy.defaults();

    HttpRetryPolicy changed = original.toBuilder().maxAttempts(9).retryOnStatus(529).build();

    assertThat(changed.maxAttempts()).isEqualTo(9);
    assertThat(changed.retryableStatuses()).contains(529);
    assertThat(original.maxAttempts()).isEqualTo(3);
    assertThat(original.retryableStatuses()).doesNotContain(529);
  }

  @Test
  void build_copiesTheSettings_soLaterBuilderChangesDoNotLeak() {
    HttpRetryPolicy.Builder builder = HttpRetryPolicy.builder().maxAttempts(4);
    HttpRetryPolicy built = builder.build();

    builder.maxAttempts(8).retryOnStatus(529);

    assertThat(built.maxAttempts()).isEqualTo(4);
    assertThat(built.retryableStatuses()).doesNotContain(529);
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

  private static HttpRetryPolicy exponential(RandomGenerator random) {
    return HttpRetryPolicy.builder()
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(1))
        .multiplier(2.0)
        .random(random)
        .build();
  }

  private static List<Long> draw(HttpRetryPolicy policy, int retry, int count) {
    List<Long> draws = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      draws.add(policy.backoff(retry).toNanos());
    }
    return draws;
  }
}
