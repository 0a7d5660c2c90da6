package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Completing a run's future from outside stops the run and cancels what it waits on. */
class CancellationTest {

  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /** A node whose execAsync stage stays open; it records its preps and the context it saw. */
  private static final class Held extends AsyncNode<Map<String, Object>, Object, String> {
    final CompletableFuture<String> stage = new CompletableFuture<>();
    final AtomicInteger preps = new AtomicInteger();
    final AtomicInteger execs = new AtomicInteger();
    final AtomicReference<RunContext> execContext = new AtomicReference<>();

    Held(String name) {
      setName(name);
    }

    @Override
    protected CompletionStage<Object> prepAsync(Map<String, Object> shared, RunContext context) {
      preps.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
      execs.incrementAndGet();
      execContext.set(context);
      return stage;
    }
  }

  private final Held first = new Held("first");
  private final Held second = new Held("second");
  private final Held third = new Held("third");

  /** first -> second -> third, with first already done. */
  private CompletableFuture<String> runThreeNodesUntilSecondIsPending() {
    first.next(second).next(third);
    first.stage.complete("done");
    CompletableFuture<String> run = new AsyncFlow<>(first).runAsync(shared);
    assertThat(second.execs).hasValue(1);
    return run;
  }

  @Test
  void cancel_whileSecondNodesStageIsPending_cancelsThatStage() {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();

    run.cancel(true);

    assertThat(second.stage).isCancelled();
  }

  @Test
  void cancel_whileSecondNodesStageIsPending_neverStartsTheThirdNode() {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();

    run.cancel(true);

    assertThat(third.preps).hasValue(0);
  }

  @Test
  void cancel_whileSecondNodesStageIsPending_leavesTheRunFutureCancelled() {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();

    boolean cancelled = run.cancel(true);

    assertThat(cancelled).isTrue();
    assertThat(run).isCancelled();
  }

  @Test
  void cancel_insideANestedFlow_cancelsTheInnerStage() {
    AsyncFlow<Map<String, Object>> inner = new AsyncFlow<>(second);
    first.next(inner).next(third);
    first.stage.complete("done");
    CompletableFuture<String> run = new AsyncFlow<>(first).runAsync(shared);
    assertThat(second.execs).hasValue(1);

    run.cancel(true);

    assertThat(second.stage).isCancelled();
    assertThat(third.preps).hasValue(0);
  }

  @Test
  void cancel_ofAnAsyncNodeRunAlone_cancelsItsStage() {
    CompletableFuture<String> run = second.runAsync(shared);

    run.cancel(true);

    assertThat(second.stage).isCancelled();
  }

