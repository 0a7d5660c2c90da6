package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The optional step limit per run (issue 7, defect 8): a flow whose stages all complete
 * synchronously runs entirely inside {@code runAsync}, so without a limit a runaway loop could
 * never be stopped.
 */
class StepLimitTest {

  /**
   * Stops the loops below after this many runs, so that without a step limit the tests fail instead
   * of spinning forever.
   */
  private static final int SAFETY_CAP = 100_000;

  /** The shared store: how many times each node has run. */
  private static final class Counts {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    int bump(String node) {
      return runs.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
    }

    int of(String node) {
      AtomicInteger count = runs.get(node);
      return count == null ? 0 : count.get();
    }
  }

  @Test
  void runAsync_selfLoopOfSynchronousStages_failsAtTheStepLimitBeforeReturning() {
    // Given a node whose stages all complete synchronously and that loops to itself
    AsyncNode<Counts, Object, Object> decide = asyncLoop("decide");
    decide.next(decide, "again");
    AsyncFlow<Counts> flow = new AsyncFlow<>(decide);
    Counts counts = new Counts();

    // When
    CompletableFuture<String> run = flow.runAsync(counts, limit(10_000));

    // Then the run, which happened inside runAsync, ended with the step limit's failure
    assertThat(run).isCompletedExceptionally();
    StepLimitExceededException error =
        (StepLimitExceededException) assertStepLimit(failureOf(run), 10_000, "decide");
    assertThat(error)
        .hasMessage("run exceeded its step limit of 10000 at node 'decide' (step 10001)");
    assertThat(counts.of("decide")).isEqualTo(10_000);
  }

  @Test
  void run_syncSelfLoop_throwsAtTheStepLimit() {
    Node<Counts, Object, Object> decide = syncLoop("decide");
    decide.next(decide, "again");
    Flow<Counts> flow = new Flow<>(decide);
    Counts counts = new Counts();

    Throwable error = catchThrowable(() -> flow.run(counts, limit(500)));

    assertStepLimit(error, 500, "decide");
    assertThat(counts.of("decide")).isEqualTo(500);
  }

  @Test
  void nestedFlow_countsItselfAndEachOfItsNodes() {
    // Given outer: inner -> c, and inner: a -> b; the steps are inner, a, b and c
    Counts counts = new Counts();
    Flow<Counts> outer = nestedFlows();

    // When the limit allows exactly those four steps, the run ends normally
    assertThat(outer.run(counts, limit(4))).isNull();
    assertThat(counts.runs.keySet()).containsExactlyInAnyOrder("a", "b", "c");

    // But one step less stops it before 'c', and two less inside the nested flow, before 'b'
    assertThatThrownBy(() -> outer.run(new Counts(), limit(3)))
        .isInstanceOfSatisfying(StepLimitExceededException.class, e -> assertStepLimit(e, 3, "c"));
    Counts stoppedInside = new Counts();
    assertThatThrownBy(() -> outer.run(stoppedInside, limit(2)))
        .isInstanceOfSatisfying(StepLimitExceededException.class, e -> assertStepLimit(e, 2, "b"));
    assertThat(stoppedInside.runs.keySet()).containsExactly("a");
  }

  @Test
  void stepBeyondTheLimit_isNeverStarted_andEveryEnclosingFlowReportsTheFailure() {
    List<String> events = new CopyOnWriteArrayList<>();
    FlowListener listener =
        new FlowListener() {
          @Override
          public void nodeStarted(BaseNode<?> node, RunContext context) {
            events.add("nodeStarted " + node.name());
          }

          @Override
          public void flowFailed(BaseNode<?> flow, RunContext context, Throwable error) {
            events.add("flowFailed " + flow.name() + " " + error.getClass().getSimpleName());
          }
        };
    RunOptions options = RunOptions.builder().maxSteps(2).listener(listener).build();

    assertThatThrownBy(() -> nestedFlows().run(new Counts(), options))
        .isInstanceOf(StepLimitExceededException.class);

    assertThat(events)
        .containsExactly(
            "nodeStarted a",
            "flowFailed inner StepLimitExceededException",
            "flowFailed outer StepLimitExceededException");
  }

