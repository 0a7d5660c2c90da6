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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Items of an {@link AsyncParallelBatchNode}: order, concurrency limit and failure policies. */
class ParallelBatchNodeTest {

  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /**
   * A parallel batch node over the items 0..n-1 whose execAsync stages stay open until the test
   * completes them; it counts the items in flight.
   */
  private static class HeldItems
      extends AsyncParallelBatchNode<Map<String, Object>, Integer, String> {
    final List<Integer> items;
    final Map<Integer, CompletableFuture<String>> stages = new ConcurrentHashMap<>();
    final List<Integer> started = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger postCalls = new AtomicInteger();

    HeldItems(int count, ParallelPolicy policy) {
      super(policy);
      this.items = IntStream.range(0, count).boxed().collect(Collectors.toList());
    }

    /** With the default parallel policy. */
    HeldItems(int count) {
      super();
      this.items = IntStream.range(0, count).boxed().collect(Collectors.toList());
    }

    @Override
    protected CompletionStage<List<Integer>> prepAsync(
        Map<String, Object> shared, RunContext context) {
      return CompletableFuture.completedFuture(items);
    }

    @Override
    protected CompletionStage<String> execAsync(Integer item, RunContext context) {
      started.add(item);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<String> stage = new CompletableFuture<>();
      stages.put(item, stage);
      return stage;
    }

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared, List<Integer> items, List<String> results, RunContext ctx) {
      postCalls.incrementAndGet();
      shared.put("results", results);
      return CompletableFuture.completedFuture("batched");
    }

    void succeed(int item) {
      inFlight.decrementAndGet();
      stages.get(item).complete("r" + item);
    }

