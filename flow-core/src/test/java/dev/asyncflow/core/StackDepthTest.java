package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loops run in constant stack depth: every test runs its flow on a thread with a 256 KiB stack,
 * where a few thousand nested frames per transition would overflow long before the end.
 */
class StackDepthTest {

  private static final long STACK_SIZE = 256 * 1024;
  private static final CompletableFuture<String> AGAIN = CompletableFuture.completedFuture("again");
  private static final CompletableFuture<String> DONE = CompletableFuture.completedFuture("done");

  /** The shared store: how many times the looping node has run. */
  private static final class Counter {
    long runs;
  }

  private ExecutorService hops;

  @AfterEach
  void shutDown() {
    if (hops != null) {
      hops.shutdownNow();
    }
  }

  @Test
  void asyncFlow_loopingTenMillionTimesOnSynchronousStages_completesOnASmallStack()
      throws Exception {
    // Given a node that loops to itself until it has run ten million times
    long limit = 10_000_000L;
    AsyncNode<Counter, Object, Object> loop = counting(limit);
    loop.next(loop, "again");
    AsyncFlow<Counter> flow = new AsyncFlow<>(loop);
    Counter counter = new Counter();

    // When
    String action =
        onSmallStack(() -> flow.runAsync(counter).getNow("still running after runAsync"));

    // Then
    assertThat(action).isEqualTo("done");
    assertThat(counter.runs).isEqualTo(limit);
  }

  @Test
  void syncFlow_loopingTenMillionTimes_completesOnASmallStack() throws Exception {
    long limit = 10_000_000L;
    Node<Counter, Object, Object> loop =
        new Node<>() {
          @Override
          protected String post(
              Counter counter, Object prepResult, Object execResult, RunContext context) {
            return ++counter.runs < limit ? "again" : "done";
          }
        };
    loop.next(loop, "again");
    Flow<Counter> flow = new Flow<>(loop);
    Counter counter = new Counter();

    String action = onSmallStack(() -> flow.run(counter));

    assertThat(action).isEqualTo("done");
    assertThat(counter.runs).isEqualTo(limit);
  }