  @Test
  void loopThatEndsWithinTheLimit_completesNormally() {
    // Given a loop of five runs, then an end node: six steps
    AsyncNode<Counts, Object, Object> decide = asyncLoop("decide", 5);
    decide.next(decide, "again");
    decide.next(counting("end"), "done");
    AsyncFlow<Counts> flow = new AsyncFlow<>(decide);
    Counts counts = new Counts();

    CompletableFuture<String> run = flow.runAsync(counts, limit(6));

    assertThat(run).isCompletedWithValue(null);
    assertThat(counts.of("decide")).isEqualTo(5);
    assertThat(counts.of("end")).isEqualTo(1);
  }

  @Test
  void collectAllParallelBatchFlow_failsWithTheStepLimit_notWithABatchFailure() {
    // Given a collect-all parallel batch flow running a one-node graph for three param maps
    AsyncParallelBatchFlow<Counts> batch =
        new AsyncParallelBatchFlow<>(
            counting("work"),
            ParallelPolicy.builder()
                .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
                .build()) {
          @Override
          protected CompletionStage<List<Map<String, Object>>> prepAsync(
              Counts shared, RunContext context) {
            return CompletableFuture.completedStage(
                List.of(Map.of("i", 1), Map.of("i", 2), Map.of("i", 3)));
          }
        };
    Counts counts = new Counts();

    // When the limit allows two of the three runs' nodes
    CompletableFuture<String> run = batch.runAsync(counts, limit(2));

    // Then the step limit ends the whole run, rather than being collected as one run's failure
    assertStepLimit(failureOf(run), 2, "work");
    assertThat(counts.of("work")).isEqualTo(2);
  }