    void fail(int item, Throwable error) {
      inFlight.decrementAndGet();
      stages.get(item).completeExceptionally(error);
    }
  }

  @Test
  void results_keepInputOrder_whenItemsCompleteInReverseOrder() throws Exception {
    HeldItems node = new HeldItems(5, ParallelPolicy.unbounded());
    CompletableFuture<String> run = node.runAsync(shared);

    for (int item = 4; item >= 0; item--) {
      node.succeed(item);
    }

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("batched");
    assertThat(shared.get("results")).isEqualTo(List.of("r0", "r1", "r2", "r3", "r4"));
  }

  @Test
  void maxConcurrencyThree_keepsExactlyThreeItemsInFlight_neverMore() throws Exception {
    // Given 20 items and a limit of 3
    HeldItems node = new HeldItems(20, ParallelPolicy.maxConcurrency(3));

    // When the run starts, only the first three start
    CompletableFuture<String> run = node.runAsync(shared);
    assertThat(node.started).containsExactly(0, 1, 2);

    // When items complete one by one, each completion lets exactly one more start
    for (int item = 0; item < 20; item++) {
      node.succeed(item);
      int remaining = 20 - item - 1;
      assertThat(node.inFlight)
          .as("in flight after item %d", item)
          .hasValue(Math.min(3, remaining));
      assertThat(node.started).hasSize(Math.min(20, item + 1 + 3));
    }

    // Then
    assertThat(node.maxInFlight).hasValue(3);
    assertThat(node.started).isEqualTo(node.items);
    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("batched");
    assertThat(shared.get("results"))
        .isEqualTo(node.items.stream().map(i -> "r" + i).collect(Collectors.toList()));
  }

  @Test
  void unbounded_startsAllTwentyItemsAtOnce() throws Exception {
    HeldItems node = new HeldItems(20, ParallelPolicy.unbounded());

    CompletableFuture<String> run = node.runAsync(shared);

    assertThat(node.inFlight).hasValue(20);
    assertThat(node.started).hasSize(20);
    assertThat(run).isNotDone();
    node.items.forEach(node::succeed);
    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("batched");
  }

  @Test
  void failFast_oneFailure_failsTheRunWithThatException() {
    HeldItems node = new HeldItems(6, ParallelPolicy.maxConcurrency(3));
    CompletableFuture<String> run = node.runAsync(shared);
    IllegalStateException boom = new IllegalStateException("item 1 broke");

    node.fail(1, boom);

    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(node.postCalls).hasValue(0);
  }

  @Test
  void failFast_oneFailure_cancelsTheOtherInFlightItemsStages() {
    HeldItems node = new HeldItems(6, ParallelPolicy.maxConcurrency(3));
    CompletableFuture<String> run = node.runAsync(shared);

    node.fail(1, new IllegalStateException("item 1 broke"));

    assertThat(run).isCompletedExceptionally();
    assertThat(node.stages.get(0)).isCancelled();
    assertThat(node.stages.get(2)).isCancelled();
  }

  @Test
  void failFast_oneFailure_itemsNotYetStartedNeverStart() {
    HeldItems node = new HeldItems(6, ParallelPolicy.maxConcurrency(3));
    CompletableFuture<String> run = node.runAsync(shared);
    node.succeed(0); // lets item 3 start

    node.fail(2, new IllegalStateException("item 2 broke"));

    assertThat(run).isCompletedExceptionally();
    assertThat(node.started).containsExactly(0, 1, 2, 3);
    assertThat(node.stages.get(1)).isCancelled();
    assertThat(node.stages.get(3)).isCancelled();
  }

  @Test
  void failFast_siblingsAreAlreadyCancelled_whenTheRunReportsTheFailure() {
    HeldItems node = new HeldItems(3, ParallelPolicy.unbounded());
    CompletableFuture<String> run = node.runAsync(shared);
    AtomicReference<Boolean> siblingCancelledWhenReported = new AtomicReference<>();
    run.whenComplete(
        (value, error) -> siblingCancelledWhenReported.set(node.stages.get(2).isCancelled()));

    node.fail(0, new IllegalStateException("item 0 broke"));

    assertThat(run).isCompletedExceptionally();
    assertThat(siblingCancelledWhenReported.get()).isTrue();
  }

  @Test
  void failFast_aFailure_cancelsASiblingsPendingRetryWait_soItNeverRetries() {
    // Given "slow", whose first attempt is held, and "bad", whose first attempt fails at once and
    // whose second (and last) is held; a retry waits one second
    ManualScheduler manual = new ManualScheduler();
    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    CompletableFuture<String> slowFirst = new CompletableFuture<>();
    CompletableFuture<String> badLast = new CompletableFuture<>();
    AsyncParallelBatchNode<Map<String, Object>, String, String> node =
        new AsyncParallelBatchNode<>(
            RetryPolicy.fixed(2, Duration.ofSeconds(1)), ParallelPolicy.unbounded()) {
          @Override
          protected CompletionStage<List<String>> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return CompletableFuture.completedFuture(List.of("slow", "bad"));
          }

          @Override
          protected CompletionStage<String> execAsync(String item, RunContext context) {
            int attempt = context.attempt();
            attempts.computeIfAbsent(item, k -> new CopyOnWriteArrayList<>()).add(attempt);
            if (item.equals("slow")) {
              return attempt == 0 ? slowFirst : CompletableFuture.completedFuture("slow ok");
            }
            return attempt == 0
                ? CompletableFuture.failedFuture(new IllegalStateException("bad, first try"))
                : badLast;
          }
        };
    CompletableFuture<String> run =
        node.runAsync(shared, RunOptions.builder().scheduler(manual).build());
    manual.advance(Duration.ofSeconds(1)); // "bad" starts its last attempt
    slowFirst.completeExceptionally(new IllegalStateException("slow, first try"));
    assertThat(manual.pendingCount()).as("slow's retry wait").isEqualTo(1);
    assertThat(run).isNotDone();
    IllegalStateException boom = new IllegalStateException("bad for good");

    // When "bad" fails for good
    badLast.completeExceptionally(boom);

    // Then the run fails with its error, the sibling's wait is cancelled, and it never retries
    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(manual.pendingCount()).isZero();
    manual.advance(Duration.ofHours(1));
    assertThat(attempts).containsEntry("slow", List.of(0)).containsEntry("bad", List.of(0, 1));
  }

  @Test
  void defaultParallelPolicy_isUnboundedAndFailFast() {
    AsyncParallelBatchNode<Map<String, Object>, Integer, String> node =
        new AsyncParallelBatchNode<>() {};

    assertThat(node.parallelPolicy()).isEqualTo(ParallelPolicy.unbounded());
    assertThat(node.parallelPolicy().maxConcurrency()).isEqualTo(ParallelPolicy.UNBOUNDED);
    assertThat(node.parallelPolicy().failurePolicy())
        .isEqualTo(ParallelPolicy.FailurePolicy.FAIL_FAST);
  }

  @Test
  void constructorsWithOnlyRetrySettings_useTheDefaultParallelPolicy() {
    AsyncParallelBatchNode<Map<String, Object>, Integer, String> withPolicy =
        new AsyncParallelBatchNode<>(RetryPolicy.fixed(3, Duration.ofSeconds(1))) {};
    AsyncParallelBatchNode<Map<String, Object>, Integer, String> pocketFlowStyle =
        new AsyncParallelBatchNode<>(3, Duration.ofSeconds(1)) {};

    assertThat(withPolicy.parallelPolicy()).isEqualTo(ParallelPolicy.unbounded());
    assertThat(withPolicy.retryPolicy()).isEqualTo(RetryPolicy.fixed(3, Duration.ofSeconds(1)));
    assertThat(pocketFlowStyle.parallelPolicy()).isEqualTo(ParallelPolicy.unbounded());
    assertThat(pocketFlowStyle.retryPolicy())
        .isEqualTo(RetryPolicy.fixed(3, Duration.ofSeconds(1)));
  }

  @Test
  void defaultParallelPolicy_startsEveryItem_andOneFailureCancelsAHeldSibling() {
    // Given a node with the default policy: all three items start at once
    HeldItems node = new HeldItems(3);
    CompletableFuture<String> run = node.runAsync(shared);
    assertThat(node.started).containsExactlyInAnyOrder(0, 1, 2);
    IllegalStateException boom = new IllegalStateException("item 1 broke");

    // When one item fails
    node.fail(1, boom);

    // Then the run fails at once and the held siblings are cancelled
    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(node.stages.get(0)).isCancelled();
    assertThat(node.stages.get(2)).isCancelled();
    assertThat(node.postCalls).hasValue(0);
  }

  @Test
  void collectAll_runsEveryItem_andFailsWithBatchFailedExceptionHoldingOutcomesInInputOrder() {
    // Given items 1 and 3 fail, the others succeed
    HeldItems node =
        new HeldItems(
            5,
            ParallelPolicy.builder()
                .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
                .build());
    node.setName("Collector");
    CompletableFuture<String> run = node.runAsync(shared);
    IllegalStateException error3 = new IllegalStateException("three");
    IllegalStateException error1 = new IllegalStateException("one");

    // When they finish in a scrambled order
    node.fail(3, error3);
    node.succeed(4);
    assertThat(run).isNotDone();
    assertThat(node.stages.get(0)).isNotCancelled();
    node.fail(1, error1);
    node.succeed(0);
    node.succeed(2);

    // Then
    Throwable failure = failureOf(run);
    assertThat(failure).isInstanceOf(BatchFailedException.class);
    BatchFailedException batch = (BatchFailedException) failure;
    assertThat(batch.outcomes())
        .extracting(Object::toString)
        .containsExactly(
            "Success[r0]",
            "Failure[" + error1 + "]",
            "Success[r2]",
            "Failure[" + error3 + "]",
            "Success[r4]");
    assertThat(batch.outcomes().get(1).error()).isSameAs(error1);
    assertThat(batch.outcomes().get(3).error()).isSameAs(error3);
    assertThat(batch.getSuppressed()).containsExactly(error3);
    assertThat(batch.getCause()).isSameAs(error1);
    assertThat(batch).hasMessage("2 of 5 items of 'Collector' failed");
    assertThat(node.started).hasSize(5);
    assertThat(node.postCalls).hasValue(0);
  }

  @Test
  void collectAll_withoutFailures_callsPostAsyncWithTheValues() throws Exception {
    HeldItems node =
        new HeldItems(
            3,
            ParallelPolicy.builder()
                .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
                .build());
    CompletableFuture<String> run = node.runAsync(shared);

    node.succeed(2);
    node.succeed(0);
    node.succeed(1);

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("batched");
    assertThat(shared.get("results")).isEqualTo(List.of("r0", "r1", "r2"));
  }

  @Test
  void collectAll_overriddenPostOutcomesAsync_keepsPartialResults() throws Exception {
    HeldItems node =
        new HeldItems(
            4,
            ParallelPolicy.builder()
                .maxConcurrency(2)
                .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
                .build()) {
          @Override
          protected CompletionStage<String> postOutcomesAsync(
              Map<String, Object> shared,
              List<Integer> items,
              List<Outcome<String>> outcomes,
              RunContext context) {
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
              kept.add(
                  outcomes.get(i).isSuccess()
                      ? outcomes.get(i).value()
                      : "failed " + items.get(i) + ": " + outcomes.get(i).error().getMessage());
            }
            shared.put("partial", kept);
            return CompletableFuture.completedFuture("partial");
          }
        };
    CompletableFuture<String> run = node.runAsync(shared);

    node.fail(0, new IllegalStateException("nope"));
    node.succeed(1);
    node.succeed(2);
    node.fail(3, new IllegalStateException("nope either"));

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("partial");
    assertThat(shared.get("partial"))
        .isEqualTo(List.of("failed 0: nope", "r1", "r2", "failed 3: nope either"));
    assertThat(node.postCalls).hasValue(0);
  }

  @Test
  void perItemRetries_waitConcurrently_andEachItemHasItsOwnAttempts() throws Exception {
    // Given four items whose first attempt fails, retried after 1 s
    ManualScheduler manual = new ManualScheduler();
    Map<Integer, List<Integer>> attempts = new ConcurrentHashMap<>();
    AsyncParallelBatchNode<Map<String, Object>, Integer, String> node =
        new AsyncParallelBatchNode<>(
            RetryPolicy.fixed(2, Duration.ofSeconds(1)), ParallelPolicy.unbounded()) {
          @Override
          protected CompletionStage<List<Integer>> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return CompletableFuture.completedFuture(List.of(0, 1, 2, 3));
          }

          @Override
          protected CompletionStage<String> execAsync(Integer item, RunContext context) {
            attempts
                .computeIfAbsent(item, k -> new CopyOnWriteArrayList<>())
                .add(context.attempt());
            return context.attempt() == 0
                ? CompletableFuture.failedFuture(new IllegalStateException("first try " + item))
                : CompletableFuture.completedFuture(item + "@" + context.attempt());
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared,
              List<Integer> items,
              List<String> results,
              RunContext ctx) {
            shared.put("results", results);
            return CompletableFuture.completedFuture(null);
          }
        };

    // When the run starts, every item waits for its retry at the same time
    CompletableFuture<String> run =
        node.runAsync(shared, RunOptions.builder().scheduler(manual).build());
    assertThat(manual.pendingCount()).isEqualTo(4);
    assertThat(manual.delays()).containsOnly(Duration.ofSeconds(1)).hasSize(4);

    // When one second passes, all four retries run
    manual.advance(Duration.ofSeconds(1));

    // Then
    run.get(5, TimeUnit.SECONDS);
    assertThat(attempts)
        .containsOnlyKeys(0, 1, 2, 3)
        .allSatisfy((item, list) -> assertThat(list).containsExactly(0, 1));
    assertThat(shared.get("results")).isEqualTo(List.of("0@1", "1@1", "2@1", "3@1"));
  }

  @Test
  void emptyBatch_callsPostAsyncWithNoResults() throws Exception {
    HeldItems node = new HeldItems(0, ParallelPolicy.maxConcurrency(3));

    assertThat(node.runAsync(shared).get(5, TimeUnit.SECONDS)).isEqualTo("batched");
    assertThat(shared.get("results")).isEqualTo(List.of());
  }
}
