package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.asyncflow.core.BothWays.FlowHooks;
import dev.asyncflow.core.BothWays.Mode;
import dev.asyncflow.core.BothWays.NodeHooks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Running graphs: routing by action, branching, loops, nesting, params and warnings. Each scenario
 * that holds for both kinds runs as a {@link Flow} of {@link Node}s and as an {@link AsyncFlow} of
 * {@link AsyncNode}s ({@link Mode}).
 */
class FlowTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  private final Trace trace = new Trace();

  // ---------------------------------------------------------------- routing

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flow_runsTheStartNode_thenTheSuccessorOfEachAction(Mode mode) throws Throwable {
    BaseNode<Trace> a = step(mode, "a", null);
    a.next(step(mode, "b", "to-c")).next(step(mode, "c", "end"), "to-c");

    String action = mode.run(mode.flow(a), trace);

    assertThat(trace.events).containsExactly("a", "b", "c");
    assertThat(action).isEqualTo("end");
  }

  static Stream<Arguments> everyModeAndChoice() {
    return Stream.of(Mode.values())
        .flatMap(mode -> Stream.of("left", "right").map(choice -> Arguments.of(mode, choice)));
  }

  @ParameterizedTest
  @MethodSource("everyModeAndChoice")
  void flow_branchesOnTheActionThatPostReturns(Mode mode, String choice) throws Throwable {
    trace.choice = choice;
    Decide decide = new Decide();
    decide.next(step(mode, "went-left", null), "left");
    decide.next(step(mode, "went-right", null), "right");

    mode.run(mode.flow(decide), trace);

    assertThat(trace.events).containsExactly("decide", "went-" + choice);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flow_canLoopBackToAnEarlierNode_throughNodesOfEitherKind(Mode mode) throws Throwable {
    Counter counter = new Counter(3);
    counter.next(step(mode, "body", null), "again").next(counter);
    counter.next(step(mode, "finish", "finished"), "done");

    String action = mode.run(mode.flow(counter), trace);

    assertThat(trace.events)
        .containsExactly("count 1", "body", "count 2", "body", "count 3", "finish");
    assertThat(action).isEqualTo("finished");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flow_returnsTheLastNodesAction_evenWhenItIsNull(Mode mode) throws Throwable {
    assertThat(mode.run(mode.flow(step(mode, "only", null)), trace)).isNull();
    assertThat(mode.run(mode.flow(step(mode, "only", "last")), trace)).isEqualTo("last");
  }

  static Stream<Arguments> everyModeAndNullOrEmptyAction() {
    return Stream.of(Mode.values())
        .flatMap(mode -> Stream.of(Arguments.of(mode, null), Arguments.of(mode, "")));
  }

  @ParameterizedTest
  @MethodSource("everyModeAndNullOrEmptyAction")
  void nullOrEmptyActionFromPost_followsTheDefaultEdge(Mode mode, String action) throws Throwable {
    BaseNode<Trace> first = step(mode, "first", action);
    first.next(step(mode, "second", null));

    mode.run(mode.flow(first), trace);

    assertThat(trace.events).containsExactly("first", "second");
    assertThat(logs.warnings()).isEmpty();
  }

  // ---------------------------------------------------------------- the flow's own hooks

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flowsOwnPrepAndPost_runAroundTheGraph_andPostCanChangeTheAction(Mode mode) throws Throwable {
    BaseNode<Trace> a = step(mode, "a", null);
    a.next(step(mode, "b", "b-action"));

    String action = mode.run(mode.flow(a, new Wrapping()), trace);

    assertThat(trace.events)
        .containsExactly("flow.prep", "a", "b", "flow.post(flow-prep-result, b-action)");
    assertThat(action).isEqualTo("flow-action");
  }

  // ---------------------------------------------------------------- ends and warnings

  @ParameterizedTest
  @EnumSource(Mode.class)
  void unknownAction_ofANodeWithOtherSuccessors_endsTheFlowWithAWarning(Mode mode)
      throws Throwable {
    trace.choice = "sideways";
    Decide decide = new Decide();
    decide.next(step(mode, "went-left", null), "left");
    decide.next(step(mode, "went-right", null), "right");

    String action = mode.run(mode.flow(decide), trace);

    assertThat(trace.events).containsExactly("decide");
    assertThat(action).isEqualTo("sideways");
    assertThat(logs.warnings())
        .singleElement(STRING)
        .contains("'sideways'")
        .contains("[left, right]");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nullActionOfANodeWithOnlyNamedSuccessors_endsTheFlowWithAWarningNamingDefault(Mode mode)
      throws Throwable {
    BaseNode<Trace> a = step(mode, "a", null);
    a.next(step(mode, "b", null), "only-this");

    mode.run(mode.flow(a), trace);

    assertThat(trace.events).containsExactly("a");
    assertThat(logs.warnings()).singleElement(STRING).contains("'default'").contains("[only-this]");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNodeWithoutSuccessors_endsTheFlowSilently(Mode mode) throws Throwable {
    BaseNode<Trace> a = step(mode, "a", null);
    a.next(step(mode, "b", "whatever"));

    String action = mode.run(mode.flow(a), trace);

    assertThat(trace.events).containsExactly("a", "b");
    assertThat(action).isEqualTo("whatever");
    assertThat(logs.warnings()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void runningAFlowAloneThatHasSuccessors_warnsThatTheyAreNotRun(Mode mode) throws Throwable {
    BaseNode<Trace> flow = mode.flow(step(mode, "inside", null));
    flow.setName("Outer");
    flow.next(step(mode, "never", null));

    mode.run(flow, trace);

    assertThat(trace.events).containsExactly("inside");
    assertThat(logs.warnings()).singleElement(STRING).contains("'Outer'").contains("not run");
  }

  // ---------------------------------------------------------------- nesting

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedFlow_runsAsANode_andItsLastActionRoutesTheParent(Mode mode) throws Throwable {
    BaseNode<Trace> innerA = step(mode, "inner-a", null);
    innerA.next(step(mode, "inner-b", "done"));
    BaseNode<Trace> inner = mode.flow(innerA);
    BaseNode<Trace> before = step(mode, "before", null);
    before.next(inner);
    inner.next(step(mode, "after-done", null), "done");
    inner.next(step(mode, "after-default", null));

    String action = mode.run(mode.flow(before), trace);

    assertThat(trace.events).containsExactly("before", "inner-a", "inner-b", "after-done");
    assertThat(action).isNull();
  }

  @Test
  void async_aSyncFlowNestedInAnAsyncFlow_routesTheParentToo() throws Throwable {
    BaseNode<Trace> innerA = step(Mode.SYNC, "inner-a", "done");
    BaseNode<Trace> inner = Mode.SYNC.flow(innerA);
    inner.next(step(Mode.ASYNC, "after-done", null), "done");
    inner.next(step(Mode.ASYNC, "after-default", null));

    Mode.ASYNC.run(Mode.ASYNC.flow(inner), trace);

    assertThat(trace.events).containsExactly("inner-a", "after-done");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nestedFlowsOwnPost_decidesTheActionThatRoutesTheParent(Mode mode) throws Throwable {
    BaseNode<Trace> inner = mode.flow(step(mode, "inner", "ignored"), new Wrapping());
    inner.next(step(mode, "after-flow-action", null), "flow-action");
    inner.next(step(mode, "after-ignored", null), "ignored");

    mode.run(mode.flow(inner), trace);

    assertThat(trace.events)
        .containsExactly(
            "flow.prep", "inner", "flow.post(flow-prep-result, ignored)", "after-flow-action");
  }

  // ---------------------------------------------------------------- params and shared store

  @ParameterizedTest
  @EnumSource(Mode.class)
  void runParams_areVisibleToEveryNode_nestedFlowsIncluded(Mode mode) throws Throwable {
    BaseNode<Trace> first = paramRecorder(mode, "first");
    BaseNode<Trace> inner = mode.flow(paramRecorder(mode, "inner"));
    // a sync node last, which an async flow runs inline
    first.next(inner).next(paramRecorder(Mode.SYNC, "last"));
    RunOptions options = RunOptions.builder().params(Map.of("user", "ada")).build();

    mode.run(mode.flow(first), trace, options);

    assertThat(trace.events).containsExactly("first:ada", "inner:ada", "last:ada");
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

  @ParameterizedTest
  @EnumSource(Mode.class)
  void uncheckedExceptionFromANode_propagatesUnchangedFromTheFlow(Mode mode) {
    RuntimeException boom = new IllegalStateException("boom");
    BaseNode<Trace> a = step(mode, "a", null);
    a.next(throwing(mode, boom)).next(step(mode, "never", null));

    assertThatThrownBy(() -> mode.run(mode.flow(a), trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("a");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void checkedExceptionFromANode_isWrappedByTheBlockingRun_andFailsTheFutureAsItIs(Mode mode) {
    IOException io = new IOException("disk");
    BaseNode<Trace> a = step(mode, "a", null);
    a.next(mode.flow(throwing(mode, io))).next(step(mode, "never", null));

    Throwable thrown = catchThrowable(() -> mode.run(mode.flow(a), trace));

    switch (mode) {
      case SYNC -> {
        assertThat(thrown).isInstanceOf(FlowException.class);
        assertThat(thrown.getCause()).isSameAs(io);
      }
      case ASYNC, ASYNC_COMPLETED -> assertThat(thrown).isSameAs(io);
    }
    assertThat(trace.events).containsExactly("a");
  }

  // ---------------------------------------------------------------- test nodes

  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile String choice;
    volatile int count;
  }

  record Order(String id, List<String> log) {}

  /** A node that records its name in post and returns a fixed action. */
  private static BaseNode<Trace> step(Mode mode, String name, String action) {
    BaseNode<Trace> node =
        mode.node(
            new NodeHooks<Trace, Void, Void>() {
              @Override
              public String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
                shared.events.add(name);
                return action;
              }
            });
    node.setName(name);
    return node;
  }

  /** A node that records its name and the "user" param in post. */
  private static BaseNode<Trace> paramRecorder(Mode mode, String name) {
    return mode.node(
        new NodeHooks<Trace, Void, Void>() {
          @Override
          public String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
            shared.events.add(name + ":" + ctx.param("user", String.class));
            return null;
          }
        });
  }

  /** A node whose prep throws {@code error}. */
  private static BaseNode<Trace> throwing(Mode mode, Exception error) {
    return mode.node(
        new NodeHooks<Trace, Void, Void>() {
          @Override
          public Void prep(Trace shared, RunContext ctx) throws Exception {
            throw error;
          }
        });
  }

  /** A flow's own prep and post around its graph; post replaces the action. */
  private static final class Wrapping implements FlowHooks<Trace> {
    @Override
    public Object prep(Trace shared, RunContext ctx) {
      shared.events.add("flow.prep");
      return "flow-prep-result";
    }

    @Override
    public String post(
        Trace shared,
        Object prepResult,
        String lastAction,
        RunContext ctx,
        Callable<String> libraryDefault) {
      shared.events.add("flow.post(" + prepResult + ", " + lastAction + ")");
      return "flow-action";
    }
  }

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
}
