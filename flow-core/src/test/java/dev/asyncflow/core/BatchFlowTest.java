package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.core.BothWays.BatchFlowHooks;
import dev.asyncflow.core.BothWays.Mode;
import dev.asyncflow.core.BothWays.NodeHooks;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch flows: the graph runs once per param map, with params merged over the flow's own. Each
 * scenario runs as a {@link BatchFlow} and as an {@link AsyncBatchFlow} ({@link Mode}).
 */
class BatchFlowTest {
  private final Trace trace = new Trace();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void graph_runsOncePerParamMap_inOrder_andEachMapWinsOverTheFlowsParams(Mode mode)
      throws Throwable {
    BaseNode<Trace> first = recorder(mode, "first");
    // a sync node, which an async batch flow runs inline
    first.next(recorder(Mode.SYNC, "second"));
    BaseNode<Trace> batch =
        mode.batchFlow(first, new Over(List.of(Map.of("lang", "fr"), Map.of("lang", "de"))));
    RunOptions options = RunOptions.builder().params(Map.of("user", "ada", "lang", "en")).build();

    mode.run(batch, trace, options);

    assertThat(trace.events)
        .containsExactly(
            "first{lang=fr, user=ada}",
            "second{lang=fr, user=ada}",
            "first{lang=de, user=ada}",
            "second{lang=de, user=ada}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eachRun_seesOnlyItsOwnMap_notThoseOfEarlierRuns(Mode mode) throws Throwable {
    BaseNode<Trace> batch =
        mode.batchFlow(recorder(mode, "node"), new Over(List.of(Map.of("x", 1), Map.of("y", 2))));

    mode.run(batch, trace);

    assertThat(trace.events).containsExactly("node{x=1}", "node{y=2}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedBatchFlows_accumulateParams(Mode mode) throws Throwable {
    BaseNode<Trace> inner =
        mode.batchFlow(
            recorder(mode, "leaf"), new Over(List.of(Map.of("b", "x"), Map.of("b", "y"))));
    BaseNode<Trace> outer =
        mode.batchFlow(inner, new Over(List.of(Map.of("a", 1), Map.of("a", 2))));

    mode.run(outer, trace);

    assertThat(trace.events)
        .containsExactly("leaf{a=1, b=x}", "leaf{a=1, b=y}", "leaf{a=2, b=x}", "leaf{a=2, b=y}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void post_receivesTheParamMaps_andANullLastAction_soTheDefaultEdgeRoutesTheParent(Mode mode)
      throws Throwable {
    BaseNode<Trace> batch =
        mode.batchFlow(
            recorder(mode, "node", "inner-end"), new Over(List.of(Map.of("k", 1))).recordingPost());
    batch.next(recorder(mode, "after-default"));
    batch.next(recorder(mode, "after-inner-end"), "inner-end");

    String action = mode.run(mode.flow(batch), trace);

    assertThat(trace.events)
        .containsExactly("node{k=1}", "batch.post([{k=1}], null)", "after-default{}");
    assertThat(action).isNull();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void prepReturningNull_runsTheGraphNever_postGetsNoParams_andTheParentFollowsTheDefault(Mode mode)
      throws Throwable {
    BaseNode<Trace> batch = mode.batchFlow(recorder(mode, "node"), new Over(null).recordingPost());
    batch.next(recorder(mode, "after"));

    mode.run(mode.flow(batch), trace);

    assertThat(trace.events).containsExactly("batch.post([], null)", "after{}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void batchFlowsPrep_seesTheEnclosingParams(Mode mode) throws Throwable {
    Over innerHooks = new Over(List.of(Map.of("b", "x")));
    Over outerHooks = new Over(List.of(Map.of("a", 1)));
    BaseNode<Trace> inner = mode.batchFlow(recorder(mode, "leaf"), innerHooks);

    mode.run(mode.batchFlow(inner, outerHooks), trace);

    assertThat(innerHooks.prepParams).containsExactly("{a=1}");
    assertThat(outerHooks.prepParams).containsExactly("{}");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void failingSubFlow_endsTheBatch_laterSubFlowsNeverStart_andTheRunFailsWithItsError(Mode mode) {
    // Given three param maps, the second of whose sub-flow fails
    IllegalStateException boom = new IllegalStateException("sub-flow 2 broke");
    BaseNode<Trace> node = mode.node(new FailsOn(2, boom));
    BaseNode<Trace> batch =
        mode.batchFlow(node, new Over(List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3))));

    // When / Then
    assertThatThrownBy(() -> mode.run(batch, trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("started{n=1}", "started{n=2}");
  }

  // ---------------------------------------------------------------- test nodes

  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
  }

  private static String sorted(Map<String, Object> params) {
    return new TreeMap<>(params).toString();
  }

  private static BaseNode<Trace> recorder(Mode mode, String name) {
    return recorder(mode, name, null);
  }

  /** A node that records its name and the params it sees, and returns {@code action}. */
  private static BaseNode<Trace> recorder(Mode mode, String name, String action) {
    BaseNode<Trace> node =
        mode.node(
            new NodeHooks<Trace, Void, Void>() {
              @Override
              public String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
                shared.events.add(name + sorted(ctx.params()));
                return action;
              }
            });
    node.setName(name);
    return node;
  }

  /** Records that it started, with its params; its exec throws when param "n" is the given one. */
  private static final class FailsOn implements NodeHooks<Trace, Void, Void> {
    private final int failingN;
    private final RuntimeException error;

    FailsOn(int failingN, RuntimeException error) {
      this.failingN = failingN;
      this.error = error;
    }

    @Override
    public Void prep(Trace shared, RunContext ctx) {
      shared.events.add("started" + sorted(ctx.params()));
      return null;
    }

    @Override
    public Void exec(Void prepResult, RunContext ctx) {
      if (ctx.param("n", Integer.class) == failingN) {
        throw error;
      }
      return null;
    }
  }

  /** A batch flow over fixed param maps; it can record what its post receives. */
  private static final class Over implements BatchFlowHooks<Trace> {
    private final List<Map<String, Object>> maps;
    private volatile boolean recordPost;
    final List<String> prepParams = new CopyOnWriteArrayList<>();

    Over(List<Map<String, Object>> maps) {
      this.maps = maps;
    }

    Over recordingPost() {
      recordPost = true;
      return this;
    }

    @Override
    public List<Map<String, Object>> prep(Trace shared, RunContext ctx) {
      prepParams.add(sorted(ctx.params()));
      return maps;
    }

    @Override
    public String post(
        Trace shared,
        Object prepResult,
        String lastAction,
        RunContext ctx,
        Callable<String> libraryDefault)
        throws Exception {
      if (recordPost) {
        shared.events.add("batch.post(" + prepResult + ", " + lastAction + ")");
      }
      return libraryDefault.call();
    }
  }
}
