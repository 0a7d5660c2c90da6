package dev.asyncflow.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asyncflow.core.BothWays.Mode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flow definitions that cannot run fail before any node runs, and say why. Scenarios that hold for
 * both kinds of flow run as a {@link Flow} and as an {@link AsyncFlow} ({@link Mode}). Rejected
 * arguments are tested beside their types (RetryPolicyTest, ParallelPolicyTest, RunOptionsTest,
 * RunContextTest, TimeoutTest, NodeTest).
 */
class ValidationTest {
  private final Trace trace = new Trace();

  // ---------------------------------------------------------------- flow definitions

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flowWithoutStartNode_failsTheRun_namingTheFlow(Mode mode) {
    BaseNode<Trace> flow = mode.emptyFlow();
    flow.setName("Pipeline");

    assertThatThrownBy(() -> mode.run(flow, trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Pipeline'")
        .hasMessageContaining("no start node");
  }

  @Test
  void runAsync_ofAFlowWithoutStartNode_returnsAFutureThatHasAlreadyFailed() {
    AsyncFlow<Trace> flow = new AsyncFlow<>();

    assertThat(flow.runAsync(trace)).isCompletedExceptionally();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedFlowWithoutStartNode_failsTheRunBeforeAnyNodeRuns_namingTheNestedFlow(Mode mode) {
    Probe first = new Probe("first");
    BaseNode<Trace> inner = mode.emptyFlow();
    inner.setName("Inner");
    first.next(inner);

    assertThatThrownBy(() -> mode.run(mode.flow(first), trace))
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

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flowThatContainsItselfThroughAnotherNestedFlow_isRejected(Mode mode) {
    Probe aStart = new Probe("a-start");
    BaseNode<Trace> a = mode.flow(aStart);
    a.setName("A");
    Probe bStart = new Probe("b-start");
    BaseNode<Trace> b = mode.flow(bStart);
    b.setName("B");
    aStart.next(b);
    bStart.next(a);

    assertThatThrownBy(() -> mode.run(a, trace))
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("contains itself")
        .hasMessageContaining("A -> B -> A");
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

  // ---------------------------------------------------------------- helpers

  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
  }

  /** Records its name in prep, so that "never ran" means prep was never called. */
  private static final class Probe extends Node<Trace, Void, Void> {
    Probe(String name) {
      setName(name);
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) {
      shared.events.add(name());
      return null;
    }
  }

  private static final class AsyncProbe extends AsyncNode<Trace, Void, Void> {}
}
