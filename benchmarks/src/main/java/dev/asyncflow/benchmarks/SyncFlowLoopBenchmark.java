package dev.asyncflow.benchmarks;

import dev.asyncflow.core.Flow;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RunContext;
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
 * The cost of one transition of a synchronous {@link Flow}: one {@link Node} that loops to itself
 * {@value #TRANSITIONS} times ({@code post} returns "again", then "done"). {@link
 * OperationsPerInvocation} makes JMH report the time per transition.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SyncFlowLoopBenchmark {
  /** Transitions per invocation. */
  static final int TRANSITIONS = 1_000_000;

  static final String AGAIN = "again";
  static final String DONE = "done";

  /** The shared store: the number of transitions so far. */
  static final class Counter {
    int count;
  }

  /** Loops to itself on "again"; prep and exec are the defaults (they return null). */
  static final class Loop extends Node<Counter, Void, Void> {
    @Override
    protected String post(
        Counter shared, @Nullable Void prepResult, @Nullable Void execResult, RunContext context) {
      return ++shared.count < TRANSITIONS ? AGAIN : DONE;
    }
  }

  /** A node without successors, so that the flow ends silently (no "no successor" warning). */
  static final class End extends Node<Counter, Void, Void> {}

  private final Flow<Counter> flow = buildFlow();

  static Flow<Counter> buildFlow() {
    Loop loop = new Loop();
    loop.next(loop, AGAIN);
    loop.next(new End(), DONE);
    return new Flow<>(loop);
  }

  /**
   * {@value #TRANSITIONS} transitions of the looping node (plus one into the end node), on the
   * calling thread.
   *
   * @return the counter, so the work cannot be eliminated
   */
  @Benchmark
  @OperationsPerInvocation(TRANSITIONS)
  public int syncFlow() {
    Counter counter = new Counter();
    flow.run(counter);
    return counter.count;
  }
}