  @Test
  void asyncFlow_loopingTenMillionTimes_withPostCompletingOnAnotherThread_completes()
      throws Exception {
    // Given a post stage that always completes on one of two other small-stack threads
    hops = Executors.newFixedThreadPool(2, task -> new Thread(null, task, "hop", STACK_SIZE));
    long limit = 10_000_000L;
    // Hooks of one run never overlap, and each hop happens-after the previous one
    AsyncNode<Counter, Object, Object> loop =
        counting(limit, (runs, action) -> CompletableFuture.supplyAsync(action::join, hops));
    loop.next(loop, "again");
    AsyncFlow<Counter> flow = new AsyncFlow<>(loop);
    Counter counter = new Counter();

    // When started from a small-stack thread
    CompletableFuture<String> run = onSmallStack(() -> flow.runAsync(counter));

    // Then
    assertThat(run.get(120, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(counter.runs).isEqualTo(limit);
  }

  @Test
  void asyncFlow_loopingTenMillionTimes_withEveryThousandthPostOnAnotherThread_completes()
      throws Exception {
    // Given a post stage that is already complete, except every 1,000th, which hops threads
    hops = Executors.newFixedThreadPool(2, task -> new Thread(null, task, "hop", STACK_SIZE));
    long limit = 10_000_000L;
    AsyncNode<Counter, Object, Object> loop =
        counting(
            limit,
            (runs, action) ->
                runs % 1_000 == 0 ? CompletableFuture.supplyAsync(action::join, hops) : action);
    loop.next(loop, "again");
    AsyncFlow<Counter> flow = new AsyncFlow<>(loop);
    Counter counter = new Counter();

    // When started from a small-stack thread
    CompletableFuture<String> run = onSmallStack(() -> flow.runAsync(counter));

    // Then
    assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(counter.runs).isEqualTo(limit);
  }

  @Test
  void asyncFlow_loopingAMillionTimesThroughANestedFlow_completesOnASmallStack() throws Exception {
    // Given an inner flow whose one node ends it with "again" until it has run a million times,
    // and an outer flow in which the inner flow loops to itself on "again"
    long limit = 1_000_000L;
    AsyncNode<Counter, Object, Object> step = counting(limit);
    AsyncFlow<Counter> inner = new AsyncFlow<>(step);
    inner.next(inner, "again");
    AsyncFlow<Counter> outer = new AsyncFlow<>(inner);
    Counter counter = new Counter();

    // When
    String action =
        onSmallStack(() -> outer.runAsync(counter).getNow("still running after runAsync"));

    // Then
    assertThat(action).isEqualTo("done");
    assertThat(counter.runs).isEqualTo(limit);
  }

  @Test
  void asyncFlow_loopingAMillionTimesThroughANodeWithAnHourTimeout_completesOnASmallStack()
      throws Exception {
    // Given a looping node with a timeout of one hour on the default scheduler, which it never
    // comes near: every run of it arms a timer and ends long before it is due
    long limit = 1_000_000L;
    AsyncNode<Counter, Object, Object> loop = counting(limit);
    loop.setTimeout(Duration.ofHours(1));
    loop.next(loop, "again");
    AsyncFlow<Counter> flow = new AsyncFlow<>(loop);
    Counter counter = new Counter();

    // When
    String action =
        onSmallStack(() -> flow.runAsync(counter).getNow("still running after runAsync"));

    // Then
    assertThat(action).isEqualTo("done");
    assertThat(counter.runs).isEqualTo(limit);
  }

  @Test
  void sequentialBatchNode_ofAMillionSynchronousItems_completesOnASmallStack() throws Exception {
    int size = 1_000_000;
    AsyncBatchNode<Counter, Integer, Integer> batch =
        new AsyncBatchNode<>() {
          @Override
          protected CompletionStage<List<Integer>> prepAsync(Counter counter, RunContext context) {
            return CompletableFuture.completedFuture(
                IntStream.range(0, size).boxed().collect(Collectors.toList()));
          }

          @Override
          protected CompletionStage<Integer> execAsync(Integer item, RunContext context) {
            return CompletableFuture.completedFuture(item * 2);
          }

          @Override
          protected CompletionStage<String> postAsync(
              Counter counter, List<Integer> items, List<Integer> results, RunContext context) {
            counter.runs = results.size();
            return CompletableFuture.completedFuture(
                results.get(0) + ".." + results.get(results.size() - 1));
          }
        };
    Counter counter = new Counter();

    String action = onSmallStack(() -> batch.runAsync(counter).getNow("still running"));

    assertThat(action).isEqualTo("0..1999998");
    assertThat(counter.runs).isEqualTo(size);
  }

  /**
   * Returns an async node that counts its runs and says "again" until it has run {@code limit}
   * times, then "done"; {@code deliver} turns that already completed action into the stage that
   * postAsync returns (the same stage, or one completing on another thread).
   */
  private static AsyncNode<Counter, Object, Object> counting(
      long limit, BiFunction<Long, CompletableFuture<String>, CompletionStage<String>> deliver) {
    return new AsyncNode<>() {
      @Override
      protected CompletionStage<String> postAsync(
          Counter counter, Object prepResult, Object execResult, RunContext context) {
        long runs = ++counter.runs;
        return deliver.apply(runs, runs < limit ? AGAIN : DONE);
      }
    };
  }

  private static AsyncNode<Counter, Object, Object> counting(long limit) {
    return counting(limit, (runs, action) -> action);
  }

  /** Runs {@code body} on a fresh thread with a 256 KiB stack and returns its result. */
  private static <T> T onSmallStack(Callable<T> body) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(body.call());
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "small-stack",
            STACK_SIZE);
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(thread.isAlive()).as("small-stack thread still running").isFalse();
    if (failure.get() != null) {
      throw new AssertionError("failed on the small stack: " + failure.get(), failure.get());
    }
    return result.get();
  }
}
