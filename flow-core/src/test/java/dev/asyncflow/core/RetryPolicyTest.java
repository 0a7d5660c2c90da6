package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How many attempts, and how long to wait before each retry. */
class RetryPolicyTest {
  private static final Duration HUNDRED_MS = Duration.ofMillis(100);

  /** A random source that must not be asked: policies without jitter do not need one. */
  private final Random unused =
      new Random() {
        @Override
        public double nextDouble() {
          throw new AssertionError("no jitter, so no random number");
        }
      };

  @Test
  void none_isOneAttemptWithoutWait() {
    RetryPolicy none = RetryPolicy.none();

    assertThat(none.maxAttempts()).isEqualTo(1);
    assertThat(none.delay()).isEqualTo(Duration.ZERO);
    assertThat(none).isEqualTo(RetryPolicy.builder().build());
  }

  @Test
  void fixed_waitsTheSameBeforeEveryRetry() {
    RetryPolicy policy = RetryPolicy.fixed(4, HUNDRED_MS);

    assertThat(policy.maxAttempts()).isEqualTo(4);
    assertThat(policy.delay()).isEqualTo(HUNDRED_MS);
    assertThat(policy.delayBefore(1, unused)).isEqualTo(HUNDRED_MS);
    assertThat(policy.delayBefore(2, unused)).isEqualTo(HUNDRED_MS);
    assertThat(policy.delayBefore(3, unused)).isEqualTo(HUNDRED_MS);
  }

  @Test
  void fixed_withZeroWait_neverWaits() {
    assertThat(RetryPolicy.fixed(3, Duration.ZERO).delayBefore(2, unused)).isZero();
  }

  @Test
  void backoff_multipliesTheWaitBeforeEachFurtherRetry_upToTheCap() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(10)
            .delay(HUNDRED_MS)
            .backoff(2.0, Duration.ofMillis(500))
            .build();

