package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The events a {@link FlowListener} receives, in order, and listeners that misbehave. */
class ListenerTest {

  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /** Records every event as one line of text. */
  private static final class Recording extends FlowListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void flowStarted(BaseNode<?> flow, RunContext context) {
      events.add("flowStarted " + flow.name());
    }

    @Override
    public void flowFinished(BaseNode<?> flow, RunContext context, String action) {
      events.add("flowFinished " + flow.name() + " " + action);
    }

    @Override
    public void flowFailed(BaseNode<?> flow, RunContext context, Throwable error) {
      errors.add(error);
      events.add("flowFailed " + flow.name() + " " + error.getClass().getSimpleName());
    }

    @Override
    public void nodeStarted(BaseNode<?> node, RunContext context) {
      events.add("nodeStarted " + node.name());
    }

    @Override
    public void nodeFinished(BaseNode<?> node, RunContext context, String action) {
      events.add("nodeFinished " + node.name() + " " + action);
    }

    @Override
    public void nodeFailed(BaseNode<?> node, RunContext context, Throwable error) {
      errors.add(error);
      events.add("nodeFailed " + node.name() + " " + error.getClass().getSimpleName());
    }

    @Override
    public void retryScheduled(
        BaseNode<?> node, RunContext context, Throwable error, Duration delay) {
      errors.add(error);
      events.add(
          "retryScheduled "
              + node.name()
              + " attempt "
              + context.attempt()
              + " in "
              + delay
              + " after "
              + error.getMessage());
    }

