package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.later;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Batch nodes: exec once per item, with per-item retries and fallback, results in order. */
class BatchNodeTest {
  private static final Duration WAIT = Duration.ofMillis(10);
  private static final int ALWAYS = Integer.MAX_VALUE;

  private final Trace trace = new Trace();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final RunOptions recordWaits =
      RunOptions.builder()
          .scheduler(
              (delay, task) -> {
                waits.add(delay);
                task.run();
                return () -> {};
              })
          .build();

  @Test
  void exec_runsOncePerItem_andPostReceivesTheResultsInInputOrder() {
    trace.items = List.of("a", "b", "c");
    Upper node = new Upper(RetryPolicy.none(), Map.of(), false);

    String action = node.run(trace);

    assertThat(node.calls).containsExactly("a#0", "b#0", "c#0");
    assertThat(trace.postItems).containsExactly("a", "b", "c");
    assertThat(trace.postResults).containsExactly("A", "B", "C");
    assertThat(action).isEqualTo("batched");
  }

  @Test
  void async_exec_runsOncePerItem_andPostReceivesTheResultsInInputOrder() throws Exception {
    trace.items = List.of("a", "b", "c");
    AsyncUpper node = new AsyncUpper(RetryPolicy.none(), Map.of(), false);

    String action = node.runAsync(trace).get(5, SECONDS);

    assertThat(node.calls).containsExactly("a#0", "b#0", "c#0");
    assertThat(trace.postItems).containsExactly("a", "b", "c");
    assertThat(trace.postResults).containsExactly("A", "B", "C");
    assertThat(action).isEqualTo("batched");
  }

