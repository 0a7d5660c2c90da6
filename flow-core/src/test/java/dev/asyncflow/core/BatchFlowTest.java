package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static dev.asyncflow.core.TestFutures.later;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Batch flows: the graph runs once per param map, with params merged over the flow's own. */
class BatchFlowTest {
  private final Trace trace = new Trace();

  @Test
  void graph_runsOncePerParamMap_inOrder_andEachMapWinsOverTheFlowsParams() {
    Recorder first = new Recorder("first");
    first.next(new Recorder("second"));
    Over batch = new Over(first, List.of(Map.of("lang", "fr"), Map.of("lang", "de")));
    RunOptions options = RunOptions.builder().params(Map.of("user", "ada", "lang", "en")).build();

    batch.run(trace, options);

    assertThat(trace.events)
        .containsExactly(
            "first{lang=fr, user=ada}",
            "second{lang=fr, user=ada}",
            "first{lang=de, user=ada}",
            "second{lang=de, user=ada}");
  }

  @Test
  void async_graph_runsOncePerParamMap_inOrder_andEachMapWinsOverTheFlowsParams() throws Exception {
    AsyncRecorder first = new AsyncRecorder("first");
    first.next(new Recorder("second"));
    AsyncOver batch = new AsyncOver(first, List.of(Map.of("lang", "fr"), Map.of("lang", "de")));
    RunOptions options = RunOptions.builder().params(Map.of("user", "ada", "lang", "en")).build();

    batch.runAsync(trace, options).get(5, SECONDS);

    assertThat(trace.events)
        .containsExactly(
            "first{lang=fr, user=ada}",
            "second{lang=fr, user=ada}",
            "first{lang=de, user=ada}",
            "second{lang=de, user=ada}");
  }

  @Test
  void eachRun_seesOnlyItsOwnMap_notThoseOfEarlierRuns() {
    Over batch = new Over(new Recorder("node"), List.of(Map.of("x", 1), Map.of("y", 2)));

    batch.run(trace);

    assertThat(trace.events).containsExactly("node{x=1}", "node{y=2}");
  }

  @Test
  void nestedBatchFlows_accumulateParams() {
    Over inner = new Over(new Recorder("leaf"), List.of(Map.of("b", "x"), Map.of("b", "y")));
    Over outer = new Over(inner, List.of(Map.of("a", 1), Map.of("a", 2)));

    outer.run(trace);

    assertThat(trace.events)
        .containsExactly("leaf{a=1, b=x}", "leaf{a=1, b=y}", "leaf{a=2, b=x}", "leaf{a=2, b=y}");
  }

  @Test
  void async_nestedBatchFlows_accumulateParams() throws Exception {
    AsyncOver inner =
        new AsyncOver(new AsyncRecorder("leaf"), List.of(Map.of("b", "x"), Map.of("b", "y")));
    AsyncOver outer = new AsyncOver(inner, List.of(Map.of("a", 1), Map.of("a", 2)));

    outer.runAsync(trace).get(5, SECONDS);

    assertThat(trace.events)
        .containsExactly("leaf{a=1, b=x}", "leaf{a=1, b=y}", "leaf{a=2, b=x}", "leaf{a=2, b=y}");
  }

  @Test
  void post_receivesTheParamMaps_andANullLastAction_soTheDefaultEdgeRoutesTheParent() {
    Over batch = new Over(new Recorder("node", "inner-end"), List.of(Map.of("k", 1)), true);
    batch.next(new Recorder("after-default"));
    batch.next(new Recorder("after-inner-end"), "inner-end");

    String action = new Flow<>(batch).run(trace);

    assertThat(trace.events)
        .containsExactly("node{k=1}", "batch.post([{k=1}], null)", "after-default{}");
    assertThat(action).isNull();
  }

