package dev.asyncflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RateLimit} is a value: validated by its factory, equal by its settings, fully shown. */
class RateLimitValueTest {

  @Test
  void of_validatesNamingTheValue() {
    assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requests must be >= 1, was 0");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("per must be positive, was PT0S");
    assertThatThrownBy(() -> RateLimit.of(1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalsAndHashCode_followRequestsAndPer() {
    RateLimit limit = RateLimit.of(3, Duration.ofSeconds(2));

    assertThat(limit)
        .isEqualTo(RateLimit.of(3, Duration.ofMillis(2000)))
        .hasSameHashCodeAs(RateLimit.of(3, Duration.ofMillis(2000)))
        .isNotEqualTo(RateLimit.of(4, Duration.ofSeconds(2)))
        .isNotEqualTo(RateLimit.of(3, Duration.ofSeconds(3)));
    assertThat(limit.requests()).isEqualTo(3);
    assertThat(limit.per()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void toString_namesEverySetting() {
    RateLimit limit = RateLimit.of(50, Duration.ofMinutes(1));

    assertThat(ToStringContract.assertNamesEverySetting(limit, Set.of()))
        .containsExactly("per", "requests");
    assertThat(limit).hasToString("RateLimit{requests=50, per=PT1M}");
  }
}
