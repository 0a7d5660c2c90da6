package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A timeout stops work that runs synchronously inside the timed node: the nodes of a looping
 * sub-flow and the attempts of a retry loop stop starting, and hooks see {@code isCancelled()}.
 * Each hook advances the manual clock by {@value #STEP_MILLIS} ms, as if it took that long.
 */
class StopPropagationTest {
  private static final long STEP_MILLIS = 50;
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private final ManualScheduler manual = new ManualScheduler();
  private final RunOptions options = RunOptions.builder().scheduler(manual).build();
  private final Map<String, Object> shared = new ConcurrentHashMap<>();
  private final AtomicInteger ticks = new AtomicInteger();

  /** A node that takes {@value #STEP_MILLIS} ms of virtual time and loops to itself. */
  private final class Tick extends Node<Map<String, Object>, Object, Object> {
    Tick() {
      super(RetryPolicy.none());
    }

    @Override
    protected Object exec(Object prepResult, RunContext context) {
      ticks.incrementAndGet();
      manual.advance(Duration.ofMillis(STEP_MILLIS));
      return null;
    }

    @Override
    protected String post(
        Map<String, Object> shared, Object prepResult, Object execResult, RunContext context) {
      return ticks.get() < 20 ? "again" : "done";
    }
  }

  private Flow<Map<String, Object>> timedLoopingSubFlow() {
    Tick tick = new Tick();
    tick.next(tick, "again");
    Flow<Map<String, Object>> loop = new Flow<>(tick);
    loop.setName("Loop");
    loop.setTimeout(TIMEOUT);
    return loop;
  }

  @Test
  void timedSubFlow_inABlockingRun_startsNoNodeOnceItsTimeIsUp() {
    Flow<Map<String, Object>> flow = new Flow<>(timedLoopingSubFlow());

    assertThatThrownBy(() -> flow.run(shared, options))
        .isInstanceOf(NodeTimeoutException.class)
        .hasMessageContaining("Loop");
    assertThat(ticks).hasValue(4);
  }

  @Test
  void timedSubFlow_inAnAsyncRun_startsNoNodeOnceItsTimeIsUp() {
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(timedLoopingSubFlow());

    CompletableFuture<String> run = flow.runAsync(shared, options);

    assertThat(failureOf(run)).isInstanceOf(NodeTimeoutException.class);
    assertThat(ticks).hasValue(4);
  }

  @Test
  void timedNode_withZeroWaitRetries_startsNoAttemptOnceItsTimeIsUp() {
    Node<Map<String, Object>, Object, Object> flaky =
        new Node<>(RetryPolicy.fixed(20, Duration.ZERO)) {
          @Override
          protected Object exec(Object prepResult, RunContext context) {
            ticks.incrementAndGet();
            manual.advance(Duration.ofMillis(STEP_MILLIS));
            throw new IllegalStateException("flaky");
          }
        };
    flaky.setTimeout(TIMEOUT);

    assertThatThrownBy(() -> new Flow<>(flaky).run(shared, options))
        .isInstanceOf(NodeTimeoutException.class);
    assertThat(ticks).hasValue(4);
  }

  @Test
  void hookOfATimedNode_inABlockingRun_seesIsCancelledOnceTheTimeIsUp() {
    List<Boolean> seen = new ArrayList<>();
    Node<Map<String, Object>, Object, Object> slow =
        new Node<>() {
          @Override
          protected Object exec(Object prepResult, RunContext context) {
            seen.add(context.isCancelled());
            manual.advance(TIMEOUT);
            seen.add(context.isCancelled());
            return null;
          }
        };
    slow.setTimeout(TIMEOUT);

    assertThatThrownBy(() -> slow.run(shared, options)).isInstanceOf(NodeTimeoutException.class);
    assertThat(seen).containsExactly(false, true);
  }
}