  @Test
  void async_post_receivesTheParamMaps_andANullLastAction_soTheDefaultEdgeRoutesTheParent()
      throws Exception {
    AsyncOver batch =
        new AsyncOver(new AsyncRecorder("node", "inner-end"), List.of(Map.of("k", 1)), true);
    batch.next(new AsyncRecorder("after-default"));
    batch.next(new AsyncRecorder("after-inner-end"), "inner-end");

    new AsyncFlow<>(batch).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events)
        .containsExactly("node{k=1}", "batch.post([{k=1}], null)", "after-default{}");
  }

  @Test
  void prepReturningNull_runsTheGraphNever_postGetsNoParams_andTheParentFollowsTheDefault() {
    Over batch = new Over(new Recorder("node"), null, true);
    batch.next(new Recorder("after"));

    new Flow<>(batch).run(trace);

    assertThat(trace.events).containsExactly("batch.post([], null)", "after{}");
  }

  @Test
  void async_prepYieldingNull_runsTheGraphNever_postGetsNoParams_andTheParentFollowsTheDefault()
      throws Exception {
    AsyncOver batch = new AsyncOver(new AsyncRecorder("node"), null, true);
    batch.next(new AsyncRecorder("after"));

    new AsyncFlow<>(batch).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("batch.post([], null)", "after{}");
  }

  @Test
  void batchFlowsPrep_seesTheEnclosingParams() {
    Over inner = new Over(new Recorder("leaf"), List.of(Map.of("b", "x")));
    Over outer = new Over(inner, List.of(Map.of("a", 1)));

    outer.run(trace);

    assertThat(inner.prepParams).containsExactly("{a=1}");
    assertThat(outer.prepParams).containsExactly("{}");
  }

  @Test
  void failingSubFlow_endsTheBatch_laterSubFlowsNeverStart_andTheRunFailsWithItsError() {
    // Given three param maps, the second of whose sub-flow fails
    IllegalStateException boom = new IllegalStateException("sub-flow 2 broke");
    FailsOn node = new FailsOn(2, boom);
    Over batch = new Over(node, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

    // When / Then
    assertThatThrownBy(() -> batch.run(trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("started{n=1}", "started{n=2}");
  }

  @Test
  void async_failingSubFlow_endsTheBatch_laterSubFlowsNeverStart_andTheRunFailsWithItsError() {
    // Given three param maps, the second of whose sub-flow fails on another thread
    IllegalStateException boom = new IllegalStateException("sub-flow 2 broke");
    AsyncFailsOn node = new AsyncFailsOn(2, boom);
    AsyncOver batch = new AsyncOver(node, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

    // When
    CompletableFuture<String> run = batch.runAsync(trace);

    // Then
    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(trace.events).containsExactly("started{n=1}", "started{n=2}");
  }

  // ---------------------------------------------------------------- test nodes

  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
  }

  private static String sorted(Map<String, Object> params) {
    return new TreeMap<>(params).toString();
  }

  /** Records its name and the params it sees. */
  private static final class Recorder extends Node<Trace, Void, Void> {
    private final String action;

    Recorder(String name) {
      this(name, null);
    }

    Recorder(String name, String action) {
      setName(name);
      this.action = action;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      shared.events.add(name() + sorted(ctx.params()));
      return action;
    }
  }

  private static final class AsyncRecorder extends AsyncNode<Trace, Void, Void> {
    private final String action;

    AsyncRecorder(String name) {
      this(name, null);
    }

    AsyncRecorder(String name, String action) {
      setName(name);
      this.action = action;
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      return later(
          () -> {
            shared.events.add(name() + sorted(ctx.params()));
            return action;
          });
    }
  }

  /** Records that it started, with its params; its exec throws when param "n" is the given one. */
  private static final class FailsOn extends Node<Trace, Void, Void> {
    private final int failingN;
    private final RuntimeException error;

    FailsOn(int failingN, RuntimeException error) {
      this.failingN = failingN;
      this.error = error;
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) {
      shared.events.add("started" + sorted(ctx.params()));
      return null;
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) {
      if (ctx.param("n", Integer.class) == failingN) {
        throw error;
      }
      return null;
    }
  }

  private static final class AsyncFailsOn extends AsyncNode<Trace, Void, Void> {
    private final int failingN;
    private final RuntimeException error;

    AsyncFailsOn(int failingN, RuntimeException error) {
      this.failingN = failingN;
      this.error = error;
    }

    @Override
    protected CompletionStage<Void> prepAsync(Trace shared, RunContext ctx) {
      shared.events.add("started" + sorted(ctx.params()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<Void> execAsync(Void prepResult, RunContext ctx) {
      return later(
          () -> {
            if (ctx.param("n", Integer.class) == failingN) {
              throw error;
            }
            return null;
          });
    }
  }

  /** A batch flow over fixed param maps; it can record what its post receives. */
  private static final class Over extends BatchFlow<Trace> {
    private final List<Map<String, Object>> maps;
    private final boolean recordPost;
    final List<String> prepParams = new CopyOnWriteArrayList<>();

    Over(BaseNode<Trace> start, List<Map<String, Object>> maps) {
      this(start, maps, false);
    }

    Over(BaseNode<Trace> start, List<Map<String, Object>> maps, boolean recordPost) {
      super(start);
      this.maps = maps;
      this.recordPost = recordPost;
    }

    @Override
    protected List<Map<String, Object>> prep(Trace shared, RunContext ctx) {
      prepParams.add(sorted(ctx.params()));
      return maps;
    }

    @Override
    protected String post(Trace shared, Object prepResult, String lastAction, RunContext ctx)
        throws Exception {
      if (recordPost) {
        shared.events.add("batch.post(" + prepResult + ", " + lastAction + ")");
      }
      return super.post(shared, prepResult, lastAction, ctx);
    }
  }

  private static final class AsyncOver extends AsyncBatchFlow<Trace> {
    private final List<Map<String, Object>> maps;
    private final boolean recordPost;

    AsyncOver(BaseNode<Trace> start, List<Map<String, Object>> maps) {
      this(start, maps, false);
    }

    AsyncOver(BaseNode<Trace> start, List<Map<String, Object>> maps, boolean recordPost) {
      super(start);
      this.maps = maps;
      this.recordPost = recordPost;
    }

    @Override
    protected CompletionStage<List<Map<String, Object>>> prepAsync(Trace shared, RunContext ctx) {
      return later(() -> maps);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, Object prepResult, String lastAction, RunContext ctx) throws Exception {
      if (recordPost) {
        shared.events.add("batch.post(" + prepResult + ", " + lastAction + ")");
      }
      return super.postAsync(shared, prepResult, lastAction, ctx);
    }
  }
}
