package dev.asyncflow.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.asyncflow.core.BothWays.Mode;
import dev.asyncflow.core.BothWays.NodeHooks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/**
 * The life of a single node: hooks, retries, fallback, errors and wiring. Scenarios that hold for
 * both kinds of node run once as a {@link Node} and once as an {@link AsyncNode} ({@link Mode}).
 */
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

  @ParameterizedTest
  @EnumSource(Mode.class)
  void lifecycle_runsPrepThenExecThenPost_handingEachResultToTheNext(Mode mode) throws Throwable {
    String action = mode.run(mode.node(new Lifecycle()), trace);

    assertThat(trace.events)
        .containsExactly("prep", "exec(prep-result)", "post(prep-result, exec-result)");
    assertThat(action).isEqualTo("chosen-action");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyHookIsOptional_andABareNodeReturnsTheNullAction(Mode mode) throws Throwable {
    assertThat(mode.run(mode.<Trace>bareNode(), trace)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void prepException_propagatesUnchanged_isNotRetried_andExecNeverRuns(Mode mode) {
    RuntimeException boom = new IllegalStateException("prep failed");
    BaseNode<Trace> node =
        mode.node(RetryPolicy.fixed(3, Duration.ZERO), new FailingPrepOrPost(boom, null));

    assertThatThrownBy(() -> mode.run(node, trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("prep");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void postException_propagatesUnchanged_andIsNotRetried(Mode mode) {
    RuntimeException boom = new IllegalStateException("post failed");
    BaseNode<Trace> node =
        mode.node(RetryPolicy.fixed(3, Duration.ZERO), new FailingPrepOrPost(null, boom));

    assertThatThrownBy(() -> mode.run(node, trace)).isSameAs(boom);
    assertThat(trace.events).containsExactly("prep", "exec", "post");
  }

  // ---------------------------------------------------------------- retries and fallback

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exec_isRetriedUntilMaxAttempts_thenFallbackDecides(Mode mode) throws Throwable {
    Flaky flaky = new Flaky(ALWAYS, true);

    String action = mode.run(mode.node(RetryPolicy.fixed(3, WAIT), flaky), trace, recordWaits);

    assertThat(flaky.attempts).containsExactly(0, 1, 2);
    assertThat(flaky.fallbackCalls).containsExactly("input|attempt 2 failed|attempt 2");
    assertThat(trace.events).containsExactly("post(fallback-result)");
    assertThat(action).isEqualTo("done");
    assertThat(waits)
        .as("a wait between attempts, none after the last")
        .containsExactly(WAIT, WAIT);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exec_thatSucceedsOnARetry_handsThatResultToPost_withoutFallback(Mode mode) throws Throwable {
    Flaky flaky = new Flaky(2, true);

    mode.run(mode.node(RetryPolicy.fixed(3, WAIT), flaky), trace, recordWaits);

    assertThat(flaky.attempts).containsExactly(0, 1, 2);
    assertThat(flaky.fallbackCalls).isEmpty();
    assertThat(trace.events).containsExactly("post(ok on attempt 2)");
    assertThat(waits).containsExactly(WAIT, WAIT);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exec_thatSucceedsAtOnce_isNotRetried_andNothingWaits(Mode mode) throws Throwable {
    Flaky flaky = new Flaky(0, true);

    mode.run(mode.node(RetryPolicy.fixed(3, WAIT), flaky), trace, recordWaits);

    assertThat(flaky.attempts).containsExactly(0);
    assertThat(trace.events).containsExactly("post(ok on attempt 0)");
    assertThat(waits).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void defaultFallback_rethrowsTheLastAttemptsException(Mode mode) {
    Flaky flaky = new Flaky(ALWAYS, false);
    BaseNode<Trace> node = mode.node(RetryPolicy.fixed(2, WAIT), flaky);

    Throwable thrown = catchThrowable(() -> mode.run(node, trace, recordWaits));

    assertThat(flaky.thrown).hasSize(2);
    assertThat(thrown).isSameAs(flaky.thrown.get(1));
    assertThat(trace.events).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void maxAttemptsZero_neverRunsExec_andPostReceivesNull(Mode mode) throws Throwable {
    Flaky flaky = new Flaky(ALWAYS, true);

    mode.run(mode.node(RetryPolicy.fixed(0, WAIT), flaky), trace, recordWaits);

    assertThat(flaky.attempts).isEmpty();
    assertThat(flaky.fallbackCalls).isEmpty();
    assertThat(trace.events).containsExactly("post(null)");
  }

  @Test
  void constructorWithMaxAttemptsAndDelay_isPocketFlowsFixedPolicy() {
    FixedRetries node = new FixedRetries(3, WAIT);

    assertThat(node.retryPolicy()).isEqualTo(RetryPolicy.fixed(3, WAIT));
    node.run(trace, recordWaits);
    assertThat(node.attempts).containsExactly(0, 1, 2);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void errorsThrownByExec_areNotRetried_norHandedToFallback(Mode mode) {
    AssertionError error = new AssertionError("not an Exception");
    ThrowsFromExec hooks = new ThrowsFromExec(error);
    BaseNode<Trace> node = mode.node(RetryPolicy.fixed(3, WAIT), hooks);

    assertThatThrownBy(() -> mode.run(node, trace, recordWaits)).isSameAs(error);
    assertThat(hooks.attempts).containsExactly(0);
    assertThat(hooks.fallbackCalls).hasValue(0);
    assertThat(waits).isEmpty();
  }

  @Test
  void interruptedExec_isNotRetried_norHandedToFallback_andKeepsTheThreadInterrupted() {
    InterruptedException interrupt = new InterruptedException("stop");
    ThrowsFromExec hooks = new ThrowsFromExec(interrupt);
    BaseNode<Trace> node = Mode.SYNC.node(RetryPolicy.fixed(3, WAIT), hooks);

    Throwable thrown;
    boolean interrupted;
    try {
      thrown = catchThrowable(() -> Mode.SYNC.run(node, trace, recordWaits));
    } finally {
      interrupted = Thread.interrupted();
    }

    assertThat(thrown).isInstanceOf(FlowException.class).hasCauseReference(interrupt);
    assertThat(interrupted).isTrue();
    assertThat(hooks.attempts).containsExactly(0);
    assertThat(hooks.fallbackCalls).hasValue(0);
    assertThat(waits).isEmpty();
  }

  @Test
  void cancellationThrownByExec_isNotRetried_norHandedToFallback() {
    CancellationException cancelled = new CancellationException("gave up");
    ThrowsFromExec hooks = new ThrowsFromExec(cancelled);
    BaseNode<Trace> node = Mode.SYNC.node(RetryPolicy.fixed(3, WAIT), hooks);

    assertThatThrownBy(() -> Mode.SYNC.run(node, trace, recordWaits)).isSameAs(cancelled);
    assertThat(hooks.attempts).containsExactly(0);
    assertThat(hooks.fallbackCalls).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void execFallback_receivesTheVeryExceptionOfTheLastAttempt(Mode mode) throws Throwable {
    Flaky flaky = new Flaky(ALWAYS, true);

    mode.run(mode.node(RetryPolicy.fixed(2, Duration.ZERO), flaky), trace);

    assertThat(flaky.fallbackErrors).containsExactly(flaky.thrown.get(1));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void postAndPrep_seeAttemptZero_evenAfterRetries(Mode mode) throws Throwable {
    Flaky flaky = new Flaky(2, true);

    mode.run(mode.node(RetryPolicy.fixed(3, Duration.ZERO), flaky), trace);

    assertThat(flaky.attempts).containsExactly(0, 1, 2);
    assertThat(flaky.prepAndPostAttempts).containsExactly(0, 0);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void execFallback_receivesAnExecutionExceptionThrownByExec_unchanged(Mode mode) {
    ExecutionException fromGet = new ExecutionException(new IllegalStateException("inner"));
    Rethrowing hooks = new Rethrowing(fromGet);
    BaseNode<Trace> node = mode.node(RetryPolicy.fixed(2, Duration.ZERO), hooks);

    Throwable thrown = catchThrowable(() -> mode.run(node, trace));

    assertThat(hooks.fallbackErrors).containsExactly(fromGet);
    switch (mode) {
      case SYNC -> assertThat(thrown).isInstanceOf(FlowException.class).hasCauseReference(fromGet);
      case ASYNC, ASYNC_COMPLETED -> assertThat(thrown).isSameAs(fromGet);
    }
  }

  @Test
  void exec_throwingAnExecutionExceptionThatWrapsAnError_isRetriedLikeAnyException() {
    ExecutionException fromGet = new ExecutionException(new AssertionError("inner"));
    Rethrowing hooks = new Rethrowing(fromGet);
    BaseNode<Trace> node = Mode.SYNC.node(RetryPolicy.fixed(3, Duration.ZERO), hooks);

    catchThrowable(() -> Mode.SYNC.run(node, trace));

    assertThat(hooks.execCalls).hasValue(3);
    assertThat(hooks.fallbackErrors).containsExactly(fromGet);
  }

  @Test
  void blockingRun_wrapsACheckedExecutionExceptionFromAHook_keepingItAsTheCause() {
    ExecutionException fromGet = new ExecutionException(new IllegalStateException("inner"));
    BaseNode<Trace> node = Mode.SYNC.node(new Rethrowing(fromGet));

    Throwable thrown = catchThrowable(() -> Mode.SYNC.run(node, trace));

    assertThat(thrown).isInstanceOf(FlowException.class);
    assertThat(thrown.getCause()).isSameAs(fromGet);
  }

  @Test
  void completionExceptionThrownByAHook_propagatesUnchanged() {
    CompletionException thrownByUser =
        new CompletionException("looks like a wrapper", new IllegalStateException("inner"));
    BaseNode<Trace> node = Mode.SYNC.node(new Rethrowing(thrownByUser));

    assertThatThrownBy(() -> Mode.SYNC.run(node, trace)).isSameAs(thrownByUser);
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

  static Stream<Arguments> everyModeAndHook() {
    return Stream.of(Mode.values())
        .flatMap(mode -> Stream.of("prep", "exec", "post").map(hook -> Arguments.of(mode, hook)));
  }

  @ParameterizedTest
  @MethodSource("everyModeAndHook")
  void checkedExceptionFromAHook_isWrappedInFlowExceptionByTheBlockingRun_butFailsTheFutureAsItIs(
      Mode mode, String hook) {
    CheckedThrower hooks = new CheckedThrower(hook);

    Throwable thrown = catchThrowable(() -> mode.run(mode.node(hooks), trace));

    switch (mode) {
      case SYNC -> {
        assertThat(thrown).isInstanceOf(FlowException.class);
        assertThat(thrown.getCause()).isSameAs(hooks.thrown);
      }
      case ASYNC, ASYNC_COMPLETED -> assertThat(thrown).isSameAs(hooks.thrown);
    }
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

  @Test
  void setName_rejectsABlankName() {
    assertThatThrownBy(() -> new Named("  ")).isInstanceOf(IllegalArgumentException.class);
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

  @ParameterizedTest
  @EnumSource(Mode.class)
  void runningANodeAloneThatHasSuccessors_warnsThatTheyAreNotRun_andRunsOnlyThatNode(Mode mode)
      throws Throwable {
    BaseNode<Trace> a = named(mode, "a");
    a.next(named(mode, "b"));

    mode.run(a, trace);

    assertThat(trace.events).containsExactly("a");
    assertThat(logs.warnings())
        .singleElement(STRING)
        .contains("'a'")
        .contains("successors")
        .contains("not run");
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

  /** A node that records its name in post. */
  private static BaseNode<Trace> named(Mode mode, String name) {
    BaseNode<Trace> node =
        mode.node(
            new NodeHooks<Trace, Void, Void>() {
              @Override
              public String post(Trace shared, Void prepResult, Void execResult, RunContext ctx) {
                shared.events.add(name);
                return null;
              }
            });
    node.setName(name);
    return node;
  }

  private static final class Lifecycle implements NodeHooks<Trace, String, String> {
    private volatile Trace trace;

    @Override
    public String prep(Trace shared, RunContext ctx) {
      trace = shared;
      shared.events.add("prep");
      return "prep-result";
    }

    @Override
    public String exec(String prepResult, RunContext ctx) {
      trace.events.add("exec(" + prepResult + ")");
      return "exec-result";
    }

    @Override
    public String post(Trace shared, String prepResult, String execResult, RunContext ctx) {
      shared.events.add("post(" + prepResult + ", " + execResult + ")");
      return "chosen-action";
    }
  }

  private static final class FailingPrepOrPost implements NodeHooks<Trace, String, String> {
    private final RuntimeException prepError;
    private final RuntimeException postError;
    private volatile Trace trace;

    FailingPrepOrPost(RuntimeException prepError, RuntimeException postError) {
      this.prepError = prepError;
      this.postError = postError;
    }

    @Override
    public String prep(Trace shared, RunContext ctx) {
      trace = shared;
      shared.events.add("prep");
      if (prepError != null) {
        throw prepError;
      }
      return "input";
    }

    @Override
    public String exec(String prepResult, RunContext ctx) {
      trace.events.add("exec");
      return "output";
    }

    @Override
    public String post(Trace shared, String prepResult, String execResult, RunContext ctx) {
      shared.events.add("post");
      if (postError != null) {
        throw postError;
      }
      return null;
    }
  }

  /** exec fails on its first {@code failures} attempts, then succeeds. */
  private static final class Flaky implements NodeHooks<Trace, String, String> {
    private final int failures;
    private final boolean recover;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<Exception> thrown = new CopyOnWriteArrayList<>();
    final List<String> fallbackCalls = new CopyOnWriteArrayList<>();
    final List<Exception> fallbackErrors = new CopyOnWriteArrayList<>();
    final List<Integer> prepAndPostAttempts = new CopyOnWriteArrayList<>();

    /** With {@code recover} false, the fallback is the library's default: rethrowing. */
    Flaky(int failures, boolean recover) {
      this.failures = failures;
      this.recover = recover;
    }

    @Override
    public String prep(Trace shared, RunContext ctx) {
      prepAndPostAttempts.add(ctx.attempt());
      return "input";
    }

    @Override
    public String exec(String prepResult, RunContext ctx) {
      attempts.add(ctx.attempt());
      if (attempts.size() <= failures) {
        RuntimeException e = new IllegalStateException("attempt " + ctx.attempt() + " failed");
        thrown.add(e);
        throw e;
      }
      return "ok on attempt " + ctx.attempt();
    }

    @Override
    public String execFallback(
        String prepResult, Exception error, RunContext ctx, Callable<String> libraryDefault)
        throws Exception {
      fallbackCalls.add(prepResult + "|" + error.getMessage() + "|attempt " + ctx.attempt());
      fallbackErrors.add(error);
      return recover ? "fallback-result" : libraryDefault.call();
    }

    @Override
    public String post(Trace shared, String prepResult, String execResult, RunContext ctx) {
      prepAndPostAttempts.add(ctx.attempt());
      shared.events.add("post(" + execResult + ")");
      return "done";
    }
  }

  /** Built with PocketFlow's constructor; exec always fails and the fallback recovers. */
  private static final class FixedRetries extends Node<Trace, Void, Void> {
    final List<Integer> attempts = new CopyOnWriteArrayList<>();

    FixedRetries(int maxAttempts, Duration delay) {
      super(maxAttempts, delay);
    }

    @Override
    protected Void exec(Void prepResult, RunContext ctx) {
      attempts.add(ctx.attempt());
      throw new IllegalStateException("attempt " + ctx.attempt() + " failed");
    }

    @Override
    protected Void execFallback(Void prepResult, Exception error, RunContext ctx) {
      return null;
    }
  }

  /** Throws what it is given from every attempt of exec: an Error or an Exception. */
  private static final class ThrowsFromExec implements NodeHooks<Trace, Void, Void> {
    private final Throwable error;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final AtomicInteger fallbackCalls = new AtomicInteger();

    ThrowsFromExec(Throwable error) {
      this.error = error;
    }

    @Override
    public Void exec(Void prepResult, RunContext ctx) throws Exception {
      attempts.add(ctx.attempt());
      if (error instanceof Error) {
        throw (Error) error;
      }
      throw (Exception) error;
    }

    @Override
    public Void execFallback(
        Void prepResult, Exception e, RunContext ctx, Callable<Void> libraryDefault) {
      fallbackCalls.incrementAndGet();
      return null;
    }
  }

  /** exec throws the given exception on every attempt; the default fallback rethrows it. */
  private static final class Rethrowing implements NodeHooks<Trace, Void, Void> {
    private final Exception error;
    final AtomicInteger execCalls = new AtomicInteger();
    final List<Exception> fallbackErrors = new CopyOnWriteArrayList<>();

    Rethrowing(Exception error) {
      this.error = error;
    }

    @Override
    public Void exec(Void prepResult, RunContext ctx) throws Exception {
      execCalls.incrementAndGet();
      throw error;
    }

    @Override
    public Void execFallback(
        Void prepResult, Exception e, RunContext ctx, Callable<Void> libraryDefault)
        throws Exception {
      fallbackErrors.add(e);
      return libraryDefault.call();
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
  private static final class CheckedThrower implements NodeHooks<Trace, Void, Void> {
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
    public Void prep(Trace shared, RunContext ctx) throws IOException {
      maybeThrow("prep");
      return null;
    }

    @Override
    public Void exec(Void prepResult, RunContext ctx) throws IOException {
      maybeThrow("exec");
      return null;
    }

    @Override
    public String post(Trace shared, Void prepResult, Void execResult, RunContext ctx)
        throws IOException {
      maybeThrow("post");
      return null;
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
