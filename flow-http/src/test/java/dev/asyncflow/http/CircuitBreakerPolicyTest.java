package dev.asyncflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.CircuitBreakerPolicy.Mode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The breaker policy's one idiom: defaults, modes, validation, copies and a complete toString. */
class CircuitBreakerPolicyTest {

  @Test
  void ofDefaults_isFiveConsecutiveFailuresOpenThirtySecondsOneProbeOneSuccess() {
    CircuitBreakerPolicy defaults = CircuitBreakerPolicy.ofDefaults();

    assertThat(defaults.mode()).isEqualTo(Mode.CONSECUTIVE_FAILURES);
    assertThat(defaults.consecutiveFailures()).hasValue(5);
    assertThat(defaults.failureRate()).isEmpty();
    assertThat(defaults.windowSize()).isEmpty();
    assertThat(defaults.minimumCalls()).isEmpty();
    assertThat(defaults.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.halfOpenProbes()).isEqualTo(1);
    assertThat(defaults.successesToClose()).isEqualTo(1);
    assertThat(CircuitBreakerPolicy.builder().build().toString()).isEqualTo(defaults.toString());
  }

  @Test
  void failureRate_switchesToRateMode_andConsecutiveFailuresSwitchesBack() {
    CircuitBreakerPolicy rate = CircuitBreakerPolicy.builder().failureRate(0.25, 20, 8).build();
    CircuitBreakerPolicy back = CircuitBreakerPolicy.builder(rate).consecutiveFailures(2).build();

    assertThat(rate.mode()).isEqualTo(Mode.FAILURE_RATE);
    assertThat(rate.failureRate()).hasValue(0.25);
    assertThat(rate.windowSize()).hasValue(20);
    assertThat(rate.minimumCalls()).hasValue(8);
    assertThat(rate.consecutiveFailures()).isEmpty();
    assertThat(back.mode()).isEqualTo(Mode.CONSECUTIVE_FAILURES);
    assertThat(back.consecutiveFailures()).hasValue(2);
    assertThat(back.failureRate()).isEmpty();
  }

  @Test
  void disabled_neverOpens_andHasNoTrigger() {
    CircuitBreakerPolicy disabled = CircuitBreakerPolicy.disabled();

    assertThat(disabled.mode()).isEqualTo(Mode.DISABLED);
    assertThat(disabled.consecutiveFailures()).isEmpty();
    assertThat(disabled.failureRate()).isEmpty();
    assertThat(disabled.toString()).isEqualTo("CircuitBreakerPolicy{mode=DISABLED}");
  }

  @Test
  void builderValidation_namesTheSettingAndTheValue() {
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().consecutiveFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveFailures must be >= 1, was 0");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(1.5, 10, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRate must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(0.5, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowSize must be >= 1, was 0");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(0.5, 100_001, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowSize must be <= 100000, was 100001");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(0.5, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls must be >= 1, was 0");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(0.5, 10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls (11) must not exceed windowSize (10)");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().openDuration(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("openDuration must be positive, was PT-0.001S");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().halfOpenProbes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("halfOpenProbes must be >= 1, was 0");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().successesToClose(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successesToClose must be >= 1, was 0");
  }

  @Test
  void build_crossChecksSuccessesToCloseAgainstProbes_inAnyOrderOfSetters() {
    CircuitBreakerPolicy.Builder builder =
        CircuitBreakerPolicy.builder().successesToClose(3).halfOpenProbes(2);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successesToClose (3) must not exceed halfOpenProbes (2)");
    assertThat(builder.halfOpenProbes(3).build().successesToClose()).isEqualTo(3);
  }

  @Test
  void build_copiesTheSettings_soLaterBuilderChangesDoNotLeak() {
    CircuitBreakerPolicy.Builder builder = CircuitBreakerPolicy.builder().consecutiveFailures(3);
    CircuitBreakerPolicy built = builder.build();

    builder.failureRate(0.5, 10, 5).openDuration(Duration.ofSeconds(1));

    assertThat(built.mode()).isEqualTo(Mode.CONSECUTIVE_FAILURES);
    assertThat(built.consecutiveFailures()).hasValue(3);
    assertThat(built.openDuration()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void builderOfPolicy_roundTripsEverySetting() {
    CircuitBreakerPolicy policy =
        CircuitBreakerPolicy.builder()
            .failureRate(0.5, 20, 10)
            .openDuration(Duration.ofSeconds(7))
            .halfOpenProbes(3)
            .successesToClose(2)
            .build();

    assertThat(CircuitBreakerPolicy.builder(policy).build().toString())
        .isEqualTo(policy.toString());
  }

  @Test
  void toString_namesEverySettingOfEachMode() {
    CircuitBreakerPolicy consecutive =
        CircuitBreakerPolicy.builder().consecutiveFailures(4).halfOpenProbes(2).build();
    CircuitBreakerPolicy rate = CircuitBreakerPolicy.builder().failureRate(0.5, 20, 10).build();

    assertThat(ToStringContract.assertNamesEverySetting(consecutive, Set.of()))
        .containsExactly(
            "consecutiveFailures", "halfOpenProbes", "mode", "openDuration", "successesToClose");
    assertThat(ToStringContract.assertNamesEverySetting(rate, Set.of()))
        .containsExactly(
            "failureRate",
            "halfOpenProbes",
            "minimumCalls",
            "mode",
            "openDuration",
            "successesToClose",
            "windowSize");
    assertThat(consecutive.toString())
        .isEqualTo(
            "CircuitBreakerPolicy{mode=CONSECUTIVE_FAILURES, consecutiveFailures=4,"
                + " openDuration=PT30S, halfOpenProbes=2, successesToClose=1}");
  }
}
