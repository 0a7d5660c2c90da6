package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncParallelBatchFlow} runs its graph once per param map, concurrently, on one shared
 * store; {@link AsyncBatchFlow} does the same one run at a time.
 */
class ParallelBatchFlowTest {

  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /**
   * The first node of the graph: its execAsync stage, one per "id" param, stays open until the test
   * completes it. It counts the runs in flight.
   */
  private static final class Work extends AsyncNode<Map<String, Object>, Object, String> {
    final Map<Integer, CompletableFuture<String>> stages = new ConcurrentHashMap<>();
    final Map<Integer, Map<String, Object>> paramsSeen = new ConcurrentHashMap<>();
    final List<Integer> started = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    @Override
    protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
      int id = context.param("id", Integer.class);
      started.add(id);
      paramsSeen.put(id, context.params());
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<String> stage = new CompletableFuture<>();
      stages.put(id, stage);
      return stage;
    }

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared, Object prepResult, String execResult, RunContext context) {
      shared.put("work-" + context.param("id"), execResult);
      return CompletableFuture.completedFuture("record");
    }

    void succeed(int id) {
      inFlight.decrementAndGet();
      stages.get(id).complete("value-" + id);
    }

    void fail(int id, Throwable error) {
      inFlight.decrementAndGet();
      stages.get(id).completeExceptionally(error);
    }
  }

  /** The second node of the graph: it copies Work's result under its own key. */
  private static final class Record extends AsyncNode<Map<String, Object>, Object, Object> {
    final List<Integer> ranFor = new CopyOnWriteArrayList<>();

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared, Object prepResult, Object execResult, RunContext context) {
      int id = context.param("id", Integer.class);
      ranFor.add(id);
      shared.put("record-" + id, "recorded " + shared.get("work-" + id));
      return CompletableFuture.completedFuture(null);
    }
  }

  private final Work work = new Work();
  private final Record record = new Record();

  {
    work.next(record, "record");
  }

  private static List<Map<String, Object>> ids(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> Map.<String, Object>of("id", i))
        .collect(Collectors.toList());
  }

  private AsyncParallelBatchFlow<Map<String, Object>> parallel(int count, ParallelPolicy policy) {
    return new AsyncParallelBatchFlow<>(work, policy) {
      @Override
      protected CompletionStage<List<Map<String, Object>>> prepAsync(
          Map<String, Object> shared, RunContext context) {
        return CompletableFuture.completedFuture(ids(count));
      }
    };
  }

  @Test
  void defaultParallelPolicy_isUnboundedAndFailFast() {
    AsyncParallelBatchFlow<Map<String, Object>> flow = new AsyncParallelBatchFlow<>(work);

    assertThat(flow.parallelPolicy()).isEqualTo(ParallelPolicy.unbounded());
    assertThat(flow.parallelPolicy().maxConcurrency()).isEqualTo(ParallelPolicy.UNBOUNDED);
    assertThat(flow.parallelPolicy().failurePolicy())
        .isEqualTo(ParallelPolicy.FailurePolicy.FAIL_FAST);
  }

  @Test
  void defaultParallelPolicy_withoutAStartNode_isUnboundedAndFailFast() {
    AsyncParallelBatchFlow<Map<String, Object>> flow = new AsyncParallelBatchFlow<>();

    assertThat(flow.parallelPolicy()).isEqualTo(ParallelPolicy.unbounded());
  }

  @Test
  void subFlows_runConcurrently_allInFlightAtOnce() throws Exception {
    CompletableFuture<String> run = parallel(5, ParallelPolicy.unbounded()).runAsync(shared);

    assertThat(work.inFlight).hasValue(5);
    assertThat(work.started).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(run).isNotDone();

    for (int id = 4; id >= 0; id--) {
      work.succeed(id);
    }
    run.get(5, TimeUnit.SECONDS);
  }

  @Test
  void eachSubFlow_seesItsOwnParams_mergedOverTheRunsParams() throws Exception {
    RunOptions options = RunOptions.builder().params(Map.of("tenant", "acme", "id", -1)).build();
    CompletableFuture<String> run =
        parallel(3, ParallelPolicy.unbounded()).runAsync(shared, options);

    for (int id = 0; id < 3; id++) {
      work.succeed(id);
    }

    run.get(5, TimeUnit.SECONDS);
    assertThat(work.paramsSeen)
        .containsEntry(0, Map.of("tenant", "acme", "id", 0))
        .containsEntry(1, Map.of("tenant", "acme", "id", 1))
        .containsEntry(2, Map.of("tenant", "acme", "id", 2));
    assertThat(record.ranFor).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void maxConcurrency_limitsSubFlowsInFlight() throws Exception {
    CompletableFuture<String> run = parallel(6, ParallelPolicy.maxConcurrency(2)).runAsync(shared);
    assertThat(work.started).containsExactly(0, 1);

    for (int id = 0; id < 6; id++) {
      work.succeed(id);
      assertThat(work.inFlight).hasValueLessThanOrEqualTo(2);
    }

    run.get(5, TimeUnit.SECONDS);
    assertThat(work.maxInFlight).hasValue(2);
    assertThat(work.started).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void allSubFlows_writeIntoTheOneSharedStore() throws Exception {
    CompletableFuture<String> run = parallel(4, ParallelPolicy.unbounded()).runAsync(shared);

    work.succeed(2);
    work.succeed(0);
    work.succeed(3);
    work.succeed(1);
    run.get(5, TimeUnit.SECONDS);

    assertThat(shared)
        .containsOnly(
            Map.entry("work-0", "value-0"),
            Map.entry("work-1", "value-1"),
            Map.entry("work-2", "value-2"),
            Map.entry("work-3", "value-3"),
            Map.entry("record-0", "recorded value-0"),
            Map.entry("record-1", "recorded value-1"),
            Map.entry("record-2", "recorded value-2"),
            Map.entry("record-3", "recorded value-3"));
  }

  @Test
  void failFast_oneSubFlowFails_failsTheRunAndCancelsTheSiblings() {
    CompletableFuture<String> run = parallel(4, ParallelPolicy.unbounded()).runAsync(shared);
    IllegalStateException boom = new IllegalStateException("run 2 broke");
    work.succeed(0);

    work.fail(2, boom);

    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(work.stages.get(1)).isCancelled();
    assertThat(work.stages.get(3)).isCancelled();
    assertThat(record.ranFor).containsExactly(0);
  }

  @Test
  void failFast_subFlowsNotYetStarted_neverStart() {
    CompletableFuture<String> run = parallel(5, ParallelPolicy.maxConcurrency(2)).runAsync(shared);

    work.fail(0, new IllegalStateException("first broke"));

    assertThat(run).isCompletedExceptionally();
    assertThat(work.started).containsExactly(0, 1);
    assertThat(work.stages.get(1)).isCancelled();
  }

  @Test
  void collectAll_letsEverySubFlowFinish_thenFailsWithBatchFailedException() {
    AsyncParallelBatchFlow<Map<String, Object>> flow =
        parallel(
            3,
            ParallelPolicy.builder()
                .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
                .build());
    flow.setName("Fanout");
    CompletableFuture<String> run = flow.runAsync(shared);
    IllegalStateException boom = new IllegalStateException("run 1 broke");

    work.fail(1, boom);
    assertThat(run).isNotDone();
    assertThat(work.stages.get(0)).isNotCancelled();
    work.succeed(2);
    assertThat(run).isNotDone();
    work.succeed(0);

    Throwable failure = failureOf(run);
    assertThat(failure)
        .isInstanceOf(BatchFailedException.class)
        .hasMessage("1 of 3 items of 'Fanout' failed");
    BatchFailedException batch = (BatchFailedException) failure;
    assertThat(batch.outcomes()).hasSize(3);
    assertThat(batch.outcomes().get(0).isSuccess()).isTrue();
    assertThat(batch.outcomes().get(1).error()).isSameAs(boom);
    assertThat(batch.outcomes().get(2).isSuccess()).isTrue();
    assertThat(batch.getCause()).isSameAs(boom);
    assertThat(batch.getSuppressed()).isEmpty();
    assertThat(record.ranFor).containsExactlyInAnyOrder(0, 2);
  }

  @Test
  void sequentialAsyncBatchFlow_runsOneSubFlowAtATime_inOrder() throws Exception {
    AsyncBatchFlow<Map<String, Object>> flow =
        new AsyncBatchFlow<>(work) {
          @Override
          protected CompletionStage<List<Map<String, Object>>> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return CompletableFuture.completedFuture(ids(4));
          }
        };

    CompletableFuture<String> run = flow.runAsync(shared);
    for (int id = 0; id < 4; id++) {
      assertThat(work.started).as("started before completing %d", id).hasSize(id + 1);
      assertThat(record.ranFor).hasSize(id);
      work.succeed(id);
    }

    run.get(5, TimeUnit.SECONDS);
    assertThat(work.maxInFlight).hasValue(1);
    assertThat(work.started).containsExactly(0, 1, 2, 3);
    assertThat(record.ranFor).containsExactly(0, 1, 2, 3);
  }

  @Test
  void batchFlow_withNoParamMaps_runsNoSubFlowAndYieldsANullAction() throws Exception {
    CompletableFuture<String> run = parallel(0, ParallelPolicy.unbounded()).runAsync(shared);

    assertThat(run.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(work.started).isEmpty();
  }
}
