package dev.asyncflow.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Definitions that cannot run, and arguments that are rejected, fail early and say why. */
class ValidationTest {
  private final Trace trace = new Trace();

  // ---------------------------------------------------------------- flow definitions

  @Test
  void flowWithoutStartNode_failsTheRun_namingTheFlow() {
    Flow<Trace> flow = new Flow<>();
    flow.setName("Pipeline");

    assertThatThrownBy(() -> flow.run(trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Pipeline'")
        .hasMessageContaining("no start node");
  }

  @Test
  void async_flowWithoutStartNode_returnsAFailedFuture_namingTheFlow() {
    AsyncFlow<Trace> flow = new AsyncFlow<>();
    flow.setName("AsyncPipeline");

    CompletableFuture<String> future = flow.runAsync(trace);

    assertThat(future).isCompletedExceptionally();
    Throwable thrown = catchThrowable(() -> future.get(5, SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause())
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'AsyncPipeline'");
  }

  @Test
  void nestedFlowWithoutStartNode_failsTheRunBeforeAnyNodeRuns_namingTheNestedFlow() {
    Probe first = new Probe("first");
    Flow<Trace> inner = new Flow<>();
    inner.setName("Inner");
    first.next(inner);

    assertThatThrownBy(() -> new Flow<>(first).run(trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Inner'");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void async_nestedFlowWithoutStartNode_failsTheFutureBeforeAnyNodeRuns() {
    Probe first = new Probe("first");
    AsyncFlow<Trace> inner = new AsyncFlow<>();
    inner.setName("Inner");
    first.next(inner);

    Throwable thrown = catchThrowable(() -> new AsyncFlow<>(first).runAsync(trace).get(5, SECONDS));

    assertThat(thrown.getCause())
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Inner'");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void asyncNodeInASyncFlow_isRejectedBeforeAnyNodeRuns() {
    Probe first = new Probe("first");
    AsyncProbe async = new AsyncProbe();
    async.setName("Fetch");
    first.next(async);

    assertThatThrownBy(() -> new Flow<>(first).run(trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Fetch'")
        .hasMessageContaining("asynchronous");
    assertThat(trace.events).as("prep of the first node never ran").isEmpty();
  }

  @Test
  void asyncFlowInASyncFlow_isRejectedBeforeAnyNodeRuns() {
    Probe first = new Probe("first");
    AsyncFlow<Trace> asyncFlow = new AsyncFlow<>(new Probe("inside"));
    asyncFlow.setName("AsyncPart");
    first.next(asyncFlow);

    assertThatThrownBy(() -> new Flow<>(first).run(trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'AsyncPart'");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void asyncNodeDeepInANestedSyncFlow_isRejectedToo() {
    Probe first = new Probe("first");
    Probe innerStart = new Probe("inner-start");
    innerStart.next(new AsyncProbe());
    first.next(new Flow<>(innerStart));

    assertThatThrownBy(() -> new Flow<>(first).run(trace))
        .isInstanceOf(FlowDefinitionException.class);
    assertThat(trace.events).isEmpty();
  }

  @Test
  void asyncNodeInASyncFlow_isRejected_evenWhenThatSyncFlowIsNestedInAnAsyncFlow() {
    Probe innerStart = new Probe("inner-start");
    AsyncProbe async = new AsyncProbe();
    async.setName("Fetch");
    innerStart.next(async);
    Flow<Trace> syncFlow = new Flow<>(innerStart);

    Throwable thrown =
        catchThrowable(() -> new AsyncFlow<>(syncFlow).runAsync(trace).get(5, SECONDS));

    assertThat(thrown).isNotNull();
    assertThat(thrown.getCause())
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Fetch'");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void flowThatContainsItselfDirectly_isRejected() {
    Probe first = new Probe("first");
    Flow<Trace> flow = new Flow<>(first);
    flow.setName("Selfish");
    first.next(flow);

    assertThatThrownBy(() -> flow.run(trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Selfish'")
        .hasMessageContaining("contains itself");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void flowThatContainsItselfThroughAnotherNestedFlow_isRejected() {
    Probe aStart = new Probe("a-start");
    Flow<Trace> a = new Flow<>(aStart);
    a.setName("A");
    Probe bStart = new Probe("b-start");
    Flow<Trace> b = new Flow<>(bStart);
    b.setName("B");
    aStart.next(b);
    bStart.next(a);

    assertThatThrownBy(() -> a.run(trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("contains itself")
        .hasMessageContaining("A -> B -> A");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void async_flowThatContainsItself_returnsAFailedFuture() {
    Probe aStart = new Probe("a-start");
    AsyncFlow<Trace> a = new AsyncFlow<>(aStart);
    a.setName("A");
    AsyncFlow<Trace> b = new AsyncFlow<>(a);
    aStart.next(b);

    Throwable thrown = catchThrowable(() -> a.runAsync(trace).get(5, SECONDS));

    assertThat(thrown.getCause())
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("contains itself");
    assertThat(trace.events).isEmpty();
  }

  @Test
  void aFlowUsedTwiceSideBySide_isNotMistakenForOneThatContainsItself() {
    Flow<Trace> shared = new Flow<>(new Probe("shared"));
    Probe first = new Probe("first");
    first.next(shared, "x");
    first.next(new Flow<>(shared));

    new Flow<>(first).run(trace);

    assertThat(trace.events).containsExactly("first", "shared");
  }

  // ---------------------------------------------------------------- arguments

  @Test
  void retryPolicy_rejectsNegativeMaxAttempts_namingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.fixed(-1, Duration.ZERO))
        .withMessageContaining("maxAttempts")
        .withMessageContaining("-1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Probe(-2, Duration.ZERO))
        .withMessageContaining("-2");
  }

  @Test
  void retryPolicy_rejectsANegativeDelay_namingTheValue() {
    Duration negative = Duration.ofMillis(-5);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.fixed(2, negative))
        .withMessageContaining("delay")
        .withMessageContaining(negative.toString());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Probe(2, negative))
        .withMessageContaining(negative.toString());
  }

  @Test
  void parallelPolicy_rejectsAConcurrencyBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ParallelPolicy.maxConcurrency(0))
        .withMessageContaining("maxConcurrency")
        .withMessageContaining("0");
    assertThat(ParallelPolicy.maxConcurrency(1).maxConcurrency()).isEqualTo(1);
  }

  @Test
  void timeout_mustBePositive() {
    Probe node = new Probe("node");

    assertThatIllegalArgumentException().isThrownBy(() -> node.setTimeout(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> node.setTimeout(Duration.ofSeconds(-1)));
    node.setTimeout(Duration.ofSeconds(1));
    assertThat(node.timeout()).isEqualTo(Duration.ofSeconds(1));
    node.setTimeout(null);
    assertThat(node.timeout()).isNull();
  }

  @Test
  void runOptions_rejectAParamWithANullValue_namingIt() {
    Map<String, Object> params = new HashMap<>();
    params.put("model", null);

    assertThatNullPointerException()
        .isThrownBy(() -> RunOptions.builder().params(params))
        .withMessageContaining("'model'");
  }

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

  @Test
  void setName_rejectsABlankName() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Probe("  "));
  }

  // ---------------------------------------------------------------- helpers

  /** Runs a node with the given params and returns the context its post saw. */
  private RunContext contextWithParams(Map<String, ?> params) {
    Probe probe = new Probe("probe");
    probe.run(trace, RunOptions.builder().params(params).build());
    return probe.lastContext;
  }

  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
  }

  /** Records its name in prep, so that "never ran" means prep was never called. */
  private static final class Probe extends Node<Trace, Void, Void> {
    volatile RunContext lastContext;

    Probe(String name) {
      setName(name);
    }

    Probe(int maxAttempts, Duration delay) {
      super(maxAttempts, delay);
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) {
      shared.events.add(name());
      return null;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      lastContext = ctx;
      return null;
    }
  }

  private static final class AsyncProbe extends AsyncNode<Trace, Void, Void> {}
}
