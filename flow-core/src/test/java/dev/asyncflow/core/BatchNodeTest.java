package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asyncflow.core.BothWays.BatchHooks;
import dev.asyncflow.core.BothWays.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch nodes: exec once per item, with per-item retries and fallback, results in order. Each
 * scenario runs as a {@link BatchNode} and as an {@link AsyncBatchNode} ({@link Mode}).
 */
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

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exec_runsOncePerItem_andPostReceivesTheResultsInInputOrder(Mode mode) throws Throwable {
    trace.items = List.of("a", "b", "c");
    Upper upper = new Upper(Map.of(), false);

    String action = mode.run(mode.batchNode(RetryPolicy.none(), upper), trace);

    assertThat(upper.calls).containsExactly("a#0", "b#0", "c#0");
    assertThat(trace.postItems).containsExactly("a", "b", "c");
    assertThat(trace.postResults).containsExactly("A", "B", "C");
    assertThat(action).isEqualTo("batched");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eachItem_isRetriedOnItsOwn_withItsOwnAttemptCount(Mode mode) throws Throwable {
    trace.items = List.of("a", "b", "c");
    Upper upper = new Upper(Map.of("b", 2), false);

    mode.run(mode.batchNode(RetryPolicy.fixed(3, WAIT), upper), trace, recordWaits);

    assertThat(upper.calls).containsExactly("a#0", "b#0", "b#1", "b#2", "c#0");
    assertThat(upper.fallbacks).isEmpty();
    assertThat(trace.postResults).containsExactly("A", "B", "C");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anItemWhoseAttemptsAllFail_getsItsOwnFallbackResult(Mode mode) throws Throwable {
    trace.items = List.of("a", "b", "c");
    Upper upper = new Upper(Map.of("b", ALWAYS), true);

    mode.run(mode.batchNode(RetryPolicy.fixed(2, WAIT), upper), trace, recordWaits);

    assertThat(upper.calls).containsExactly("a#0", "b#0", "b#1", "c#0");
    assertThat(upper.fallbacks).containsExactly("b|b failed on attempt 1|attempt 1");
    assertThat(trace.postResults).containsExactly("A", "fallback-b", "C");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void prepReturningNull_meansNoItems_andPostReceivesEmptyLists(Mode mode) throws Throwable {
    trace.items = null;
    Upper upper = new Upper(Map.of(), false);

    String action = mode.run(mode.batchNode(RetryPolicy.none(), upper), trace);

    assertThat(upper.calls).isEmpty();
    assertThat(trace.postItems).isNotNull().isEmpty();
    assertThat(trace.postResults).isNotNull().isEmpty();
    assertThat(action).isEqualTo("batched");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailingItem_failsTheNode_andLaterItemsDoNotRun(Mode mode) {
    trace.items = List.of("a", "b", "c");
    Upper upper = new Upper(Map.of("b", ALWAYS), false);
    BaseNode<Trace> node = mode.batchNode(RetryPolicy.none(), upper);

    Throwable thrown = catchThrowable(() -> mode.run(node, trace));

    assertThat(thrown).isSameAs(upper.thrown.get(0));
    assertThat(upper.calls).containsExactly("a#0", "b#0");
    assertThat(upper.fallbacks).containsExactly("b|b failed on attempt 0|attempt 0");
    assertThat(trace.postResults).as("post never ran").isNull();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maxAttemptsZero_skipsExecForEveryItem_andEachResultIsNull(Mode mode) throws Throwable {
    trace.items = List.of("a", "b");
    Upper upper = new Upper(Map.of(), false);

    mode.run(mode.batchNode(RetryPolicy.fixed(0, Duration.ZERO), upper), trace);

    assertThat(upper.calls).isEmpty();
    assertThat(trace.postItems).containsExactly("a", "b");
    assertThat(trace.postResults).containsExactly(null, null);
  }

  @Test
  void blockingRun_callsEveryItemsExecOnTheCallingThread() throws Throwable {
    trace.items = List.of("a", "b");
    Upper upper = new Upper(Map.of("a", 1), false);
    RunOptions timerOnOtherThread =
        RunOptions.builder()
            .scheduler(
                (delay, task) -> {
                  new Thread(task).start();
                  return () -> {};
                })
            .build();

    Mode.SYNC.run(
        Mode.SYNC.batchNode(RetryPolicy.fixed(2, WAIT), upper), trace, timerOnOtherThread);

    assertThat(upper.calls).containsExactly("a#0", "a#1", "b#0");
    assertThat(upper.threads).hasSize(3).containsOnly(Thread.currentThread());
  }

  // ---------------------------------------------------------------- test nodes

  static final class Trace {
    volatile List<String> items;
    volatile List<String> postItems;
    volatile List<String> postResults;
  }

  /**
   * Upper-cases each item; item {@code x} fails on its first {@code failures.get(x)} attempts.
   * Without {@code recover}, the fallback is the library's default: rethrowing.
   */
  private static final class Upper implements BatchHooks<Trace, String, String> {
    private final Map<String, Integer> failures;
    private final boolean recover;
    private final Map<String, Integer> execCounts = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<String> fallbacks = new CopyOnWriteArrayList<>();
    final List<Exception> thrown = new CopyOnWriteArrayList<>();

    Upper(Map<String, Integer> failures, boolean recover) {
      this.failures = failures;
      this.recover = recover;
    }

    @Override
    public List<String> prep(Trace shared, RunContext ctx) {
      return shared.items;
    }

    @Override
    public String exec(String item, RunContext ctx) {
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
    public String execFallback(
        String item, Exception error, RunContext ctx, Callable<String> libraryDefault)
        throws Exception {
      fallbacks.add(item + "|" + error.getMessage() + "|attempt " + ctx.attempt());
      return recover ? "fallback-" + item : libraryDefault.call();
    }

    @Override
    public String post(Trace shared, List<String> items, List<String> results, RunContext ctx) {
      shared.postItems = items;
      shared.postResults = results;
      return "batched";
    }
  }
}
