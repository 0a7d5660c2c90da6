package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a hook knows about its run: typed params. */
class RunContextTest {

  @Test
  void typedParam_thatIsMissing_isRejectedNamingIt() {
    RunContext ctx = contextWithParams(Map.of("limit", 3));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ctx.param("model", String.class))
        .withMessageContaining("'model'");
    assertThat(ctx.param("model")).isNull();
  }

  @Test
  void typedParam_ofAnotherType_isRejectedNamingIt() {
    RunContext ctx = contextWithParams(Map.of("limit", 3));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ctx.param("limit", String.class))
        .withMessageContaining("'limit'")
        .withMessageContaining("Integer");
    assertThat(ctx.param("limit", Integer.class)).isEqualTo(3);
  }

  /** Runs a node with the given params and returns the context its post saw. */
  private static RunContext contextWithParams(Map<String, ?> params) {
    ContextProbe probe = new ContextProbe();
    probe.run(new Object(), RunOptions.builder().params(params).build());
    return probe.lastContext;
  }

  private static final class ContextProbe extends Node<Object, Void, Void> {
    volatile RunContext lastContext;

    @Override
    protected String post(Object shared, Void prepResult, Void execResult, RunContext ctx) {
      lastContext = ctx;
      return null;
    }
  }
}
