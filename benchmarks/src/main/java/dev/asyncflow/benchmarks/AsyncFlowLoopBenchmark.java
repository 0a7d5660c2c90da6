package dev.asyncflow.benchmarks;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.RunContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one transition of an {@link AsyncFlow}: one {@link AsyncNode} that loops to itself
 * {@value #TRANSITIONS} times, against hand-written {@link CompletableFuture} loops doing the same
 * work per step.
 *
 * <p>Per transition the engine calls {@code prepAsync}, {@code execAsync} and {@code postAsync},
 * each returning an already completed stage, and looks up the successor of the returned action. The
 * hand-written loops call the same three hooks (the same {@link Hooks} code, returning the same
 * stages) and keep the same counter in the shared store:
 *
 * <ul>
 *   <li>{@link #handWrittenComposed} chains the three stages with {@code thenCompose}, as one would
 *       write it by hand, in a trampolined loop: a step whose stage is already complete continues
 *       the loop instead of a callback, so the stack never grows; a step that is still pending
 *       resumes the loop from a callback. This is the baseline of the "at most 2x" target.
 *   <li>{@link #handWrittenInline} is a lower bound: it tests each stage with {@code isDone()} and
 *       reads it with {@code getNow}, allocating nothing per step when every stage is complete.
 * </ul>
 *
 * <p>{@link OperationsPerInvocation} makes JMH report the time per transition.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AsyncFlowLoopBenchmark {
  /** Transitions per invocation. */
  static final int TRANSITIONS = 1_000_000;

  static final String AGAIN = "again";
  static final String DONE = "done";

  private static final CompletableFuture<@Nullable Object> NULL_STAGE =
      CompletableFuture.completedFuture(null);
  private static final CompletableFuture<String> AGAIN_STAGE =
      CompletableFuture.completedFuture(AGAIN);
  private static final CompletableFuture<String> DONE_STAGE =
      CompletableFuture.completedFuture(DONE);

  /** The shared store: the number of transitions so far. */
  static final class Counter {
    int count;
  }

  /** The three hooks of one step, shared by the flow's node and the hand-written loops. */
  static final class Hooks {
    private Hooks() {}

    static CompletableFuture<@Nullable Object> prep(Counter shared) {
      return NULL_STAGE;
    }

    static CompletableFuture<@Nullable Object> exec(@Nullable Object prepResult) {
      return NULL_STAGE;
    }

    static CompletableFuture<String> post(
        Counter shared, @Nullable Object prepResult, @Nullable Object execResult) {
      return ++shared.count < TRANSITIONS ? AGAIN_STAGE : DONE_STAGE;
    }
  }

  /** Loops to itself on "again"; "done" leads to {@link End}. */
  static final class Loop extends AsyncNode<Counter, @Nullable Object, @Nullable Object> {
    @Override
    protected CompletionStage<@Nullable Object> prepAsync(Counter shared, RunContext context) {
      return Hooks.prep(shared);
    }

    @Override
    protected CompletionStage<@Nullable Object> execAsync(
        @Nullable Object prepResult, RunContext context) {
      return Hooks.exec(prepResult);
    }

    @Override
    protected CompletionStage<@Nullable String> postAsync(
        Counter shared,
        @Nullable Object prepResult,
        @Nullable Object execResult,
        RunContext context) {
      return Hooks.post(shared, prepResult, execResult);
    }
  }

  /** A node without successors, so that the flow ends silently (no "no successor" warning). */
  static final class End extends AsyncNode<Counter, Void, Void> {}

  private final AsyncFlow<Counter> flow = buildFlow();

  static AsyncFlow<Counter> buildFlow() {
    Loop loop = new Loop();
    loop.next(loop, AGAIN);
    loop.next(new End(), DONE);
    return new AsyncFlow<>(loop);
  }

  /**
   * The engine: {@value #TRANSITIONS} transitions of the looping node (plus one into the end node).
   *
   * @return the counter, so the work cannot be eliminated
   */
  @Benchmark
  @OperationsPerInvocation(TRANSITIONS)
  public int asyncFlow() {
    Counter counter = new Counter();
    flow.runAsync(counter).join();
    return counter.count;
  }

  /**
   * The baseline: the same hooks chained with {@code thenCompose}, in a trampolined loop.
   *
   * @return the counter
   */
  @Benchmark
  @OperationsPerInvocation(TRANSITIONS)
  public int handWrittenComposed() {
    Counter counter = new Counter();
    new ComposedLoop(counter).start().join();
    return counter.count;
  }

  /**
   * The lower bound: the same hooks, completed stages read in place without composing.
   *
   * @return the counter
   */
  @Benchmark
  @OperationsPerInvocation(TRANSITIONS)
  public int handWrittenInline() {
    Counter counter = new Counter();
    new InlineLoop(counter).start().join();
    return counter.count;
  }

  /** prep, exec and post composed per step; loops while steps complete synchronously. */
  static final class ComposedLoop {
    private final Counter shared;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    ComposedLoop(Counter shared) {
      this.shared = shared;
    }

    CompletableFuture<String> start() {
      run();
      return result;
    }

    private CompletableFuture<String> step() {
      return Hooks.prep(shared)
          .thenCompose(p -> Hooks.exec(p).thenCompose(e -> Hooks.post(shared, p, e)));
    }

    private void run() {
      while (true) {
        CompletableFuture<String> step = step();
        if (!step.isDone()) {
          // Pending: resume from the callback; this frame returns, so the stack stays flat.
          step.whenComplete(
              (action, error) -> {
                if (error != null) {
                  result.completeExceptionally(error);
                } else if (!afterStep(action)) {
                  run();
                }
              });
          return;
        }
        if (afterStep(step.join())) {
          return;
        }
      }
    }

    /** Returns true when the loop is over. */
    private boolean afterStep(String action) {
      if (AGAIN.equals(action)) {
        return false;
      }
      result.complete(action);
      return true;
    }
  }

  /** The three stages read in place when complete; a pending one resumes the loop later. */
  static final class InlineLoop {
    private final Counter shared;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    InlineLoop(Counter shared) {
      this.shared = shared;
    }

    CompletableFuture<String> start() {
      run();
      return result;
    }

    private void run() {
      while (true) {
        CompletableFuture<@Nullable Object> prep = Hooks.prep(shared);
        if (!prep.isDone()) {
          prep.whenComplete((p, error) -> resume(error));
          return;
        }
        @Nullable Object p = prep.join();
        CompletableFuture<@Nullable Object> exec = Hooks.exec(p);
        if (!exec.isDone()) {
          exec.whenComplete((e, error) -> resume(error));
          return;
        }
        CompletableFuture<String> post = Hooks.post(shared, p, exec.join());
        if (!post.isDone()) {
          post.whenComplete((a, error) -> resume(error));
          return;
        }
        String action = post.join();
        if (!AGAIN.equals(action)) {
          result.complete(action);
          return;
        }
      }
    }

    // Never reached here, as every hook completes synchronously; a full version would keep the
    // phase and the intermediate results in fields, as the engine's state machines do.
    private void resume(@Nullable Throwable error) {
      result.completeExceptionally(
          error != null ? error : new UnsupportedOperationException("asynchronous hook"));
    }
  }
}