  @Test
  void eachItem_isRetriedOnItsOwn_withItsOwnAttemptCount() {
    trace.items = List.of("a", "b", "c");
    Upper node = new Upper(RetryPolicy.fixed(3, WAIT), Map.of("b", 2), false);

    node.run(trace, recordWaits);

    assertThat(node.calls).containsExactly("a#0", "b#0", "b#1", "b#2", "c#0");
    assertThat(node.fallbacks).isEmpty();
    assertThat(trace.postResults).containsExactly("A", "B", "C");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @Test
  void async_eachItem_isRetriedOnItsOwn_withItsOwnAttemptCount() throws Exception {
    trace.items = List.of("a", "b", "c");
    AsyncUpper node = new AsyncUpper(RetryPolicy.fixed(3, WAIT), Map.of("b", 2), false);

    node.runAsync(trace, recordWaits).get(5, SECONDS);

    assertThat(node.calls).containsExactly("a#0", "b#0", "b#1", "b#2", "c#0");
    assertThat(node.fallbacks).isEmpty();
    assertThat(trace.postResults).containsExactly("A", "B", "C");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @Test
  void anItemWhoseAttemptsAllFail_getsItsOwnFallbackResult() {
    trace.items = List.of("a", "b", "c");
    Upper node = new Upper(RetryPolicy.fixed(2, WAIT), Map.of("b", ALWAYS), true);

    node.run(trace, recordWaits);

    assertThat(node.calls).containsExactly("a#0", "b#0", "b#1", "c#0");
    assertThat(node.fallbacks).containsExactly("b|b failed on attempt 1|attempt 1");
    assertThat(trace.postResults).containsExactly("A", "fallback-b", "C");
  }

  @Test
  void async_anItemWhoseAttemptsAllFail_getsItsOwnFallbackResult() throws Exception {
    trace.items = List.of("a", "b", "c");
    AsyncUpper node = new AsyncUpper(RetryPolicy.fixed(2, WAIT), Map.of("b", ALWAYS), true);

    node.runAsync(trace, recordWaits).get(5, SECONDS);

    assertThat(node.calls).containsExactly("a#0", "b#0", "b#1", "c#0");
    assertThat(node.fallbacks).containsExactly("b|b failed on attempt 1|attempt 1");
    assertThat(trace.postResults).containsExactly("A", "fallback-b", "C");
  }

  @Test
  void prepReturningNull_meansNoItems_andPostReceivesEmptyLists() {
    trace.items = null;
    Upper node = new Upper(RetryPolicy.none(), Map.of(), false);

    String action = node.run(trace);

    assertThat(node.calls).isEmpty();
    assertThat(trace.postItems).isNotNull().isEmpty();
    assertThat(trace.postResults).isNotNull().isEmpty();
    assertThat(action).isEqualTo("batched");
  }

  @Test
  void async_prepYieldingNull_meansNoItems_andPostReceivesEmptyLists() throws Exception {
    trace.items = null;
    AsyncUpper node = new AsyncUpper(RetryPolicy.none(), Map.of(), false);

    node.runAsync(trace).get(5, SECONDS);

    assertThat(node.calls).isEmpty();
    assertThat(trace.postItems).isNotNull().isEmpty();
    assertThat(trace.postResults).isNotNull().isEmpty();
  }

  @Test
  void aFailingItem_failsTheNode_andLaterItemsDoNotRun() {
    trace.items = List.of("a", "b", "c");
    Upper node = new Upper(RetryPolicy.none(), Map.of("b", ALWAYS), false);

    Throwable thrown = catchThrowable(() -> node.run(trace));

    assertThat(thrown).isSameAs(node.thrown.get(0));
    assertThat(node.calls).containsExactly("a#0", "b#0");
    assertThat(node.fallbacks).containsExactly("b|b failed on attempt 0|attempt 0");
    assertThat(trace.postResults).as("post never ran").isNull();
  }

  @Test
  void async_aFailingItem_failsTheNode_andLaterItemsDoNotRun() {
    trace.items = List.of("a", "b", "c");
    AsyncUpper node = new AsyncUpper(RetryPolicy.none(), Map.of("b", ALWAYS), false);

    Throwable thrown = catchThrowable(() -> node.runAsync(trace).get(5, SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(node.thrown.get(0));
    assertThat(node.calls).containsExactly("a#0", "b#0");
    assertThat(trace.postResults).as("post never ran").isNull();
  }

  @Test
  void maxAttemptsZero_skipsExecForEveryItem_andEachResultIsNull() {
    trace.items = List.of("a", "b");
    Upper node = new Upper(RetryPolicy.fixed(0, Duration.ZERO), Map.of(), false);

    node.run(trace);

    assertThat(node.calls).isEmpty();
    assertThat(trace.postItems).containsExactly("a", "b");
    assertThat(trace.postResults).containsExactly(null, null);
  }

  @Test
  void blockingRun_callsEveryItemsExecOnTheCallingThread() {
    trace.items = List.of("a", "b");
    Upper node = new Upper(RetryPolicy.fixed(2, WAIT), Map.of("a", 1), false);
    RunOptions timerOnOtherThread =
        RunOptions.builder()
            .scheduler(
                (delay, task) -> {
                  new Thread(task).start();
                  return () -> {};
                })
            .build();

    node.run(trace, timerOnOtherThread);

    assertThat(node.calls).containsExactly("a#0", "a#1", "b#0");
    assertThat(node.threads).hasSize(3).containsOnly(Thread.currentThread());
  }

  // ---------------------------------------------------------------- test nodes

  static final class Trace {
    volatile List<String> items;
    volatile List<String> postItems;
    volatile List<String> postResults;
  }

  /** Upper-cases each item; item {@code x} fails on its first {@code failures.get(x)} attempts. */
  private static final class Upper extends BatchNode<Trace, String, String> {
    private final Map<String, Integer> failures;
    private final boolean recover;
    private final Map<String, Integer> execCounts = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<String> fallbacks = new CopyOnWriteArrayList<>();
    final List<Exception> thrown = new CopyOnWriteArrayList<>();

    Upper(RetryPolicy policy, Map<String, Integer> failures, boolean recover) {
      super(policy);
      this.failures = failures;
      this.recover = recover;
    }

    @Override
    protected List<String> prep(Trace shared, RunContext ctx) {
      return shared.items;
    }

    @Override
    protected String exec(String item, RunContext ctx) {
      calls.add(item + "#" + ctx.attempt());
      threads.add(Thread.currentThread());
      int count = execCounts.merge(item, 1, Integer::sum);
      if (count <= failures.getOrDefault(item, 0)) {
        RuntimeException e =
            new IllegalStateException(item + " failed on attempt " + ctx.attempt());
        thrown.add(e);
        throw e;
      }
      return item.toUpperCase(Locale.ROOT);
    }

    @Override
    protected String execFallback(String item, Exception error, RunContext ctx) throws Exception {
      fallbacks.add(item + "|" + error.getMessage() + "|attempt " + ctx.attempt());
      return recover ? "fallback-" + item : super.execFallback(item, error, ctx);
    }

    @Override
    protected String post(Trace shared, List<String> items, List<String> results, RunContext ctx) {
      shared.postItems = items;
      shared.postResults = results;
      return "batched";
    }
  }

  private static final class AsyncUpper extends AsyncBatchNode<Trace, String, String> {
    private final Map<String, Integer> failures;
    private final boolean recover;
    private final Map<String, Integer> execCounts = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> fallbacks = new CopyOnWriteArrayList<>();
    final List<Exception> thrown = new CopyOnWriteArrayList<>();

    AsyncUpper(RetryPolicy policy, Map<String, Integer> failures, boolean recover) {
      super(policy);
      this.failures = failures;
      this.recover = recover;
    }

    @Override
    protected CompletionStage<List<String>> prepAsync(Trace shared, RunContext ctx) {
      return later(() -> shared.items);
    }

    @Override
    protected CompletionStage<String> execAsync(String item, RunContext ctx) {
      int attempt = ctx.attempt();
      return later(
          () -> {
            calls.add(item + "#" + attempt);
            int count = execCounts.merge(item, 1, Integer::sum);
            if (count <= failures.getOrDefault(item, 0)) {
              RuntimeException e =
                  new IllegalStateException(item + " failed on attempt " + attempt);
              thrown.add(e);
              throw e;
            }
            return item.toUpperCase(Locale.ROOT);
          });
    }

    @Override
    protected CompletionStage<String> execFallbackAsync(
        String item, Exception error, RunContext ctx) throws Exception {
      fallbacks.add(item + "|" + error.getMessage() + "|attempt " + ctx.attempt());
      return recover
          ? CompletableFuture.completedFuture("fallback-" + item)
          : super.execFallbackAsync(item, error, ctx);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, List<String> items, List<String> results, RunContext ctx) {
      shared.postItems = items;
      shared.postResults = results;
      return CompletableFuture.completedFuture("batched");
    }
  }
}