  @Test
  void collectAllBatch_collectsAStepLimitThatANestedRunRaised_andWaitsForTheOtherItems() {
    // Given a collect-all parallel batch node whose first item fails with the step limit of a run
    // nested in its exec (not this run's), while the second item is still pending
    CompletableFuture<String> pending = new CompletableFuture<>();
    List<Outcome<String>> seen = new CopyOnWriteArrayList<>();
    AsyncParallelBatchNode<Counts, Integer, String> batch =
        new AsyncParallelBatchNode<>(
            ParallelPolicy.builder()
                .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
                .build()) {
          @Override
          protected CompletionStage<List<Integer>> prepAsync(Counts shared, RunContext context) {
            return CompletableFuture.completedStage(List.of(1, 2));
          }

          @Override
          protected CompletionStage<String> execAsync(Integer item, RunContext context) {
            return item == 1
                ? CompletableFuture.failedStage(new StepLimitExceededException(3, "inner"))
                : pending.thenApply(value -> value);
          }

          @Override
          protected CompletionStage<String> postOutcomesAsync(
              Counts shared,
              List<Integer> items,
              List<Outcome<String>> outcomes,
              RunContext context) {
            seen.addAll(outcomes);
            return CompletableFuture.completedStage("collected");
          }
        };

    // When the outer run, which has no limit of its own, runs it
    CompletableFuture<String> run = batch.runAsync(new Counts());

    // Then the batch still waits for its other item and collects both outcomes
    assertThat(run).isNotDone();
    pending.complete("two");
    assertThat(run).isCompletedWithValue("collected");
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).error()).isInstanceOf(StepLimitExceededException.class);
    assertThat(seen.get(1).value()).isEqualTo("two");
  }

  @Test
  void retriesBatchItemsAndATimedNode_countOneStepPerNode() {
    // Given a node with a timeout that fails its first attempt and is retried, then a batch node of
    // three items
    Node<Counts, Object, Object> retried =
        new Node<>(RetryPolicy.fixed(2, Duration.ZERO)) {
          @Override
          protected Object exec(Object prepResult, RunContext context) {
            if (context.attempt() == 0) {
              throw new IllegalStateException("first attempt fails");
            }
            return "ok";
          }
        };
    retried.setName("retried");
    retried.setTimeout(Duration.ofMinutes(1));
    BatchNode<Counts, Integer, Integer> items =
        new BatchNode<>() {
          @Override
          protected List<Integer> prep(Counts shared, RunContext context) {
            return List.of(1, 2, 3);
          }

          @Override
          protected Integer exec(Integer item, RunContext context) {
            return item;
          }
        };
    items.setName("items");
    retried.next(items);
    Flow<Counts> flow = new Flow<>(retried);

    // Then two steps are enough: retries and items are not steps, and the timed node counts once
    assertThat(flow.run(new Counts(), limit(2))).isNull();
    assertStepLimit(catchThrowable(() -> flow.run(new Counts(), limit(1))), 1, "items");
  }

  @Test
  void noLimit_isTheDefault() {
    assertThat(RunOptions.builder().build().maxSteps()).isEqualTo(Integer.MAX_VALUE);
    assertThat(RunOptions.builder().maxSteps(7).build().maxSteps()).isEqualTo(7);
  }

  @Test
  void maxSteps_notPositive_isRejectedNamingTheValue() {
    assertThatThrownBy(() -> RunOptions.builder().maxSteps(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSteps must be positive, was 0");
    assertThatThrownBy(() -> RunOptions.builder().maxSteps(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSteps must be positive, was -3");
  }

  private static RunOptions limit(int maxSteps) {
    return RunOptions.builder().maxSteps(maxSteps).build();
  }

  private static Throwable assertStepLimit(Throwable error, int limit, String nodeName) {
    assertThat(error).isInstanceOf(StepLimitExceededException.class);
    StepLimitExceededException exceeded = (StepLimitExceededException) error;
    assertThat(exceeded.limit()).isEqualTo(limit);
    assertThat(exceeded.nodeName()).isEqualTo(nodeName);
    return error;
  }

  /** An async node, all of whose stages are complete, that asks to run again (up to the cap). */
  private static AsyncNode<Counts, Object, Object> asyncLoop(String name) {
    return asyncLoop(name, SAFETY_CAP);
  }

  private static AsyncNode<Counts, Object, Object> asyncLoop(String name, int runs) {
    AsyncNode<Counts, Object, Object> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<Object> prepAsync(Counts shared, RunContext context) {
            return CompletableFuture.completedStage(shared.bump(name));
          }

          @Override
          protected CompletionStage<String> postAsync(
              Counts shared, Object prepResult, Object execResult, RunContext context) {
            return CompletableFuture.completedStage((Integer) prepResult < runs ? "again" : "done");
          }
        };
    node.setName(name);
    return node;
  }

  private static Node<Counts, Object, Object> syncLoop(String name) {
    Node<Counts, Object, Object> node =
        new Node<>() {
          @Override
          protected String post(
              Counts shared, Object prepResult, Object execResult, RunContext context) {
            return shared.bump(name) < SAFETY_CAP ? "again" : "done";
          }
        };
    node.setName(name);
    return node;
  }

  /** A synchronous node that counts its runs and ends with the default action. */
  private static Node<Counts, Object, Object> counting(String name) {
    Node<Counts, Object, Object> node =
        new Node<>() {
          @Override
          protected Object prep(Counts shared, RunContext context) {
            return shared.bump(name);
          }
        };
    node.setName(name);
    return node;
  }

  private static Flow<Counts> nestedFlows() {
    Node<Counts, Object, Object> a = counting("a");
    a.next(counting("b"));
    Flow<Counts> inner = new Flow<>(a);
    inner.setName("inner");
    inner.next(counting("c"));
    Flow<Counts> outer = new Flow<>(inner);
    outer.setName("outer");
    return outer;
  }
}