  @Test
  void cancel_duringRetryWait_cancelsTimerAndStopsAttempts() {
    // Given a node waiting 1 s on the manual scheduler after a failed first attempt
    ManualScheduler manual = new ManualScheduler();
    AtomicInteger attempts = new AtomicInteger();
    AsyncNode<Map<String, Object>, Object, Object> flaky =
        new AsyncNode<>(RetryPolicy.fixed(3, Duration.ofSeconds(1))) {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("flaky"));
          }
        };
    CompletableFuture<String> run =
        new AsyncFlow<>(flaky).runAsync(shared, RunOptions.builder().scheduler(manual).build());
    assertThat(manual.pendingCount()).isEqualTo(1);

    // When
    run.cancel(true);

    // Then the wait is gone and time passing brings no further attempt
    assertThat(manual.pendingCount()).isZero();
    manual.advance(Duration.ofMinutes(1));
    assertThat(attempts).hasValue(1);
    assertThat(run).isCancelled();
  }

  @Test
  void orTimeout_onTheRunFuture_stopsTheFlowAndCancelsThePendingStage() throws Exception {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();

    run.orTimeout(1, TimeUnit.MILLISECONDS);

    // Waits for the outside completion; the stage never completes by itself
    assertThatThrownBy(() -> second.stage.get(5, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(failureOf(run)).isInstanceOf(TimeoutException.class);
    assertThat(third.preps).hasValue(0);
  }

  @Test
  void completeExceptionally_fromOutside_stopsTheFlowAndCancelsThePendingStage() {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();
    IllegalStateException abort = new IllegalStateException("aborted by caller");

    run.completeExceptionally(abort);

    assertThat(second.stage).isCancelled();
    assertThat(failureOf(run)).isSameAs(abort);
    assertThat(third.preps).hasValue(0);
  }

  @Test
  void complete_fromOutside_stopsTheFlowWithTheGivenValue() throws Exception {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();

    run.complete("short-circuit");

    assertThat(second.stage).isCancelled();
    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("short-circuit");
    assertThat(third.preps).hasValue(0);
  }

  @Test
  void ctxIsCancelled_becomesTrueForTheHookOfACancelledRun() {
    CompletableFuture<String> run = runThreeNodesUntilSecondIsPending();
    RunContext context = second.execContext.get();
    assertThat(context.isCancelled()).isFalse();

    run.cancel(true);

    assertThat(context.isCancelled()).isTrue();
  }

  /**
   * Runs first -> blocking -> third, where blocking's execAsync runs on a worker thread (the one
   * completing first's stage) and blocks until released; cancels the run while the hook is inside,
   * then releases it. Returns what the hook saw from {@code ctx.isCancelled()}.
   */
  private boolean cancelWhileAHookRunsOnAnotherThread(
      CompletableFuture<String> returnedByHook, AtomicReference<CompletableFuture<String>> runRef)
      throws Exception {
    CountDownLatch inHook = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Boolean> cancelledSeenInHook = new AtomicReference<>();
    AsyncNode<Map<String, Object>, Object, String> blocking =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context)
              throws InterruptedException {
            inHook.countDown();
            if (!release.await(5, TimeUnit.SECONDS)) {
              throw new IllegalStateException("never released");
            }
            cancelledSeenInHook.set(context.isCancelled());
            return returnedByHook;
          }
        };
    first.next(blocking).next(third);
    CompletableFuture<String> run = new AsyncFlow<>(first).runAsync(shared);
    runRef.set(run);
    Thread worker = new Thread(() -> first.stage.complete("go"), "worker");
    worker.start();
    assertThat(inHook.await(5, TimeUnit.SECONDS)).isTrue();

    run.cancel(true);
    release.countDown();
    worker.join(5_000);
    assertThat(worker.isAlive()).isFalse();
    return cancelledSeenInHook.get();
  }

  @Test
  void cancel_whileAHookRunsOnAnotherThread_cancelsTheStageItReturnsAndNothingFollows()
      throws Exception {
    CompletableFuture<String> returned = new CompletableFuture<>();
    AtomicReference<CompletableFuture<String>> run = new AtomicReference<>();

    cancelWhileAHookRunsOnAnotherThread(returned, run);

    assertThat(run.get()).isCancelled();
    assertThat(returned).isCancelled();
    assertThat(third.preps).hasValue(0);
  }

  @Test
  void ctxIsCancelled_pollFromAHookRunningOnAnotherThread_seesTheCancellation() throws Exception {
    boolean seen =
        cancelWhileAHookRunsOnAnotherThread(new CompletableFuture<>(), new AtomicReference<>());

    assertThat(seen).isTrue();
  }

  /** A parallel batch node over items 0..n-1 whose stages stay open. */
  private static class HeldBatch
      extends AsyncParallelBatchNode<Map<String, Object>, Integer, String> {
    final int count;
    final Map<Integer, CompletableFuture<String>> stages = new ConcurrentHashMap<>();
    final List<Integer> started = new CopyOnWriteArrayList<>();

    HeldBatch(int count, ParallelPolicy policy) {
      super(policy);
      this.count = count;
    }

    @Override
    protected CompletionStage<List<Integer>> prepAsync(
        Map<String, Object> shared, RunContext context) {
      return CompletableFuture.completedFuture(
          IntStream.range(0, count).boxed().collect(Collectors.toList()));
    }

    @Override
    protected CompletionStage<String> execAsync(Integer item, RunContext context) {
      started.add(item);
      CompletableFuture<String> stage = onStart(item);
      stages.put(item, stage);
      return stage;
    }

    CompletableFuture<String> onStart(int item) {
      return new CompletableFuture<>();
    }
  }

  @Test
  void cancel_ofAParallelBatchNode_cancelsAllInFlightItems_andStartsNoMore() {
    HeldBatch batch = new HeldBatch(6, ParallelPolicy.maxConcurrency(4));
    CompletableFuture<String> run = new AsyncFlow<>(batch).runAsync(shared);
    batch.stages.get(0).complete("r0"); // item 4 starts

    run.cancel(true);

    assertThat(batch.started).containsExactly(0, 1, 2, 3, 4);
    assertThat(List.of(1, 2, 3, 4))
        .allSatisfy(item -> assertThat(batch.stages.get(item)).isCancelled());
  }

  @Test
  void cancel_racingWithAnItemStart_cancelsThatItemsStageToo() {
    // Given items 0 and 1 in flight (limit 2); item 2 cancels the run as it starts, the way a
    // cancel from another thread can land between starting an item and registering it
    AtomicReference<CompletableFuture<String>> runRef = new AtomicReference<>();
    HeldBatch batch =
        new HeldBatch(3, ParallelPolicy.maxConcurrency(2)) {
          @Override
          CompletableFuture<String> onStart(int item) {
            if (item == 2) {
              runRef.get().cancel(true);
            }
            return new CompletableFuture<>();
          }
        };
    runRef.set(batch.runAsync(shared));

    // When item 0 finishes, item 2 starts and the run is cancelled meanwhile
    batch.stages.get(0).complete("r0");

    // Then every item still in flight is cancelled, item 2 included
    assertThat(runRef.get()).isCancelled();
    assertThat(batch.stages.get(1)).isCancelled();
    assertThat(batch.stages.get(2)).isCancelled();
  }

  /** A graph node for batch flows whose stage per "id" param stays open. */
  private static final class HeldPerId extends AsyncNode<Map<String, Object>, Object, String> {
    final Map<Integer, CompletableFuture<String>> stages = new ConcurrentHashMap<>();

    @Override
    protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
      CompletableFuture<String> stage = new CompletableFuture<>();
      stages.put(context.param("id", Integer.class), stage);
      return stage;
    }
  }

  private static CompletionStage<List<Map<String, Object>>> threeIds() {
    return CompletableFuture.completedFuture(
        List.of(Map.of("id", 0), Map.of("id", 1), Map.of("id", 2)));
  }

  @Test
  void cancel_ofAParallelBatchFlow_cancelsEveryInFlightSubFlow() {
    HeldPerId node = new HeldPerId();
    AsyncParallelBatchFlow<Map<String, Object>> flow =
        new AsyncParallelBatchFlow<>(node) {
          @Override
          protected CompletionStage<List<Map<String, Object>>> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return threeIds();
          }
        };
    CompletableFuture<String> run = flow.runAsync(shared);
    assertThat(node.stages).hasSize(3);

    run.cancel(true);

    assertThat(List.of(0, 1, 2)).allSatisfy(id -> assertThat(node.stages.get(id)).isCancelled());
  }

  @Test
  void cancel_ofASequentialAsyncBatchFlow_cancelsTheRunningSubFlowAndStartsNoMore() {
    HeldPerId node = new HeldPerId();
    AsyncBatchFlow<Map<String, Object>> flow =
        new AsyncBatchFlow<>(node) {
          @Override
          protected CompletionStage<List<Map<String, Object>>> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return threeIds();
          }
        };
    CompletableFuture<String> run = flow.runAsync(shared);
    assertThat(node.stages).containsOnlyKeys(0);

    run.cancel(true);
    node.stages.get(0).complete("late"); // a no-op once the stage is cancelled

    assertThat(node.stages).as("sub-flows started").containsOnlyKeys(0);
    assertThat(node.stages.get(0)).isCancelled();
  }
}
