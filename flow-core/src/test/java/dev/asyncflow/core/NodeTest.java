package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.later;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The life of a single node: hooks, retries, fallback, errors and wiring. */
class NodeTest {
  private static final Duration WAIT = Duration.ofMillis(10);
  private static final int ALWAYS = Integer.MAX_VALUE;

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final Trace trace = new Trace();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  /** Options whose scheduler records each wait and runs the task at once: nothing sleeps. */
  private final RunOptions recordWaits =
      RunOptions.builder()
          .scheduler(
              (delay, task) -> {
                waits.add(delay);
                task.run();
                return () -> {};
              })
          .build();

  // ---------------------------------------------------------------- lifecycle

  @Test
  void lifecycle_runsPrepThenExecThenPost_handingEachResultToTheNext() {
    String action = new Lifecycle().run(trace);

    assertThat(trace.events)
        .containsExactly("prep", "exec(prep-result)", "post(prep-result, exec-result)");
    assertThat(action).isEqualTo("chosen-action");
  }

  @Test
  void async_lifecycle_runsPrepThenExecThenPost_handingEachResultToTheNext() throws Exception {
    String action = new AsyncLifecycle().runAsync(trace).get(5, SECONDS);

    assertThat(trace.events)
        .containsExactly("prep", "exec(prep-result)", "post(prep-result, exec-result)");
    assertThat(action).isEqualTo("chosen-action");
  }

  @Test
  void everyHookIsOptional_andABareNodeReturnsTheNullAction() {
    assertThat(new BareNode().run(trace)).isNull();
  }

  @Test
  void async_everyHookIsOptional_andABareNodeYieldsTheNullAction() throws Exception {
    assertThat(new BareAsyncNode().runAsync(trace).get(5, SECONDS)).isNull();
  }