    assertThat(policy.delayBefore(1, unused)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayBefore(2, unused)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayBefore(3, unused)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayBefore(4, unused)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delayBefore(9, unused)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void backoff_staysAtTheCap_evenForHugeRetryNumbers() {
    RetryPolicy policy =
        RetryPolicy.builder().delay(HUNDRED_MS).backoff(3.0, Duration.ofSeconds(30)).build();

    assertThat(policy.delayBefore(10_000, unused)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitter_keepsEachWaitWithinTheJitteredRange_andVaries() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .delay(Duration.ofMillis(1000))
            .backoff(2.0, Duration.ofSeconds(10))
            .jitter(0.5)
            .build();
    Random seeded = new Random(42);
    Set<Duration> seen = new HashSet<>();

    for (int i = 0; i < 1_000; i++) {
      Duration wait = policy.delayBefore(2, seeded); // base 2000 ms
      assertThat(wait).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
      seen.add(wait);
    }

    assertThat(seen).as("jitter makes waits differ").hasSizeGreaterThan(100);
  }

  @Test
  void halfJitter_hitsBothHalvesOfItsRange_fromHalfTheBaseToTheBase() {
    // Given a base of 2000 ms and jitter 0.5: waits lie in [1000 ms, 2000 ms]
    RetryPolicy policy =
        RetryPolicy.builder()
            .delay(Duration.ofMillis(1000))
            .backoff(2.0, Duration.ofSeconds(10))
            .jitter(0.5)
            .build();
    Random seeded = new Random(42);
    Duration middle = Duration.ofMillis(1500);
    int lowerHalf = 0;
    int upperHalf = 0;

    // When
    for (int i = 0; i < 1_000; i++) {
      Duration wait = policy.delayBefore(2, seeded);
      assertThat(wait).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
      if (wait.compareTo(middle) < 0) {
        lowerHalf++;
      } else {
        upperHalf++;
      }
    }

    // Then
    assertThat(lowerHalf).as("waits in [1000 ms, 1500 ms)").isPositive();
    assertThat(upperHalf).as("waits in [1500 ms, 2000 ms]").isPositive();
  }

  @Test
  void jitter_isRepeatableWithTheSameSeed() {
    RetryPolicy policy = RetryPolicy.builder().delay(HUNDRED_MS).jitter(1.0).build();

    assertThat(policy.delayBefore(1, new Random(7)))
        .isEqualTo(policy.delayBefore(1, new Random(7)));
  }

  @Test
  void jitter_differsBetweenSeeds() {
    RetryPolicy policy = RetryPolicy.builder().delay(HUNDRED_MS).jitter(1.0).build();

    assertThat(policy.delayBefore(1, new Random(7)))
        .isNotEqualTo(policy.delayBefore(1, new Random(8)));
  }

  @Test
  void fullJitter_mayWaitAnywhereBetweenZeroAndTheBase() {
    RetryPolicy policy = RetryPolicy.builder().delay(HUNDRED_MS).jitter(1.0).build();
    Random seeded = new Random(1);
    Duration min = HUNDRED_MS;
    Duration max = Duration.ZERO;

    for (int i = 0; i < 1_000; i++) {
      Duration wait = policy.delayBefore(1, seeded);
      assertThat(wait).isBetween(Duration.ZERO, HUNDRED_MS);
      min = wait.compareTo(min) < 0 ? wait : min;
      max = wait.compareTo(max) > 0 ? wait : max;
    }

    assertThat(min).as("shortest wait").isLessThan(Duration.ofMillis(10));
    assertThat(max).as("longest wait").isGreaterThan(Duration.ofMillis(90));
  }

  @Test
  void delayBefore_theFirstAttempt_isRejected() {
    RetryPolicy policy = RetryPolicy.fixed(3, HUNDRED_MS);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> policy.delayBefore(0, unused))
        .withMessageContaining("0");
  }

  @Test
  void builder_rejectsACapBelowTheDelay() {
    RetryPolicy.Builder builder =
        RetryPolicy.builder().delay(Duration.ofSeconds(2)).backoff(2.0, Duration.ofSeconds(1));

    assertThatIllegalArgumentException()
        .isThrownBy(builder::build)
        .withMessageContaining("maxDelay")
        .withMessageContaining("PT1S")
        .withMessageContaining("PT2S");
  }

  @Test
  void builder_rejectsInvalidBackoffAndJitter() {
    RetryPolicy.Builder builder = RetryPolicy.builder();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.backoff(0.5, HUNDRED_MS))
        .withMessageContaining("0.5");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.backoff(Double.NaN, HUNDRED_MS));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.backoff(Double.POSITIVE_INFINITY, HUNDRED_MS));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.backoff(2.0, Duration.ofMillis(-1)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.jitter(1.5))
        .withMessageContaining("1.5");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.jitter(-0.1));
  }

  @Test
  void build_copiesTheSettings_soLaterBuilderChangesDoNotAffectABuiltPolicy() {
    RetryPolicy.Builder builder = RetryPolicy.builder().maxAttempts(3).delay(HUNDRED_MS);
    RetryPolicy built = builder.build();

    builder.maxAttempts(7).delay(Duration.ofSeconds(1)).backoff(2.0, Duration.ofSeconds(5));

    assertThat(built.maxAttempts()).isEqualTo(3);
    assertThat(built.delay()).isEqualTo(HUNDRED_MS);
    assertThat(built.delayBefore(3, unused)).isEqualTo(HUNDRED_MS);
    assertThat(built).isEqualTo(RetryPolicy.fixed(3, HUNDRED_MS));
  }

  @Test
  void equalPolicies_areEqual_andHaveEqualHashCodes() {
    RetryPolicy one = everySettingSet();
    RetryPolicy two = everySettingSet();

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    assertThat(RetryPolicy.fixed(2, HUNDRED_MS)).isEqualTo(RetryPolicy.fixed(2, HUNDRED_MS));
  }

  @Test
  void policiesThatDifferInAnySetting_areNotEqual() {
    RetryPolicy base = RetryPolicy.fixed(3, HUNDRED_MS);

    assertThat(base)
        .isNotEqualTo(RetryPolicy.fixed(4, HUNDRED_MS))
        .isNotEqualTo(RetryPolicy.fixed(3, Duration.ofMillis(200)))
        .isNotEqualTo(
            RetryPolicy.builder().maxAttempts(3).delay(HUNDRED_MS).backoff(2.0, HUNDRED_MS).build())
        .isNotEqualTo(
            RetryPolicy.builder()
                .maxAttempts(3)
                .delay(HUNDRED_MS)
                .backoff(1.0, Duration.ofSeconds(1))
                .build())
        .isNotEqualTo(RetryPolicy.builder().maxAttempts(3).delay(HUNDRED_MS).jitter(0.1).build())
        .isNotEqualTo(null)
        .isNotEqualTo("RetryPolicy");
  }

  @Test
  void backoffBeyondTheRangeOfNanoseconds_saturatesAtTheCap_insteadOfOverflowing() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(80)
            .delay(Duration.ofSeconds(1))
            .backoff(2.0, Duration.ofSeconds(Long.MAX_VALUE))
            .build();

    Duration late = policy.delayBefore(70, new java.util.Random(1));

    assertThat(late).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void ofDefaults_isOneAttempt_likeNone() {
    assertThat(RetryPolicy.ofDefaults()).isEqualTo(RetryPolicy.none());
    assertThat(RetryPolicy.ofDefaults().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.builder().build()).isEqualTo(RetryPolicy.ofDefaults());
  }

  @Test
  void builderFromAPolicy_startsFromItsSettings_andLeavesItUnchanged() {
    RetryPolicy original = everySettingSet();

    RetryPolicy.Builder builder = RetryPolicy.builder(original);
    RetryPolicy copy = builder.build();
    RetryPolicy changed = builder.maxAttempts(6).build();

    assertThat(copy).isEqualTo(original);
    assertThat(changed.maxAttempts()).isEqualTo(6);
    assertThat(changed.delay()).isEqualTo(HUNDRED_MS);
    assertThat(changed.multiplier()).isEqualTo(2.0);
    assertThat(changed.maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(changed.jitter()).isEqualTo(0.25);
    assertThat(original.maxAttempts()).isEqualTo(4);
  }

  @Test
  void builderFromAFixedPolicy_letsTheDelayGrow_withoutAnOldCapInTheWay() {
    RetryPolicy fixed = RetryPolicy.fixed(3, HUNDRED_MS);

    RetryPolicy longer = RetryPolicy.builder(fixed).delay(Duration.ofSeconds(1)).build();

    assertThat(longer).isEqualTo(RetryPolicy.fixed(3, Duration.ofSeconds(1)));
    assertThat(longer.maxDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void builderFromAPolicy_keepsACapSetEqualToTheDelay() {
    RetryPolicy capped = RetryPolicy.builder().delay(HUNDRED_MS).backoff(2.0, HUNDRED_MS).build();

    RetryPolicy.Builder longer = RetryPolicy.builder(capped).delay(Duration.ofSeconds(1));

    assertThatIllegalArgumentException()
        .isThrownBy(longer::build)
        .withMessageContaining("maxDelay (PT0.1S) must not be less than delay (PT1S)");
  }

  @Test
  void toString_namesEverySetting() {
    Settings.assertToStringNamesEverySetting(
        RetryPolicy.builder().maxAttempts(3).delay(HUNDRED_MS).backoff(2.0, HUNDRED_MS).build());
  }

  @Test
  void fixed_rejectsNegativeMaxAttempts_namingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.fixed(-1, Duration.ZERO))
        .withMessageContaining("maxAttempts")
        .withMessageContaining("-1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Node<Object, Object, Object>(-2, Duration.ZERO) {})
        .withMessageContaining("-2");
  }

  @Test
  void fixed_rejectsANegativeDelay_namingTheValue() {
    Duration negative = Duration.ofMillis(-5);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.fixed(2, negative))
        .withMessageContaining("delay")
        .withMessageContaining(negative.toString());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Node<Object, Object, Object>(2, negative) {})
        .withMessageContaining(negative.toString());
  }

  /** A policy with every setting away from its default: 4 attempts, 100 ms x2 up to 1 s, 25 %. */
  private static RetryPolicy everySettingSet() {
    return RetryPolicy.builder()
        .maxAttempts(4)
        .delay(HUNDRED_MS)
        .backoff(2.0, Duration.ofSeconds(1))
        .jitter(0.25)
        .build();
  }
}
