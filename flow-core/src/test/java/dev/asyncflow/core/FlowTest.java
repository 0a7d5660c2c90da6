package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.later;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Running graphs: routing by action, branching, loops, nesting, params and warnings. */
class FlowTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  private final Trace trace = new Trace();

  // ---------------------------------------------------------------- routing

  @Test
  void flow_runsTheStartNode_thenTheSuccessorOfEachAction() {
    Step a = new Step("a", null);
    a.next(new Step("b", "to-c")).next(new Step("c", "end"), "to-c");

    String action = new Flow<>(a).run(trace);

    assertThat(trace.events).containsExactly("a", "b", "c");
    assertThat(action).isEqualTo("end");
  }

  @Test
  void async_flow_runsTheStartNode_thenTheSuccessorOfEachAction() throws Exception {
    AsyncStep a = new AsyncStep("a", null);
    a.next(new AsyncStep("b", "to-c")).next(new AsyncStep("c", "end"), "to-c");

    String action = new AsyncFlow<>(a).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("a", "b", "c");
    assertThat(action).isEqualTo("end");
  }

  @ParameterizedTest
  @ValueSource(strings = {"left", "right"})
  void flow_branchesOnTheActionThatPostReturns(String choice) {
    trace.choice = choice;
    Decide decide = new Decide();
    decide.next(new Step("went-left", null), "left");
    decide.next(new Step("went-right", null), "right");

    new Flow<>(decide).run(trace);

    assertThat(trace.events).containsExactly("decide", "went-" + choice);
  }

  @ParameterizedTest
  @ValueSource(strings = {"left", "right"})
  void async_flow_branchesOnTheActionThatPostReturns(String choice) throws Exception {
    trace.choice = choice;
    Decide decide = new Decide();
    decide.next(new AsyncStep("went-left", null), "left");
    decide.next(new AsyncStep("went-right", null), "right");

    new AsyncFlow<>(decide).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("decide", "went-" + choice);
  }

  @Test
  void flow_canLoopBackToAnEarlierNode() {
    Counter counter = new Counter(3);
    counter.next(new Step("body", null), "again").next(counter);
    counter.next(new Step("finish", "finished"), "done");

    String action = new Flow<>(counter).run(trace);

    assertThat(trace.events)
        .containsExactly("count 1", "body", "count 2", "body", "count 3", "finish");
    assertThat(action).isEqualTo("finished");
  }

  @Test
  void async_flow_canLoopBackToAnEarlierNode_mixingSyncAndAsyncNodes() throws Exception {
    Counter counter = new Counter(3);
    counter.next(new AsyncStep("body", null), "again").next(counter);
    counter.next(new AsyncStep("finish", "finished"), "done");

    String action = new AsyncFlow<>(counter).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events)
        .containsExactly("count 1", "body", "count 2", "body", "count 3", "finish");
    assertThat(action).isEqualTo("finished");
  }

  @Test
  void flow_returnsTheLastNodesAction_evenWhenItIsNull() {
    assertThat(new Flow<>(new Step("only", null)).run(trace)).isNull();
    assertThat(new Flow<>(new Step("only", "last")).run(trace)).isEqualTo("last");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void nullOrEmptyActionFromPost_followsTheDefaultEdge(String action) {
    Step first = new Step("first", action);
    first.next(new Step("second", null));

    new Flow<>(first).run(trace);

    assertThat(trace.events).containsExactly("first", "second");
    assertThat(logs.warnings()).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void async_nullOrEmptyActionFromPost_followsTheDefaultEdge(String action) throws Exception {
    AsyncStep first = new AsyncStep("first", action);
    first.next(new AsyncStep("second", null));

    new AsyncFlow<>(first).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("first", "second");
    assertThat(logs.warnings()).isEmpty();
  }

  // ---------------------------------------------------------------- the flow's own hooks

  @Test
  void flowsOwnPrepAndPost_runAroundTheGraph_andPostCanChangeTheAction() {
    Step a = new Step("a", null);
    a.next(new Step("b", "b-action"));

    String action = new Wrapping(a).run(trace);

    assertThat(trace.events)
        .containsExactly("flow.prep", "a", "b", "flow.post(flow-prep-result, b-action)");
    assertThat(action).isEqualTo("flow-action");
  }

  @Test
  void async_flowsOwnPrepAndPost_runAroundTheGraph_andPostCanChangeTheAction() throws Exception {
    AsyncStep a = new AsyncStep("a", null);
    a.next(new AsyncStep("b", "b-action"));

    String action = new AsyncWrapping(a).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events)
        .containsExactly("flow.prep", "a", "b", "flow.post(flow-prep-result, b-action)");
    assertThat(action).isEqualTo("flow-action");
  }

  // ---------------------------------------------------------------- ends and warnings

  @Test
  void unknownAction_ofANodeWithOtherSuccessors_endsTheFlowWithAWarning() {
    trace.choice = "sideways";
    Decide decide = new Decide();
    decide.next(new Step("went-left", null), "left");
    decide.next(new Step("went-right", null), "right");

    String action = new Flow<>(decide).run(trace);

    assertThat(trace.events).containsExactly("decide");
    assertThat(action).isEqualTo("sideways");
    assertThat(logs.warnings())
        .singleElement(STRING)
        .contains("'sideways'")
        .contains("[left, right]");
  }

  @Test
  void async_unknownAction_ofANodeWithOtherSuccessors_endsTheFlowWithAWarning() throws Exception {
    trace.choice = "sideways";
    Decide decide = new Decide();
    decide.next(new AsyncStep("went-left", null), "left");
    decide.next(new AsyncStep("went-right", null), "right");

    String action = new AsyncFlow<>(decide).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("decide");
    assertThat(action).isEqualTo("sideways");
    assertThat(logs.warnings())
        .singleElement(STRING)
        .contains("'sideways'")
        .contains("[left, right]");
  }

  @Test
  void nullActionOfANodeWithOnlyNamedSuccessors_endsTheFlowWithAWarningNamingDefault() {
    Step a = new Step("a", null);
    a.next(new Step("b", null), "only-this");

    new Flow<>(a).run(trace);

    assertThat(trace.events).containsExactly("a");
    assertThat(logs.warnings()).singleElement(STRING).contains("'default'").contains("[only-this]");
  }

  @Test
  void aNodeWithoutSuccessors_endsTheFlowSilently() {
    Step a = new Step("a", null);
    a.next(new Step("b", "whatever"));

    String action = new Flow<>(a).run(trace);

    assertThat(trace.events).containsExactly("a", "b");
    assertThat(action).isEqualTo("whatever");
    assertThat(logs.warnings()).isEmpty();
  }

  @Test
  void async_aNodeWithoutSuccessors_endsTheFlowSilently() throws Exception {
    AsyncStep a = new AsyncStep("a", null);
    a.next(new AsyncStep("b", "whatever"));

    String action = new AsyncFlow<>(a).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("a", "b");
    assertThat(action).isEqualTo("whatever");
    assertThat(logs.warnings()).isEmpty();
  }

  @Test
  void runningAFlowAloneThatHasSuccessors_warnsThatTheyAreNotRun() {
    Flow<Trace> flow = new Flow<>(new Step("inside", null));
    flow.setName("Outer");
    flow.next(new Step("never", null));

    flow.run(trace);

    assertThat(trace.events).containsExactly("inside");
    assertThat(logs.warnings()).singleElement(STRING).contains("'Outer'").contains("not run");
  }

  @Test
  void async_runningAFlowAloneThatHasSuccessors_warnsThatTheyAreNotRun() throws Exception {
    AsyncFlow<Trace> flow = new AsyncFlow<>(new AsyncStep("inside", null));
    flow.setName("Outer");
    flow.next(new AsyncStep("never", null));

    flow.runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("inside");
    assertThat(logs.warnings()).singleElement(STRING).contains("'Outer'").contains("not run");
  }

  // ---------------------------------------------------------------- nesting

  @Test
  void nestedFlow_runsAsANode_andItsLastActionRoutesTheParent() {
    Step innerA = new Step("inner-a", null);
    innerA.next(new Step("inner-b", "done"));
    Flow<Trace> inner = new Flow<>(innerA);
    Step before = new Step("before", null);
    before.next(inner);
    inner.next(new Step("after-done", null), "done");
    inner.next(new Step("after-default", null));

    String action = new Flow<>(before).run(trace);

    assertThat(trace.events).containsExactly("before", "inner-a", "inner-b", "after-done");
    assertThat(action).isNull();
  }

  @Test
  void async_nestedFlow_runsAsANode_andItsLastActionRoutesTheParent() throws Exception {
    AsyncStep innerA = new AsyncStep("inner-a", null);
    innerA.next(new AsyncStep("inner-b", "done"));
    AsyncFlow<Trace> inner = new AsyncFlow<>(innerA);
    AsyncStep before = new AsyncStep("before", null);
    before.next(inner);
    inner.next(new AsyncStep("after-done", null), "done");
    inner.next(new AsyncStep("after-default", null));

    new AsyncFlow<>(before).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("before", "inner-a", "inner-b", "after-done");
  }

  @Test
  void async_aSyncFlowNestedInAnAsyncFlow_routesTheParentToo() throws Exception {
    Step innerA = new Step("inner-a", "done");
    Flow<Trace> inner = new Flow<>(innerA);
    inner.next(new AsyncStep("after-done", null), "done");
    inner.next(new AsyncStep("after-default", null));

    new AsyncFlow<>(inner).runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).containsExactly("inner-a", "after-done");
  }

  @Test
  void nestedFlowsOwnPost_decidesTheActionThatRoutesTheParent() {
    Wrapping inner = new Wrapping(new Step("inner", "ignored"));
    inner.next(new Step("after-flow-action", null), "flow-action");
    inner.next(new Step("after-ignored", null), "ignored");

    new Flow<>(inner).run(trace);

    assertThat(trace.events)
        .containsExactly(
            "flow.prep", "inner", "flow.post(flow-prep-result, ignored)", "after-flow-action");
  }

  // ---------------------------------------------------------------- params and shared store

  @Test
  void runParams_areVisibleToEveryNode_nestedFlowsIncluded() {
    ParamRecorder first = new ParamRecorder("first");
    Flow<Trace> inner = new Flow<>(new ParamRecorder("inner"));
    first.next(inner).next(new ParamRecorder("last"));
    RunOptions options = RunOptions.builder().params(Map.of("user", "ada")).build();

    new Flow<>(first).run(trace, options);

    assertThat(trace.events).containsExactly("first:ada", "inner:ada", "last:ada");
  }

  @Test
  void async_runParams_areVisibleToEveryNode_nestedFlowsIncluded() throws Exception {
    AsyncParamRecorder first = new AsyncParamRecorder("first");
    AsyncFlow<Trace> inner = new AsyncFlow<>(new AsyncParamRecorder("inner"));
    first.next(inner).next(new ParamRecorder("last-sync"));
    RunOptions options = RunOptions.builder().params(Map.of("user", "ada")).build();

    new AsyncFlow<>(first).runAsync(trace, options).get(5, SECONDS);

    assertThat(trace.events).containsExactly("first:ada", "inner:ada", "last-sync:ada");
  }

  @Test
  void aRecordCanBeTheSharedStore() {
    Order order = new Order("o-17", new ArrayList<>());
    OrderStep validate = new OrderStep("validate");
    validate.next(new OrderStep("ship"));

    new Flow<>(validate).run(order);

    assertThat(order.log()).containsExactly("validate O-17", "ship O-17");
  }

  // ---------------------------------------------------------------- threads and errors

  @Test
  void blockingRun_callsEveryHook_nestedFlowsIncluded_onTheCallingThread() {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    RunOptions timerOnOtherThread =
        RunOptions.builder()
            .scheduler(
                (delay, task) -> {
                  new Thread(task).start();
                  return () -> {};
                })
            .build();
    ThreadRecorder first = new ThreadRecorder(threads);
    ThreadFlow inner = new ThreadFlow(new ThreadRecorder(threads), threads);
    first.next(inner);

    new ThreadFlow(first, threads).run(trace, timerOnOtherThread);

    // outer prep, first (prep, 2 exec attempts, post), inner prep, inner node (4), inner post,
    // outer post
    assertThat(threads).hasSize(12).containsOnly(Thread.currentThread());
  }

  @Test
  void uncheckedExceptionFromANode_propagatesUnchangedFromTheFlow() {
    RuntimeException boom = new IllegalStateException("boom");
    Step a = new Step("a", null);
    a.next(new Throwing(boom)).next(new Step("never", null));

    assertThatThrownBy(() -> new Flow<>(a).run(trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("a");
  }

  @Test
  void checkedExceptionFromANode_isWrappedInFlowException_byTheBlockingRun() {
    IOException io = new IOException("disk");
    Flow<Trace> flow = new Flow<>(new Flow<>(new Throwing(io)));

    Throwable thrown = catchThrowable(() -> flow.run(trace));

    assertThat(thrown).isInstanceOf(FlowException.class);
    assertThat(thrown.getCause()).isSameAs(io);
  }

  @Test
  void async_exceptionFromANode_failsTheFlowsFutureWithTheOriginal() {
    IOException io = new IOException("disk");
    AsyncStep a = new AsyncStep("a", null);
    a.next(new Throwing(io)).next(new AsyncStep("never", null));

    Throwable thrown = catchThrowable(() -> new AsyncFlow<>(a).runAsync(trace).get(5, SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(io);
    assertThat(trace.events).containsExactly("a");
  }

  // ---------------------------------------------------------------- test nodes

  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile String choice;
    volatile int count;
  }

  record Order(String id, List<String> log) {}

  /** Records its name in post and returns a fixed action. */
  private static final class Step extends Node<Trace, Void, Void> {
    private final String action;

    Step(String name, String action) {
      setName(name);
      this.action = action;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      shared.events.add(name());
      return action;
    }
  }

  private static final class AsyncStep extends AsyncNode<Trace, Void, Void> {
    private final String action;

    AsyncStep(String name, String action) {
      setName(name);
      this.action = action;
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      return later(
          () -> {
            shared.events.add(name());
            return action;
          });
    }
  }

  /** Returns the action stored in the trace. */
  private static final class Decide extends Node<Trace, String, String> {
    @Override
    protected String prep(Trace shared, RunContext ctx) {
      return shared.choice;
    }

    @Override
    protected String exec(String choice, RunContext ctx) {
      return choice;
    }

    @Override
    protected String post(Trace shared, String prepResult, String choice, RunContext ctx) {
      shared.events.add("decide");
      return choice;
    }
  }

  /** Counts its runs; "again" until the limit, then "done". */
  private static final class Counter extends Node<Trace, Void, Void> {
    private final int limit;

    Counter(int limit) {
      this.limit = limit;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      int count = ++shared.count;
      shared.events.add("count " + count);
      return count < limit ? "again" : "done";
    }
  }

  private static final class Wrapping extends Flow<Trace> {
    Wrapping(BaseNode<Trace> start) {
      super(start);
    }

    @Override
    protected Object prep(Trace shared, RunContext ctx) {
      shared.events.add("flow.prep");
      return "flow-prep-result";
    }

    @Override
    protected String post(Trace shared, Object prepResult, String lastAction, RunContext ctx) {
      shared.events.add("flow.post(" + prepResult + ", " + lastAction + ")");
      return "flow-action";
    }
  }

  private static final class AsyncWrapping extends AsyncFlow<Trace> {
    AsyncWrapping(BaseNode<Trace> start) {
      super(start);
    }

    @Override
    protected CompletionStage<?> prepAsync(Trace shared, RunContext ctx) {
      return later(
          () -> {
            shared.events.add("flow.prep");
            return "flow-prep-result";
          });
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, Object prepResult, String lastAction, RunContext ctx) {
      shared.events.add("flow.post(" + prepResult + ", " + lastAction + ")");
      return CompletableFuture.completedFuture("flow-action");
    }
  }

  private static final class ParamRecorder extends Node<Trace, Void, Void> {
    ParamRecorder(String name) {
      setName(name);
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      shared.events.add(name() + ":" + ctx.param("user"));
      return null;
    }
  }

  private static final class AsyncParamRecorder extends AsyncNode<Trace, Void, Void> {
    AsyncParamRecorder(String name) {
      setName(name);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      return later(
          () -> {
            shared.events.add(name() + ":" + ctx.param("user", String.class));
            return null;
          });
    }
  }

  private static final class OrderStep extends Node<Order, String, String> {
    OrderStep(String name) {
      setName(name);
    }

    @Override
    protected String prep(Order order, RunContext ctx) {
      return order.id();
    }

    @Override
    protected String exec(String id, RunContext ctx) {
      return id.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    protected String post(Order order, String id, String upper, RunContext ctx) {
      order.log().add(name() + " " + upper);
      return null;
    }
  }

  /** Records the thread of each hook; its first exec attempt fails and waits before a retry. */
  private static final class ThreadRecorder extends Node<Trace, Void, Void> {
    private final List<Thread> threads;

    ThreadRecorder(List<Thread> threads) {
      super(2, Duration.ofMillis(1));
      this.threads = threads;
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) {
      threads.add(Thread.currentThread());
      return null;
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) {
      threads.add(Thread.currentThread());
      if (ctx.attempt() == 0) {
        throw new IllegalStateException("first attempt fails");
      }
      return null;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      threads.add(Thread.currentThread());
      return null;
    }
  }

  private static final class ThreadFlow extends Flow<Trace> {
    private final List<Thread> threads;

    ThreadFlow(BaseNode<Trace> start, List<Thread> threads) {
      super(start);
      this.threads = threads;
    }

    @Override
    protected Object prep(Trace shared, RunContext ctx) {
      threads.add(Thread.currentThread());
      return null;
    }

    @Override
    protected String post(Trace shared, Object prepResult, String lastAction, RunContext ctx) {
      threads.add(Thread.currentThread());
      return lastAction;
    }
  }

  private static final class Throwing extends Node<Trace, Void, Void> {
    private final Exception error;

    Throwing(Exception error) {
      this.error = error;
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) throws Exception {
      throw error;
    }
  }
}