  @Test
  void prepException_propagatesUnchanged_isNotRetried_andExecNeverRuns() {
    RuntimeException boom = new IllegalStateException("prep failed");
    FailingPrepOrPost node = new FailingPrepOrPost(boom, null);

    assertThatThrownBy(() -> node.run(trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("prep");
  }

  @Test
  void async_prepException_propagatesUnchanged_isNotRetried_andExecNeverRuns() {
    RuntimeException boom = new IllegalStateException("prep failed");
    AsyncFailingPrepOrPost node = new AsyncFailingPrepOrPost(boom, null);

    Throwable thrown = catchThrowable(() -> node.runAsync(trace).get(5, SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(boom);
    assertThat(trace.events).containsExactly("prep");
  }

  @Test
  void postException_propagatesUnchanged_andIsNotRetried() {
    RuntimeException boom = new IllegalStateException("post failed");
    FailingPrepOrPost node = new FailingPrepOrPost(null, boom);

    assertThatThrownBy(() -> node.run(trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("prep", "exec", "post");
  }

  @Test
  void async_postException_propagatesUnchanged_andIsNotRetried() {
    RuntimeException boom = new IllegalStateException("post failed");
    AsyncFailingPrepOrPost node = new AsyncFailingPrepOrPost(null, boom);

    Throwable thrown = catchThrowable(() -> node.runAsync(trace).get(5, SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(boom);
    assertThat(trace.events).containsExactly("prep", "exec", "post");
  }

  // ---------------------------------------------------------------- retries and fallback

  @Test
  void exec_isRetriedUntilMaxAttempts_thenFallbackDecides() {
    Flaky node = new Flaky(RetryPolicy.fixed(3, WAIT), ALWAYS, true);

    String action = node.run(trace, recordWaits);

    assertThat(node.attempts).containsExactly(0, 1, 2);
    assertThat(node.fallbackCalls).containsExactly("input|attempt 2 failed|attempt 2");
    assertThat(trace.events).containsExactly("post(fallback-result)");
    assertThat(action).isEqualTo("done");
    assertThat(waits)
        .as("a wait between attempts, none after the last")
        .containsExactly(WAIT, WAIT);
  }

  @Test
  void async_exec_isRetriedUntilMaxAttempts_thenFallbackDecides() throws Exception {
    AsyncFlaky node = new AsyncFlaky(RetryPolicy.fixed(3, WAIT), ALWAYS, true);

    String action = node.runAsync(trace, recordWaits).get(5, SECONDS);

    assertThat(node.attempts).containsExactly(0, 1, 2);
    assertThat(node.fallbackCalls).containsExactly("input|attempt 2 failed|attempt 2");
    assertThat(trace.events).containsExactly("post(fallback-result)");
    assertThat(action).isEqualTo("done");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @Test
  void exec_thatSucceedsOnARetry_handsThatResultToPost_withoutFallback() {
    Flaky node = new Flaky(RetryPolicy.fixed(3, WAIT), 2, true);

    node.run(trace, recordWaits);

    assertThat(node.attempts).containsExactly(0, 1, 2);
    assertThat(node.fallbackCalls).isEmpty();
    assertThat(trace.events).containsExactly("post(ok on attempt 2)");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @Test
  void async_exec_thatSucceedsOnARetry_handsThatResultToPost_withoutFallback() throws Exception {
    AsyncFlaky node = new AsyncFlaky(RetryPolicy.fixed(3, WAIT), 2, true);

    node.runAsync(trace, recordWaits).get(5, SECONDS);

    assertThat(node.attempts).containsExactly(0, 1, 2);
    assertThat(node.fallbackCalls).isEmpty();
    assertThat(trace.events).containsExactly("post(ok on attempt 2)");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @Test
  void exec_thatSucceedsAtOnce_isNotRetried_andNothingWaits() {
    Flaky node = new Flaky(RetryPolicy.fixed(3, WAIT), 0, true);

    node.run(trace, recordWaits);

    assertThat(node.attempts).containsExactly(0);
    assertThat(trace.events).containsExactly("post(ok on attempt 0)");
    assertThat(waits).isEmpty();
  }

  @Test
  void defaultFallback_rethrowsTheLastAttemptsException() {
    Flaky node = new Flaky(RetryPolicy.fixed(2, WAIT), ALWAYS, false);

    Throwable thrown = catchThrowable(() -> node.run(trace, recordWaits));

    assertThat(node.thrown).hasSize(2);
    assertThat(thrown).isSameAs(node.thrown.get(1));
    assertThat(trace.events).isEmpty();
  }

  @Test
  void async_defaultFallback_rethrowsTheLastAttemptsException() {
    AsyncFlaky node = new AsyncFlaky(RetryPolicy.fixed(2, WAIT), ALWAYS, false);

    Throwable thrown = catchThrowable(() -> node.runAsync(trace, recordWaits).get(5, SECONDS));

    assertThat(node.thrown).hasSize(2);
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(node.thrown.get(1));
    assertThat(trace.events).isEmpty();
  }

  @Test
  void maxAttemptsZero_neverRunsExec_andPostReceivesNull() {
    Flaky node = new Flaky(RetryPolicy.fixed(0, WAIT), ALWAYS, true);

    node.run(trace, recordWaits);

    assertThat(node.attempts).isEmpty();
    assertThat(node.fallbackCalls).isEmpty();
    assertThat(trace.events).containsExactly("post(null)");
  }

  @Test
  void async_maxAttemptsZero_neverRunsExec_andPostReceivesNull() throws Exception {
    AsyncFlaky node = new AsyncFlaky(RetryPolicy.fixed(0, WAIT), ALWAYS, true);

    node.runAsync(trace, recordWaits).get(5, SECONDS);

    assertThat(node.attempts).isEmpty();
    assertThat(node.fallbackCalls).isEmpty();
    assertThat(trace.events).containsExactly("post(null)");
  }

  @Test
  void constructorWithMaxAttemptsAndDelay_isPocketFlowsFixedPolicy() {
    Flaky node = new Flaky(3, WAIT);

    assertThat(node.retryPolicy()).isEqualTo(RetryPolicy.fixed(3, WAIT));
    node.run(trace, recordWaits);
    assertThat(node.attempts).containsExactly(0, 1, 2);
  }

  @Test
  void errorsThrownByExec_areNotRetried_norHandedToFallback() {
    AssertionError error = new AssertionError("not an Exception");
    ThrowsFromExec node = new ThrowsFromExec(error);

    assertThatThrownBy(() -> node.run(trace, recordWaits)).isSameAs(error);
    assertThat(node.attempts).containsExactly(0);
    assertThat(node.fallbackCalls).isZero();
    assertThat(waits).isEmpty();
  }

  @Test
  void interruptedExec_isNotRetried_norHandedToFallback_andKeepsTheThreadInterrupted() {
    InterruptedException interrupt = new InterruptedException("stop");
    ThrowsFromExec node = new ThrowsFromExec(interrupt);

    Throwable thrown;
    boolean interrupted;
    try {
      thrown = catchThrowable(() -> node.run(trace, recordWaits));
    } finally {
      interrupted = Thread.interrupted();
    }

    assertThat(thrown).isInstanceOf(FlowException.class).hasCauseReference(interrupt);
    assertThat(interrupted).isTrue();
    assertThat(node.attempts).containsExactly(0);
    assertThat(node.fallbackCalls).isZero();
    assertThat(waits).isEmpty();
  }

  @Test
  void cancellationThrownByExec_isNotRetried_norHandedToFallback() {
    CancellationException cancelled = new CancellationException("gave up");
    ThrowsFromExec node = new ThrowsFromExec(cancelled);

    assertThatThrownBy(() -> node.run(trace, recordWaits)).isSameAs(cancelled);
    assertThat(node.attempts).containsExactly(0);
    assertThat(node.fallbackCalls).isZero();
  }

  @Test
  void async_errorsThrownByExec_areNotRetried_norHandedToFallback() {
    AssertionError error = new AssertionError("not an Exception");
    AsyncErrorInExec node = new AsyncErrorInExec(error);

    Throwable thrown = catchThrowable(() -> node.runAsync(trace, recordWaits).get(5, SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(error);
    assertThat(node.attempts).containsExactly(0);
    assertThat(node.fallbackCalls).isZero();
  }

  @Test
  void execFallback_receivesTheVeryExceptionOfTheLastAttempt() {
    Flaky node = new Flaky(RetryPolicy.fixed(2, Duration.ZERO), ALWAYS, true);

    node.run(trace);

    assertThat(node.fallbackErrors).containsExactly(node.thrown.get(1));
  }

  @Test
  void postAndPrep_seeAttemptZero_evenAfterRetries() {
    Flaky node = new Flaky(RetryPolicy.fixed(3, Duration.ZERO), 2, true);

    node.run(trace);

    assertThat(node.attempts).containsExactly(0, 1, 2);
    assertThat(node.prepAndPostAttempts).containsExactly(0, 0);
  }

  @Test
  void execFallback_receivesAnExecutionExceptionThrownByExec_unchanged() {
    ExecutionException fromGet = new ExecutionException(new IllegalStateException("inner"));
    Rethrowing node = new Rethrowing(fromGet, RetryPolicy.fixed(2, Duration.ZERO));

    catchThrowable(() -> node.run(trace));

    assertThat(node.fallbackErrors).containsExactly(fromGet);
  }

  @Test
  void exec_throwingAnExecutionExceptionThatWrapsAnError_isRetriedLikeAnyException() {
    ExecutionException fromGet = new ExecutionException(new AssertionError("inner"));
    Rethrowing node = new Rethrowing(fromGet, RetryPolicy.fixed(3, Duration.ZERO));

    catchThrowable(() -> node.run(trace));

    assertThat(node.execCalls).hasValue(3);
    assertThat(node.fallbackErrors).containsExactly(fromGet);
  }

  @Test
  void blockingRun_wrapsACheckedExecutionExceptionFromAHook_keepingItAsTheCause() {
    ExecutionException fromGet = new ExecutionException(new IllegalStateException("inner"));
    Rethrowing node = new Rethrowing(fromGet, RetryPolicy.none());

    Throwable thrown = catchThrowable(() -> node.run(trace));

    assertThat(thrown).isInstanceOf(FlowException.class);
    assertThat(thrown.getCause()).isSameAs(fromGet);
  }

  @Test
  void completionExceptionThrownByAHook_propagatesUnchanged() {
    CompletionException thrownByUser =
        new CompletionException("looks like a wrapper", new IllegalStateException("inner"));
    Rethrowing node = new Rethrowing(thrownByUser, RetryPolicy.none());

    assertThatThrownBy(() -> node.run(trace)).isSameAs(thrownByUser);
  }

  @Test
  void async_execFallback_receivesAnExecutionExceptionThrownByExec_unchanged() {
    ExecutionException fromGet = new ExecutionException(new IllegalStateException("inner"));
    AsyncRethrowing node = new AsyncRethrowing(fromGet);

    Throwable thrown = catchThrowable(() -> node.runAsync(trace).get(5, SECONDS));

    assertThat(node.fallbackErrors).containsExactly(fromGet);
    assertThat(thrown.getCause()).isSameAs(fromGet);
  }

  // ---------------------------------------------------------------- blocking run

  @Test
  void blockingRun_callsEveryHookOnTheCallingThread_evenAfterARetryWaitOnAnotherThread() {
    List<Thread> timerThreads = new CopyOnWriteArrayList<>();
    RunOptions timerOnOtherThread =
        RunOptions.builder()
            .scheduler(
                (delay, task) -> {
                  Thread timer =
                      new Thread(
                          () -> {
                            timerThreads.add(Thread.currentThread());
                            task.run();
                          });
                  timer.start();
                  return () -> {};
                })
            .build();
    ThreadRecorder node = new ThreadRecorder();

    node.run(trace, timerOnOtherThread);

    assertThat(node.hooks).containsExactly("prep", "exec", "exec", "fallback", "post");
    assertThat(node.threads).hasSize(5).containsOnly(Thread.currentThread());
    assertThat(timerThreads).hasSize(1).doesNotContain(Thread.currentThread());
  }

  @Test
  void blockingRun_waitsOnTheSchedulerFromAnotherThread_thenRetriesOnTheCallingThread()
      throws Exception {
    // Given a node whose first attempt fails and whose retry waits one second on a manual clock
    ManualScheduler manual = new ManualScheduler();
    FailsFirstAttempt node = new FailsFirstAttempt();
    BlockingRun worker = BlockingRun.start(() -> node.run(trace, withScheduler(manual)));

    // When the worker blocks in the wait
    awaitPending(manual, 1);

    // Then one attempt has run, and no second one a millisecond before the wait is over
    assertThat(node.attempts).containsExactly(0);
    manual.advance(Duration.ofMillis(999));
    assertThat(node.attempts).containsExactly(0);
    assertThat(manual.pendingCount()).isEqualTo(1);

    // When the wait is over
    manual.advance(Duration.ofMillis(1));

    // Then the worker finishes after a second attempt, every hook having run on it
    assertThat(worker.awaitResult()).isEqualTo("ok on attempt 1");
    assertThat(node.attempts).containsExactly(0, 1);
    assertThat(node.hooks).containsExactly("prep", "exec", "exec", "post");
    assertThat(node.threads).hasSize(4).containsOnly(worker.thread);
  }

  @Test
  void blockingRun_interruptedDuringARetryWait_throwsFlowException_andCancelsTheWait()
      throws Exception {
    // Given a worker blocked in the retry wait of a blocking run
    ManualScheduler manual = new ManualScheduler();
    FailsFirstAttempt node = new FailsFirstAttempt();
    BlockingRun worker = BlockingRun.start(() -> node.run(trace, withScheduler(manual)));
    awaitPending(manual, 1);

    // When the worker is interrupted
    worker.thread.interrupt();
    Throwable thrown = worker.awaitFailure();

    // Then the run throws, the flag stays set, the wait is gone and no attempt follows
    assertThat(thrown).isInstanceOf(FlowException.class);
    assertThat(worker.interruptedAfterwards).isTrue();
    assertThat(manual.pendingCount()).isZero();
    manual.advance(Duration.ofHours(1));
    assertThat(node.attempts).containsExactly(0);
    assertThat(node.hooks).containsExactly("prep", "exec");
  }

  @ParameterizedTest
  @ValueSource(strings = {"prep", "exec", "post"})
  void blockingRun_wrapsACheckedExceptionFromAHook_inFlowExceptionWithTheOriginalCause(
      String hook) {
    CheckedThrower node = new CheckedThrower(hook);

    Throwable thrown = catchThrowable(() -> node.run(trace));

    assertThat(thrown).isInstanceOf(FlowException.class);
    assertThat(thrown.getCause()).isSameAs(node.thrown);
  }

  @Test
  void async_checkedExceptionFromAHook_failsTheFutureWithTheOriginal() {
    AsyncCheckedThrower node = new AsyncCheckedThrower();

    Throwable thrown = catchThrowable(() -> node.runAsync(trace).get(5, SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isSameAs(node.thrown);
  }

  // ---------------------------------------------------------------- wiring

  @Test
  void next_returnsTheSuccessor_soChainsReadLeftToRight() {
    Named a = new Named("a");
    Named b = new Named("b");
    Named c = new Named("c");

    Named last = a.next(b).next(c);

    assertThat(last).isSameAs(c);
    assertThat(a.successor(BaseNode.DEFAULT_ACTION)).isSameAs(b);
    assertThat(b.successor(BaseNode.DEFAULT_ACTION)).isSameAs(c);
    assertThat(c.successors()).isEmpty();
  }

  @Test
  void next_withAnAction_linksOnlyThatAction() {
    Named a = new Named("a");
    Named b = new Named("b");

    assertThat(a.next(b, "search")).isSameAs(b);

    assertThat(a.successor("search")).isSameAs(b);
    assertThat(a.successor(BaseNode.DEFAULT_ACTION)).isNull();
    assertThat(a.successors()).containsOnlyKeys("search");
  }

  @Test
  void successors_areListedInTheOrderTheyWereFirstLinked() {
    Named a = new Named("a");
    Named b = new Named("b");
    Named c = new Named("c");
    Named d = new Named("d");

    a.next(b, "one");
    a.next(c, "two");
    a.next(d);

    assertThat(a.successors().keySet()).containsExactly("one", "two", "default");
    assertThat(a.successors().values()).containsExactly(b, c, d);
  }

  @Test
  void relinkingAnAction_replacesItsSuccessor_andWarnsOverwriting() {
    Named a = new Named("a");
    Named first = new Named("first");
    Named second = new Named("second");
    a.next(first, "retry");
    assertThat(logs.warnings()).isEmpty();

    a.next(second, "retry");

    assertThat(a.successor("retry")).isSameAs(second);
    assertThat(a.successors()).hasSize(1);
    assertThat(logs.warnings())
        .singleElement(STRING)
        .contains("Overwriting")
        .contains("'retry'")
        .contains("'a'");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void nullOrEmptyAction_inNext_linksTheDefaultAction(String action) {
    Named a = new Named("a");
    Named b = new Named("b");

    a.next(b, action);

    assertThat(a.successors()).containsOnlyKeys("default");
    assertThat(a.successor("default")).isSameAs(b);
    assertThat(a.successor(action)).isSameAs(b);
  }

  @Test
  void successors_cannotBeModifiedThroughTheReturnedMap() {
    Named a = new Named("a");
    a.next(new Named("b"));

    assertThatThrownBy(() -> a.successors().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void runningANodeAloneThatHasSuccessors_warnsThatTheyAreNotRun_andRunsOnlyThatNode() {
    Named a = new Named("a");
    a.next(new Named("b"));

    a.run(trace);

    assertThat(trace.events).containsExactly("a");
    assertThat(logs.warnings())
        .singleElement(STRING)
        .contains("'a'")
        .contains("successors")
        .contains("not run");
  }

  @Test
  void async_runningANodeAloneThatHasSuccessors_warnsThatTheyAreNotRun_andRunsOnlyThatNode()
      throws Exception {
    AsyncLifecycle a = new AsyncLifecycle();
    a.setName("async-a");
    a.next(new AsyncLifecycle());

    a.runAsync(trace).get(5, SECONDS);

    assertThat(trace.events).hasSize(3);
    assertThat(logs.warnings()).singleElement(STRING).contains("'async-a'").contains("not run");
  }

  @Test
  void runningANodeAloneWithoutSuccessors_doesNotWarn() {
    new Named("a").run(trace);

    assertThat(trace.events).containsExactly("a");
    assertThat(logs.warnings()).isEmpty();
  }

  // ---------------------------------------------------------------- test nodes

  /** A shared store of our own: a trace of events. */
  static final class Trace {
    final List<String> events = new CopyOnWriteArrayList<>();
  }

  private static final class Lifecycle extends Node<Trace, String, String> {
    private volatile Trace trace;

    @Override
    protected String prep(Trace shared, RunContext ctx) {
      trace = shared;
      shared.events.add("prep");
      return "prep-result";
    }

    @Override
    protected String exec(String prepResult, RunContext ctx) {
      trace.events.add("exec(" + prepResult + ")");
      return "exec-result";
    }

    @Override
    protected String post(Trace shared, String prepResult, String execResult, RunContext ctx) {
      shared.events.add("post(" + prepResult + ", " + execResult + ")");
      return "chosen-action";
    }
  }

  private static final class AsyncLifecycle extends AsyncNode<Trace, String, String> {
    private volatile Trace trace;

    @Override
    protected CompletionStage<String> prepAsync(Trace shared, RunContext ctx) {
      trace = shared;
      return later(
          () -> {
            shared.events.add("prep");
            return "prep-result";
          });
    }

    @Override
    protected CompletionStage<String> execAsync(String prepResult, RunContext ctx) {
      return later(
          () -> {
            trace.events.add("exec(" + prepResult + ")");
            return "exec-result";
          });
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, String prepResult, String execResult, RunContext ctx) {
      return later(
          () -> {
            shared.events.add("post(" + prepResult + ", " + execResult + ")");
            return "chosen-action";
          });
    }
  }

  private static final class BareNode extends Node<Trace, Object, Object> {}

  private static final class BareAsyncNode extends AsyncNode<Trace, Object, Object> {}

  private static final class Named extends Node<Trace, Void, Void> {
    Named(String name) {
      setName(name);
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      shared.events.add(name());
      return null;
    }
  }

  private static final class FailingPrepOrPost extends Node<Trace, String, String> {
    private final RuntimeException prepError;
    private final RuntimeException postError;
    private volatile Trace trace;

    FailingPrepOrPost(RuntimeException prepError, RuntimeException postError) {
      super(3, Duration.ZERO);
      this.prepError = prepError;
      this.postError = postError;
    }

    @Override
    protected String prep(Trace shared, RunContext ctx) {
      trace = shared;
      shared.events.add("prep");
      if (prepError != null) {
        throw prepError;
      }
      return "input";
    }

    @Override
    protected String exec(String prepResult, RunContext ctx) {
      trace.events.add("exec");
      return "output";
    }

    @Override
    protected String post(Trace shared, String prepResult, String execResult, RunContext ctx) {
      shared.events.add("post");
      if (postError != null) {
        throw postError;
      }
      return null;
    }
  }

  private static final class AsyncFailingPrepOrPost extends AsyncNode<Trace, String, String> {
    private final RuntimeException prepError;
    private final RuntimeException postError;
    private volatile Trace trace;

    AsyncFailingPrepOrPost(RuntimeException prepError, RuntimeException postError) {
      super(3, Duration.ZERO);
      this.prepError = prepError;
      this.postError = postError;
    }

    @Override
    protected CompletionStage<String> prepAsync(Trace shared, RunContext ctx) {
      trace = shared;
      return later(
          () -> {
            shared.events.add("prep");
            if (prepError != null) {
              throw prepError;
            }
            return "input";
          });
    }

    @Override
    protected CompletionStage<String> execAsync(String prepResult, RunContext ctx) {
      trace.events.add("exec");
      return CompletableFuture.completedFuture("output");
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, String prepResult, String execResult, RunContext ctx) {
      shared.events.add("post");
      if (postError != null) {
        throw postError;
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  /** exec fails on its first {@code failures} attempts, then succeeds. */
  private static final class Flaky extends Node<Trace, String, String> {
    private final int failures;
    private final boolean recover;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<Exception> thrown = new CopyOnWriteArrayList<>();
    final List<String> fallbackCalls = new CopyOnWriteArrayList<>();
    final List<Exception> fallbackErrors = new CopyOnWriteArrayList<>();
    final List<Integer> prepAndPostAttempts = new CopyOnWriteArrayList<>();

    Flaky(RetryPolicy policy, int failures, boolean recover) {
      super(policy);
      this.failures = failures;
      this.recover = recover;
    }

    Flaky(int maxAttempts, Duration delay) {
      super(maxAttempts, delay);
      this.failures = ALWAYS;
      this.recover = true;
    }

    @Override
    protected String prep(Trace shared, RunContext ctx) {
      prepAndPostAttempts.add(ctx.attempt());
      return "input";
    }

    @Override
    protected String exec(String prepResult, RunContext ctx) {
      attempts.add(ctx.attempt());
      if (attempts.size() <= failures) {
        RuntimeException e = new IllegalStateException("attempt " + ctx.attempt() + " failed");
        thrown.add(e);
        throw e;
      }
      return "ok on attempt " + ctx.attempt();
    }

    @Override
    protected String execFallback(String prepResult, Exception error, RunContext ctx)
        throws Exception {
      fallbackCalls.add(prepResult + "|" + error.getMessage() + "|attempt " + ctx.attempt());
      fallbackErrors.add(error);
      return recover ? "fallback-result" : super.execFallback(prepResult, error, ctx);
    }

    @Override
    protected String post(Trace shared, String prepResult, String execResult, RunContext ctx) {
      prepAndPostAttempts.add(ctx.attempt());
      shared.events.add("post(" + execResult + ")");
      return "done";
    }
  }

  private static final class AsyncFlaky extends AsyncNode<Trace, String, String> {
    private final int failures;
    private final boolean recover;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<Exception> thrown = new CopyOnWriteArrayList<>();
    final List<String> fallbackCalls = new CopyOnWriteArrayList<>();

    AsyncFlaky(RetryPolicy policy, int failures, boolean recover) {
      super(policy);
      this.failures = failures;
      this.recover = recover;
    }

    @Override
    protected CompletionStage<String> prepAsync(Trace shared, RunContext ctx) {
      return CompletableFuture.completedFuture("input");
    }

    @Override
    protected CompletionStage<String> execAsync(String prepResult, RunContext ctx) {
      int attempt = ctx.attempt();
      return later(
          () -> {
            attempts.add(attempt);
            if (attempts.size() <= failures) {
              RuntimeException e = new IllegalStateException("attempt " + attempt + " failed");
              thrown.add(e);
              throw e;
            }
            return "ok on attempt " + attempt;
          });
    }

    @Override
    protected CompletionStage<String> execFallbackAsync(
        String prepResult, Exception error, RunContext ctx) throws Exception {
      fallbackCalls.add(prepResult + "|" + error.getMessage() + "|attempt " + ctx.attempt());
      return recover
          ? later(() -> "fallback-result")
          : super.execFallbackAsync(prepResult, error, ctx);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Trace shared, String prepResult, String execResult, RunContext ctx) {
      shared.events.add("post(" + execResult + ")");
      return CompletableFuture.completedFuture("done");
    }
  }

  /** Throws what it is given from every attempt of exec: an Error or an Exception. */
  private static final class ThrowsFromExec extends Node<Trace, Void, Void> {
    private final Throwable error;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    int fallbackCalls;

    ThrowsFromExec(Throwable error) {
      super(3, WAIT);
      this.error = error;
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) throws Exception {
      attempts.add(ctx.attempt());
      if (error instanceof Error) {
        throw (Error) error;
      }
      throw (Exception) error;
    }

    @Override
    protected Void execFallback(Void prepResult, Exception e, RunContext ctx) {
      fallbackCalls++;
      return null;
    }
  }

  private static final class AsyncErrorInExec extends AsyncNode<Trace, Void, Void> {
    private final Error error;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    volatile int fallbackCalls;

    AsyncErrorInExec(Error error) {
      super(3, WAIT);
      this.error = error;
    }

    @Override
    protected CompletionStage<Void> execAsync(Void prepResult, RunContext ctx) {
      attempts.add(ctx.attempt());
      return later(
          () -> {
            throw error;
          });
    }

    @Override
    protected CompletionStage<Void> execFallbackAsync(
        Void prepResult, Exception e, RunContext ctx) {
      fallbackCalls++;
      return CompletableFuture.completedFuture(null);
    }
  }

  /** exec throws the given exception on every attempt; the default fallback rethrows it. */
  private static final class Rethrowing extends Node<Trace, Void, Void> {
    private final Exception error;
    final AtomicInteger execCalls = new AtomicInteger();
    final List<Exception> fallbackErrors = new CopyOnWriteArrayList<>();

    Rethrowing(Exception error, RetryPolicy policy) {
      super(policy);
      this.error = error;
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) throws Exception {
      execCalls.incrementAndGet();
      throw error;
    }

    @Override
    protected Void execFallback(Void prepResult, Exception e, RunContext ctx) throws Exception {
      fallbackErrors.add(e);
      throw e;
    }
  }

  private static final class AsyncRethrowing extends AsyncNode<Trace, Void, Void> {
    private final Exception error;
    final List<Exception> fallbackErrors = new CopyOnWriteArrayList<>();

    AsyncRethrowing(Exception error) {
      this.error = error;
    }

    @Override
    protected CompletionStage<Void> execAsync(Void prepResult, RunContext ctx) throws Exception {
      throw error;
    }

    @Override
    protected CompletionStage<Void> execFallbackAsync(Void prepResult, Exception e, RunContext ctx)
        throws Exception {
      fallbackErrors.add(e);
      return super.execFallbackAsync(prepResult, e, ctx);
    }
  }

  /** Records the thread of every hook; exec fails twice, the fallback recovers. */
  private static final class ThreadRecorder extends Node<Trace, Void, Void> {
    final List<String> hooks = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    ThreadRecorder() {
      super(2, Duration.ofMillis(1));
    }

    private void record(String hook) {
      hooks.add(hook);
      threads.add(Thread.currentThread());
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) {
      record("prep");
      return null;
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) {
      record("exec");
      throw new IllegalStateException("attempt " + ctx.attempt());
    }

    @Override
    protected Void execFallback(Void prepResult, Exception error, RunContext ctx) {
      record("fallback");
      return null;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
      record("post");
      return null;
    }
  }

  /** Throws a checked exception from the named hook. */
  private static final class CheckedThrower extends Node<Trace, Void, Void> {
    private final String hook;
    final IOException thrown;

    CheckedThrower(String hook) {
      this.hook = hook;
      this.thrown = new IOException(hook + " failed");
    }

    private void maybeThrow(String current) throws IOException {
      if (hook.equals(current)) {
        throw thrown;
      }
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) throws IOException {
      maybeThrow("prep");
      return null;
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) throws IOException {
      maybeThrow("exec");
      return null;
    }

    @Override
    protected String post(Trace shared, Void prepResult, Void execResult, RunContext ctx)
        throws IOException {
      maybeThrow("post");
      return null;
    }
  }

  private static final class AsyncCheckedThrower extends AsyncNode<Trace, Void, Void> {
    final IOException thrown = new IOException("exec failed");

    @Override
    protected CompletionStage<Void> execAsync(Void prepResult, RunContext ctx) {
      return later(
          () -> {
            throw thrown;
          });
    }
  }

  /** Records each hook and its thread; exec fails on attempt 0, and a retry waits one second. */
  private static final class FailsFirstAttempt extends Node<Trace, Void, String> {
    final List<String> hooks = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<Integer> attempts = new CopyOnWriteArrayList<>();

    FailsFirstAttempt() {
      super(RetryPolicy.fixed(2, Duration.ofSeconds(1)));
    }

    private void record(String hook) {
      hooks.add(hook);
      threads.add(Thread.currentThread());
    }

    @Override
    protected Void prep(Trace shared, RunContext ctx) {
      record("prep");
      return null;
    }

    @Override
    protected String exec(Void prepResult, RunContext ctx) {
      record("exec");
      attempts.add(ctx.attempt());
      if (ctx.attempt() == 0) {
        throw new IllegalStateException("attempt 0 failed");
      }
      return "ok on attempt " + ctx.attempt();
    }

    @Override
    protected String post(Trace shared, Void prepResult, String execResult, RunContext ctx) {
      record("post");
      return execResult;
    }
  }

  private static RunOptions withScheduler(Scheduler scheduler) {
    return RunOptions.builder().scheduler(scheduler).build();
  }

  /** A blocking run on a thread of its own, with what it returned or threw. */
  private static final class BlockingRun {
    final Thread thread;
    private final CompletableFuture<String> outcome = new CompletableFuture<>();
    volatile boolean interruptedAfterwards;

    private BlockingRun(Callable<String> body) {
      this.thread =
          new Thread(
              () -> {
                try {
                  outcome.complete(body.call());
                } catch (Throwable t) {
                  outcome.completeExceptionally(t);
                } finally {
                  interruptedAfterwards = Thread.currentThread().isInterrupted();
                }
              },
              "blocking-run");
      this.thread.setDaemon(true);
    }

    static BlockingRun start(Callable<String> body) {
      BlockingRun run = new BlockingRun(body);
      run.thread.start();
      return run;
    }

    /** Waits (at most 5 s, as a safety net) for the thread to end and returns its result. */
    String awaitResult() throws Exception {
      String result = outcome.get(5, SECONDS);
      thread.join(SECONDS.toMillis(5));
      return result;
    }

    /** Waits (at most 5 s, as a safety net) for the thread to end and returns what it threw. */
    Throwable awaitFailure() throws InterruptedException {
      thread.join(SECONDS.toMillis(5));
      assertThat(thread.isAlive()).as("blocking run still running").isFalse();
      return TestFutures.failureOf(outcome);
    }
  }

  /**
   * Waits, without sleeping, until {@code count} tasks are pending on {@code manual}; fails after a
   * generous deadline, a safety net against a hang rather than a timing assertion.
   */
  private static void awaitPending(ManualScheduler manual, int count) throws TimeoutException {
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (manual.pendingCount() != count) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException(
            "expected " + count + " pending tasks, have " + manual.pendingCount());
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
