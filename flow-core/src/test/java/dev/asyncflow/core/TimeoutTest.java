package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link BaseNode#setTimeout} limits a node's run, measured on the run's {@link Scheduler}. */
class TimeoutTest {

  private final ManualScheduler manual = new ManualScheduler();
  private final RunOptions options = RunOptions.builder().scheduler(manual).build();
  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /** A node whose execAsync stage stays open until the test completes it. */
  private static final class Held extends AsyncNode<Map<String, Object>, Object, String> {
    final CompletableFuture<String> stage = new CompletableFuture<>();
    final AtomicInteger preps = new AtomicInteger();
    final AtomicInteger execs = new AtomicInteger();

    Held(String name) {
      this(name, RetryPolicy.none());
    }

    Held(String name, RetryPolicy policy) {
      super(policy);
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
      return stage;
    }

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared, Object prepResult, String execResult, RunContext context) {
      return CompletableFuture.completedFuture(execResult);
    }
  }

  private final Held slow = new Held("Slow");
  private final Held after = new Held("After");

  @Test
  void timeout_mustBePositive() {
    Node<Object, Object, Object> node = new Node<>() {};

    assertThatIllegalArgumentException().isThrownBy(() -> node.setTimeout(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> node.setTimeout(Duration.ofSeconds(-1)));
    node.setTimeout(Duration.ofSeconds(1));
    assertThat(node.timeout()).isEqualTo(Duration.ofSeconds(1));
    node.setTimeout(null);
    assertThat(node.timeout()).isNull();
  }

  @Test
  void heldStage_pastTheTimeout_failsTheRunWithNodeTimeoutException() {
    // Given
    slow.setTimeout(Duration.ofSeconds(5));
    slow.next(after);
    CompletableFuture<String> run = new AsyncFlow<>(slow).runAsync(shared, options);

    // When
    manual.advance(Duration.ofSeconds(5));

    // Then
    Throwable failure = failureOf(run);
    assertThat(failure).isInstanceOf(NodeTimeoutException.class);
    NodeTimeoutException timeout = (NodeTimeoutException) failure;
    assertThat(timeout.nodeName()).isEqualTo("Slow");
    assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void heldStage_justBeforeTheTimeout_isStillRunning() {
    slow.setTimeout(Duration.ofSeconds(5));
    CompletableFuture<String> run = new AsyncFlow<>(slow).runAsync(shared, options);

    manual.advance(Duration.ofMillis(4_999));

    assertThat(run).isNotDone();
    assertThat(slow.stage).isNotCancelled();
    assertThat(manual.delays()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void timeout_cancelsTheHeldStage_andSuccessorsDoNotRun() {
    slow.setTimeout(Duration.ofSeconds(5));
    slow.next(after);
    CompletableFuture<String> run = new AsyncFlow<>(slow).runAsync(shared, options);

    manual.advance(Duration.ofSeconds(5));

    assertThat(run).isCompletedExceptionally();
    assertThat(slow.stage).isCancelled();
    assertThat(after.preps).hasValue(0);
  }

  @Test
  void timeout_isReportedThroughTheRunFuture_onlyAfterTheHeldStageIsCancelled() {
    // NodeTimeoutException: "The node's in-flight stage has been cancelled."
    slow.setTimeout(Duration.ofSeconds(5));
    CompletableFuture<String> run = new AsyncFlow<>(slow).runAsync(shared, options);
    AtomicReference<Boolean> stageCancelledWhenReported = new AtomicReference<>();
    run.whenComplete((value, error) -> stageCancelledWhenReported.set(slow.stage.isCancelled()));

    manual.advance(Duration.ofSeconds(5));

    assertThat(failureOf(run)).isInstanceOf(NodeTimeoutException.class);
    assertThat(stageCancelledWhenReported.get()).isTrue();
  }

  @Test
  void timeout_isNotRetried_evenWithAttemptsLeft() {
    Held retried = new Held("Retried", RetryPolicy.fixed(3, Duration.ZERO));
    retried.setTimeout(Duration.ofSeconds(1));
    CompletableFuture<String> run = retried.runAsync(shared, options);

    manual.advance(Duration.ofSeconds(1));

    assertThat(failureOf(run)).isInstanceOf(NodeTimeoutException.class);
    assertThat(retried.execs).hasValue(1);
  }

  @Test
  void nodeFinishingInTime_cancelsItsTimer() throws Exception {
    slow.setTimeout(Duration.ofSeconds(5));
    CompletableFuture<String> run = new AsyncFlow<>(slow).runAsync(shared, options);
    assertThat(manual.pendingCount()).isEqualTo(1);
    manual.advance(Duration.ofSeconds(4));

    slow.stage.complete("in time");

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("in time");
    assertThat(manual.pendingCount()).isZero();
  }

  @Test
  void synchronouslyFinishingNode_leavesNoTimerBehind() throws Exception {
    slow.setTimeout(Duration.ofSeconds(5));
    slow.stage.complete("already");

    CompletableFuture<String> run = slow.runAsync(shared, options);

    assertThat(run).isCompletedWithValue("already");
    assertThat(manual.delays()).containsExactly(Duration.ofSeconds(5));
    assertThat(manual.pendingCount()).isZero();
  }

  @Test
  void timeoutOnANestedFlow_coversItsWholeGraph() {
    // Given an inner flow first -> second with a 5 s timeout, followed by an outer node
    Held first = new Held("First");
    Held second = new Held("Second");
    first.next(second, "go");
    AsyncFlow<Map<String, Object>> inner = new AsyncFlow<>(first);
    inner.setName("Inner");
    inner.setTimeout(Duration.ofSeconds(5));
    inner.next(after);
    CompletableFuture<String> run = new AsyncFlow<>(inner).runAsync(shared, options);

    // When the first node takes 3 s and the second 2 s more
    manual.advance(Duration.ofSeconds(3));
    first.stage.complete("go");
    assertThat(second.execs).hasValue(1);
    manual.advance(Duration.ofSeconds(2));

    // Then the inner flow timed out as a whole, inside its second node
    Throwable failure = failureOf(run);
    assertThat(failure).isInstanceOf(NodeTimeoutException.class);
    assertThat(((NodeTimeoutException) failure).nodeName()).isEqualTo("Inner");
    assertThat(second.stage).isCancelled();
    assertThat(after.preps).hasValue(0);
  }

  @Test
  void timeout_duringARetryWait_cancelsTheWait() {
    // Given a node that waits 10 s between attempts but may take 5 s in all
    AtomicInteger attempts = new AtomicInteger();
    AsyncNode<Map<String, Object>, Object, Object> flaky =
        new AsyncNode<>(RetryPolicy.fixed(3, Duration.ofSeconds(10))) {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("flaky"));
          }
        };
    flaky.setTimeout(Duration.ofSeconds(5));
    CompletableFuture<String> run = new AsyncFlow<>(flaky).runAsync(shared, options);
    assertThat(manual.pendingCount()).isEqualTo(2); // the timer and the retry wait

    // When
    manual.advance(Duration.ofSeconds(5));

    // Then
    assertThat(failureOf(run)).isInstanceOf(NodeTimeoutException.class);
    assertThat(manual.pendingCount()).isZero();
    manual.advance(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(1);
  }

  /** A synchronous node whose exec lets 6 s of virtual time pass, past its 5 s timeout. */
  private Node<Map<String, Object>, Object, Object> overrunningSyncNode(
      AtomicInteger execsFinished) {
    Node<Map<String, Object>, Object, Object> node =
        new Node<>() {
          @Override
          protected Object exec(Object prepResult, RunContext context) {
            manual.advance(Duration.ofSeconds(6));
            execsFinished.incrementAndGet();
            return "late";
          }
        };
    node.setName("SyncSlow");
    node.setTimeout(Duration.ofSeconds(5));
    return node;
  }

  @Test
  void syncHookOverrunningItsTimeout_inAnAsyncFlow_failsTheRunOnceItReturns() {
    AtomicInteger execsFinished = new AtomicInteger();
    Node<Map<String, Object>, Object, Object> node = overrunningSyncNode(execsFinished);
    node.next(after);

    CompletableFuture<String> run = new AsyncFlow<>(node).runAsync(shared, options);

    assertThat(execsFinished).hasValue(1);
    Throwable failure = failureOf(run);
    assertThat(failure).isInstanceOf(NodeTimeoutException.class);
    assertThat(((NodeTimeoutException) failure).nodeName()).isEqualTo("SyncSlow");
    assertThat(after.preps).hasValue(0);
  }

  @Test
  void syncHookOverrunningItsTimeout_inABlockingSyncFlow_failsTheRunOnceItReturns() {
    AtomicInteger execsFinished = new AtomicInteger();
    AtomicInteger afterRuns = new AtomicInteger();
    Node<Map<String, Object>, Object, Object> node = overrunningSyncNode(execsFinished);
    Node<Map<String, Object>, Object, Object> syncAfter =
        new Node<>() {
          @Override
          protected Object prep(Map<String, Object> shared, RunContext context) {
            afterRuns.incrementAndGet();
            return null;
          }
        };
    node.next(syncAfter);
    Flow<Map<String, Object>> flow = new Flow<>(node);

    assertThatThrownBy(() -> flow.run(shared, options))
        .isInstanceOf(NodeTimeoutException.class)
        .hasMessageContaining("SyncSlow");
    assertThat(execsFinished).hasValue(1);
    assertThat(afterRuns).hasValue(0);
  }
}
