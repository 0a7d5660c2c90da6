package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.asyncflow.core.ParallelPolicy.FailurePolicy;
import org.junit.jupiter.api.Test;

/** How many items of a parallel batch run at once, and what one failure does to the others. */
class ParallelPolicyTest {

  @Test
  void ofDefaults_isUnboundedAndFailFast_asItsShortcutUnbounded() {
    ParallelPolicy defaults = ParallelPolicy.ofDefaults();

    assertThat(defaults.maxConcurrency()).isEqualTo(ParallelPolicy.UNBOUNDED);
    assertThat(defaults.failurePolicy()).isEqualTo(FailurePolicy.FAIL_FAST);
    assertThat(ParallelPolicy.unbounded()).isEqualTo(defaults);
    assertThat(ParallelPolicy.builder().build()).isEqualTo(defaults);
  }

  @Test
  void maxConcurrencyShortcut_isFailFastWithThatLimit() {
    assertThat(ParallelPolicy.maxConcurrency(4))
        .isEqualTo(ParallelPolicy.builder().maxConcurrency(4).build())
        .extracting(ParallelPolicy::failurePolicy)
        .isEqualTo(FailurePolicy.FAIL_FAST);
  }

  @Test
  void builderFromAPolicy_startsFromItsSettings_andLeavesItUnchanged() {
    ParallelPolicy original =
        ParallelPolicy.builder().maxConcurrency(3).failurePolicy(FailurePolicy.COLLECT_ALL).build();

    ParallelPolicy.Builder builder = ParallelPolicy.builder(original);
    ParallelPolicy copy = builder.build();
    ParallelPolicy changed = builder.maxConcurrency(5).build();

    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(changed.maxConcurrency()).isEqualTo(5);
    assertThat(changed.failurePolicy()).isEqualTo(FailurePolicy.COLLECT_ALL);
    assertThat(original.maxConcurrency()).isEqualTo(3);
    assertThat(copy.maxConcurrency()).as("built before the change").isEqualTo(3);
  }

  @Test
  void maxConcurrency_belowOne_isRejectedNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ParallelPolicy.maxConcurrency(0))
        .withMessageContaining("maxConcurrency")
        .withMessageContaining("0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ParallelPolicy.builder().maxConcurrency(-3))
        .withMessageContaining("-3");
    assertThat(ParallelPolicy.maxConcurrency(1).maxConcurrency()).isEqualTo(1);
  }

  @Test
  void failurePolicy_mustNotBeNull() {
    assertThatNullPointerException()
        .isThrownBy(() -> ParallelPolicy.builder().failurePolicy(null))
        .withMessageContaining("failurePolicy");
  }

  @Test
  void toString_namesEverySetting() {
    Settings.assertToStringNamesEverySetting(ParallelPolicy.maxConcurrency(2));
    assertThat(ParallelPolicy.ofDefaults().toString()).contains("maxConcurrency=unbounded");
  }
}