    @Override
    public void fallbackInvoked(BaseNode<?> node, RunContext context, Throwable error) {
      errors.add(error);
      events.add(
          "fallbackInvoked "
              + node.name()
              + " attempt "
              + context.attempt()
              + " after "
              + error.getMessage());
    }
  }

  /** Throws from every event: an unchecked exception, or an {@link Error} when asked to. */
  private static final class Throwing extends FlowListener {
    private final boolean errors;

    Throwing() {
      this(false);
    }

    Throwing(boolean errors) {
      this.errors = errors;
    }

    @Override
    public String toString() {
      return "TheThrowingListener";
    }

    private void fail(String event) {
      if (errors) {
        throw new ListenerBug(event);
      }
      throw new IllegalStateException(event);
    }

    @Override
    public void flowStarted(BaseNode<?> flow, RunContext context) {
      fail("flowStarted");
    }

    @Override
    public void flowFinished(BaseNode<?> flow, RunContext context, String action) {
      fail("flowFinished");
    }

    @Override
    public void flowFailed(BaseNode<?> flow, RunContext context, Throwable error) {
      fail("flowFailed");
    }

    @Override
    public void nodeStarted(BaseNode<?> node, RunContext context) {
      fail("nodeStarted");
    }

    @Override
    public void nodeFinished(BaseNode<?> node, RunContext context, String action) {
      fail("nodeFinished");
    }

    @Override
    public void nodeFailed(BaseNode<?> node, RunContext context, Throwable error) {
      fail("nodeFailed");
    }

    @Override
    public void retryScheduled(
        BaseNode<?> node, RunContext context, Throwable error, Duration delay) {
      fail("retryScheduled");
    }

    @Override
    public void fallbackInvoked(BaseNode<?> node, RunContext context, Throwable error) {
      fail("fallbackInvoked");
    }
  }

  /** An error a buggy listener might throw. */
  private static final class ListenerBug extends Error {
    private static final long serialVersionUID = 1L;

    ListenerBug(String message) {
      super(message);
    }
  }

  /** A: returns "x". */
  private static AsyncNode<Map<String, Object>, Object, Object> nodeA() {
    AsyncNode<Map<String, Object>, Object, Object> a =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
            return CompletableFuture.completedFuture("x");
          }
        };
    a.setName("A");
    return a;
  }

  /** B: two attempts that fail, then a fallback value; post writes it and returns "done". */
  private static AsyncNode<Map<String, Object>, Object, String> nodeB() {
    AsyncNode<Map<String, Object>, Object, String> b =
        new AsyncNode<>(RetryPolicy.fixed(2, Duration.ZERO)) {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return CompletableFuture.failedFuture(
                new IllegalStateException("fail " + context.attempt()));
          }

          @Override
          protected CompletionStage<String> execFallbackAsync(
              Object prepResult, Exception error, RunContext context) {
            return CompletableFuture.completedFuture("fallback");
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            shared.put("b", execResult);
            return CompletableFuture.completedFuture("done");
          }
        };
    b.setName("B");
    return b;
  }

  private static AsyncFlow<Map<String, Object>> pipeline() {
    AsyncNode<Map<String, Object>, Object, Object> a = nodeA();
    a.next(nodeB(), "x");
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(a);
    flow.setName("Pipeline");
    return flow;
  }

  private static final List<String> PIPELINE_EVENTS =
      List.of(
          "flowStarted Pipeline",
          "nodeStarted A",
          "nodeFinished A x",
          "nodeStarted B",
          "retryScheduled B attempt 0 in PT0S after fail 0",
          "fallbackInvoked B attempt 1 after fail 1",
          "nodeFinished B done",
          "flowFinished Pipeline done");

  @Test
  void successfulRun_reportsEventsInExactOrder() throws Exception {
    Recording recording = new Recording();

    String action =
        pipeline()
            .runAsync(shared, RunOptions.builder().listener(recording).build())
            .get(5, TimeUnit.SECONDS);

    assertThat(action).isEqualTo("done");
    assertThat(recording.events).containsExactlyElementsOf(PIPELINE_EVENTS);
  }

  @Test
  void failingNode_reportsNodeFailedThenFlowFailed_withTheSameError() {
    // Given B without a fallback: its single attempt fails the run
    IllegalStateException boom = new IllegalStateException("boom");
    AsyncNode<Map<String, Object>, Object, Object> a = nodeA();
    AsyncNode<Map<String, Object>, Object, Object> b =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            return CompletableFuture.failedFuture(boom);
          }
        };
    b.setName("B");
    a.next(b, "x");
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(a);
    flow.setName("Pipeline");
    Recording recording = new Recording();

    // When
    CompletableFuture<String> run =
        flow.runAsync(shared, RunOptions.builder().listener(recording).build());

    // Then
    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(recording.events)
        .containsExactly(
            "flowStarted Pipeline",
            "nodeStarted A",
            "nodeFinished A x",
            "nodeStarted B",
            "fallbackInvoked B attempt 0 after boom",
            "nodeFailed B IllegalStateException",
            "flowFailed Pipeline IllegalStateException");
    assertThat(recording.errors).containsOnly(boom);
  }

  @Test
  void cancelledRun_reportsNodeFailedAndFlowFailedWithCancellationException() {
    CompletableFuture<String> held = new CompletableFuture<>();
    AsyncNode<Map<String, Object>, Object, String> a =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return held;
          }
        };
    a.setName("A");
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(a);
    flow.setName("Pipeline");
    Recording recording = new Recording();
    CompletableFuture<String> run =
        flow.runAsync(shared, RunOptions.builder().listener(recording).build());

    run.cancel(true);

    assertThat(recording.events)
        .containsExactly(
            "flowStarted Pipeline",
            "nodeStarted A",
            "nodeFailed A CancellationException",
            "flowFailed Pipeline CancellationException");
  }

  @Test
  void cancelledNestedRun_reportsFailuresFromTheInnermostNodeOutwards() {
    AsyncNode<Map<String, Object>, Object, String> a =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return new CompletableFuture<>();
          }
        };
    a.setName("A");
    AsyncFlow<Map<String, Object>> inner = new AsyncFlow<>(a);
    inner.setName("Inner");
    AsyncFlow<Map<String, Object>> outer = new AsyncFlow<>(inner);
    outer.setName("Outer");
    Recording recording = new Recording();
    CompletableFuture<String> run =
        outer.runAsync(shared, RunOptions.builder().listener(recording).build());

    run.cancel(true);

    assertThat(recording.events)
        .containsExactly(
            "flowStarted Outer",
            "flowStarted Inner",
            "nodeStarted A",
            "nodeFailed A CancellationException",
            "flowFailed Inner CancellationException",
            "flowFailed Outer CancellationException");
  }

  @Test
  void timedOutNode_reportsNodeFailedWithNodeTimeoutException_beforeFlowFailed() {
    ManualScheduler manual = new ManualScheduler();
    AsyncNode<Map<String, Object>, Object, String> a =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return new CompletableFuture<>();
          }
        };
    a.setName("A");
    a.setTimeout(Duration.ofSeconds(1));
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(a);
    flow.setName("Pipeline");
    Recording recording = new Recording();
    flow.runAsync(shared, RunOptions.builder().listener(recording).scheduler(manual).build());

    manual.advance(Duration.ofSeconds(1));

    assertThat(recording.events)
        .containsExactly(
            "flowStarted Pipeline",
            "nodeStarted A",
            "nodeFailed A NodeTimeoutException",
            "flowFailed Pipeline NodeTimeoutException");
  }

  @Test
  void timedOutNode_reportsNodeFailedWithNodeTimeoutException() {
    ManualScheduler manual = new ManualScheduler();
    AsyncNode<Map<String, Object>, Object, String> a =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return new CompletableFuture<>();
          }
        };
    a.setName("A");
    a.setTimeout(Duration.ofSeconds(1));
    Recording recording = new Recording();
    a.runAsync(shared, RunOptions.builder().listener(recording).scheduler(manual).build());

    manual.advance(Duration.ofSeconds(1));

    assertThat(recording.events)
        .containsExactly("nodeStarted A", "nodeFailed A NodeTimeoutException");
    assertThat(recording.errors).singleElement().isInstanceOf(NodeTimeoutException.class);
  }

  @Test
  void nestedFlow_reportsFlowEventsForTheInnerFlow() throws Exception {
    AsyncNode<Map<String, Object>, Object, Object> a = nodeA();
    AsyncFlow<Map<String, Object>> inner = new AsyncFlow<>(a);
    inner.setName("Inner");
    AsyncFlow<Map<String, Object>> outer = new AsyncFlow<>(inner);
    outer.setName("Outer");
    Recording recording = new Recording();

    outer
        .runAsync(shared, RunOptions.builder().listener(recording).build())
        .get(5, TimeUnit.SECONDS);

    assertThat(recording.events)
        .containsExactly(
            "flowStarted Outer",
            "flowStarted Inner",
            "nodeStarted A",
            "nodeFinished A x",
            "flowFinished Inner x",
            "flowFinished Outer x");
  }

  @Test
  void throwingListener_inAComposite_doesNotBreakTheRunNorStarveTheOtherListener()
      throws Exception {
    Recording recording = new Recording();
    FlowListener listener = FlowListener.composite(new Throwing(), recording);

    String action =
        pipeline()
            .runAsync(shared, RunOptions.builder().listener(listener).build())
            .get(5, TimeUnit.SECONDS);

    assertThat(action).isEqualTo("done");
    assertThat(shared).containsEntry("b", "fallback");
    assertThat(recording.events).containsExactlyElementsOf(PIPELINE_EVENTS);
  }

  @Test
  void compositeOfAList_callsEachListenerInListOrder_andIgnoresLaterChangesToTheList()
      throws Exception {
    Recording first = new Recording();
    Recording second = new Recording();
    List<String> order = new CopyOnWriteArrayList<>();
    List<FlowListener> listeners =
        new ArrayList<>(
            List.of(
                new Throwing(),
                first,
                flowStartMarker("A", order),
                second,
                flowStartMarker("B", order)));
    FlowListener composite = FlowListener.composite(listeners);
    listeners.clear();

    pipeline()
        .runAsync(shared, RunOptions.builder().listener(composite).build())
        .get(5, TimeUnit.SECONDS);

    assertThat(first.events).containsExactlyElementsOf(PIPELINE_EVENTS);
    assertThat(second.events).containsExactlyElementsOf(PIPELINE_EVENTS);
    assertThat(order).containsExactly("A", "B");
  }

  /** A listener that notes {@code mark} in {@code order} when a flow starts. */
  private static FlowListener flowStartMarker(String mark, List<String> order) {
    return new FlowListener() {
      @Override
      public void flowStarted(BaseNode<?> flow, RunContext context) {
        order.add(mark);
      }
    };
  }

  @Test
  void throwingListener_alone_doesNotChangeTheResult() throws Exception {
    String action =
        pipeline()
            .runAsync(shared, RunOptions.builder().listener(new Throwing()).build())
            .get(5, TimeUnit.SECONDS);

    assertThat(action).isEqualTo("done");
    assertThat(shared).containsEntry("b", "fallback");
  }

  @Test
  void listenerThrowingErrors_doesNotChangeTheResult_norLeaveTheRunHanging() throws Exception {
    String action =
        pipeline()
            .runAsync(shared, RunOptions.builder().listener(new Throwing(true)).build())
            .get(5, TimeUnit.SECONDS);

    assertThat(action).isEqualTo("done");
    assertThat(shared).containsEntry("b", "fallback");
  }

  @Test
  void throwingListener_onAFailingRun_keepsTheRunsOwnError() {
    IllegalStateException boom = new IllegalStateException("boom");
    AsyncNode<Map<String, Object>, Object, Object> failing =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            return CompletableFuture.failedFuture(boom);
          }
        };

    CompletableFuture<String> run =
        new AsyncFlow<>(failing)
            .runAsync(shared, RunOptions.builder().listener(new Throwing()).build());

    assertThat(failureOf(run)).isSameAs(boom);
  }

  @Test
  void noneListener_isANoOp_theRunBehavesAsWithoutListener() throws Exception {
    Recording recording = new Recording();

    String withNone =
        pipeline()
            .runAsync(shared, RunOptions.builder().listener(FlowListener.NONE).build())
            .get(5, TimeUnit.SECONDS);
    String withComposite =
        pipeline()
            .runAsync(
                new ConcurrentHashMap<>(),
                RunOptions.builder()
                    .listener(FlowListener.composite(FlowListener.NONE, recording))
                    .build())
            .get(5, TimeUnit.SECONDS);

    assertThat(RunOptions.ofDefaults().listener()).isSameAs(FlowListener.NONE);
    assertThat(withNone).isEqualTo("done").isEqualTo(withComposite);
    assertThat(recording.events).containsExactlyElementsOf(PIPELINE_EVENTS);
  }

  // ---------------------------------------------------------------- synchronous runs

  /** Sync A: returns "x". */
  private static Node<Map<String, Object>, Object, Object> syncNodeA() {
    Node<Map<String, Object>, Object, Object> a =
        new Node<>() {
          @Override
          protected String post(
              Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
            return "x";
          }
        };
    a.setName("A");
    return a;
  }

  /** Sync B: two attempts 10 ms apart that fail, then a fallback value; post returns "done". */
  private static Node<Map<String, Object>, Object, String> syncNodeB() {
    Node<Map<String, Object>, Object, String> b =
        new Node<>(RetryPolicy.fixed(2, Duration.ofMillis(10))) {
          @Override
          protected String exec(Object prepResult, RunContext context) {
            throw new IllegalStateException("fail " + context.attempt());
          }

          @Override
          protected String execFallback(Object prepResult, Exception error, RunContext context) {
            return "fallback";
          }

          @Override
          protected String post(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            shared.put("b", execResult);
            return "done";
          }
        };
    b.setName("B");
    return b;
  }

  /** A scheduler that runs each wait's task at once, on the thread that asks for the wait. */
  private static final Scheduler IMMEDIATE =
      (delay, task) -> {
        task.run();
        return () -> {};
      };

  @Test
  void syncFlowRun_withARetryAndAFallback_reportsEventsInExactOrder() {
    // Given a synchronous pipeline whose node B fails twice, waits between its attempts and falls
    // back
    Node<Map<String, Object>, Object, Object> a = syncNodeA();
    a.next(syncNodeB(), "x");
    Flow<Map<String, Object>> flow = new Flow<>(a);
    flow.setName("Pipeline");
    Recording recording = new Recording();

    // When
    String action =
        flow.run(shared, RunOptions.builder().listener(recording).scheduler(IMMEDIATE).build());

    // Then
    assertThat(action).isEqualTo("done");
    assertThat(shared).containsEntry("b", "fallback");
    assertThat(recording.events)
        .containsExactly(
            "flowStarted Pipeline",
            "nodeStarted A",
            "nodeFinished A x",
            "nodeStarted B",
            "retryScheduled B attempt 0 in PT0.01S after fail 0",
            "fallbackInvoked B attempt 1 after fail 1",
            "nodeFinished B done",
            "flowFinished Pipeline done");
  }

  @Test
  void batchNode_withOneItemRetriedOnce_reportsTheRetryWithTheItemsAttemptNumber() {
    // Given a batch node over three items, of which only "b" fails, on its first attempt
    BatchNode<Map<String, Object>, String, String> batch =
        new BatchNode<>(RetryPolicy.fixed(3, Duration.ZERO)) {
          @Override
          protected List<String> prep(Map<String, Object> shared, RunContext context) {
            return List.of("a", "b", "c");
          }

          @Override
          protected String exec(String item, RunContext context) {
            if (item.equals("b") && context.attempt() == 0) {
              throw new IllegalStateException("item b, attempt 0");
            }
            return item + "@" + context.attempt();
          }

          @Override
          protected String post(
              Map<String, Object> shared, List<String> items, List<String> results, RunContext c) {
            shared.put("results", results);
            return "batched";
          }
        };
    batch.setName("Batch");
    Recording recording = new Recording();

    // When
    String action = batch.run(shared, RunOptions.builder().listener(recording).build());

    // Then
    assertThat(action).isEqualTo("batched");
    assertThat(shared).containsEntry("results", List.of("a@0", "b@1", "c@0"));
    assertThat(recording.events)
        .containsExactly(
            "nodeStarted Batch",
            "retryScheduled Batch attempt 0 in PT0S after item b, attempt 0",
            "nodeFinished Batch batched");
  }

  @Test
  void throwingListener_isLoggedAsAWarningNamingIt() throws Exception {
    try (LogCapture logs = LogCapture.open()) {
      // Given a listener that throws from every event
      FlowListener throwing = new Throwing();

      // When
      String action =
          pipeline()
              .runAsync(shared, RunOptions.builder().listener(throwing).build())
              .get(5, TimeUnit.SECONDS);

      // Then the run goes on, and each event's exception is logged as a warning naming it
      assertThat(action).isEqualTo("done");
      assertThat(logs.warnings())
          .hasSize(PIPELINE_EVENTS.size())
          .allSatisfy(warning -> assertThat(warning).contains("TheThrowingListener"));
    }
  }
}
