package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What one run gets besides its shared store. */
class RunOptionsTest {
  private final Scheduler scheduler = (delay, task) -> () -> {};

  @Test
  void ofDefaults_hasNoParamsNoListenerTheSystemSchedulerAndThreadLocalJitter() {
    RunOptions defaults = RunOptions.ofDefaults();

    assertThat(defaults.params()).isEmpty();
    assertThat(defaults.listener()).isSameAs(FlowListener.NONE);
    assertThat(defaults.scheduler()).isSameAs(Scheduler.systemDefault());
    assertThat(defaults.random()).isNull();
  }

  @Test
  void builderFromOptions_startsFromTheirSettings_andLeavesThemUnchanged() {
    Random random = new Random(1);
    FlowListener listener = new FlowListener() {};
    RunOptions original =
        RunOptions.builder()
            .params(Map.of("user", "ada"))
            .listener(listener)
            .scheduler(scheduler)
            .random(random)
            .maxSteps(42)
            .build();

    RunOptions.Builder builder = RunOptions.builder(original);
    RunOptions copy = builder.build();
    RunOptions changed = builder.params(Map.of("user", "grace")).build();

    assertThat(copy.params()).isEqualTo(Map.of("user", "ada"));
    assertThat(copy.listener()).isSameAs(listener);
    assertThat(copy.scheduler()).isSameAs(scheduler);
    assertThat(copy.random()).isSameAs(random);
    assertThat(copy.maxSteps()).isEqualTo(42);
    assertThat(changed.params()).isEqualTo(Map.of("user", "grace"));
    assertThat(changed.listener()).isSameAs(listener);
    assertThat(original.params()).isEqualTo(Map.of("user", "ada"));
  }

  @Test
  void params_withANullValue_areRejectedNamingIt() {
    Map<String, Object> params = new HashMap<>();
    params.put("model", null);

    assertThatNullPointerException()
        .isThrownBy(() -> RunOptions.builder().params(params))
        .withMessageContaining("'model'");
  }

  @Test
  void toString_namesEverySetting_butNoParamValue() {
    RunOptions options =
        RunOptions.builder()
            .params(Map.of("apiKey", "s3cr3t"))
            .scheduler(scheduler)
            .random(new Random(1))
            .build();

    Settings.assertToStringNamesEverySetting(options);
    Settings.assertToStringNamesEverySetting(RunOptions.ofDefaults());
    assertThat(options.toString()).contains("apiKey").doesNotContain("s3cr3t");
  }
}
