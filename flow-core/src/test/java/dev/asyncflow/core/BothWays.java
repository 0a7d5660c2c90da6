package dev.asyncflow.core;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Writes a scenario once and runs it both ways, as Failsafe's {@code testing/Testing.java} does: a
 * test takes a {@link Mode} (use {@code @ParameterizedTest @EnumSource(Mode.class)}), builds its
 * nodes and flows through it from hooks written in the synchronous style, and runs them with it.
 *
 * <p>{@link Mode#SYNC} builds {@link Node}, {@link BatchNode}, {@link Flow} and {@link BatchFlow}
 * and runs them with the blocking {@code run}. {@link Mode#ASYNC} builds their {@code Async}
 * counterparts, whose hooks run the same code on another thread and complete their stage there, and
 * runs them with {@code runAsync}, waiting at most five seconds as a safety net. {@link
 * Mode#ASYNC_COMPLETED} builds the same {@code Async} classes, but their hooks run the code on the
 * calling thread and return an already completed stage: the engine's path without waiting.
 */
final class BothWays {
  private BothWays() {}

  /** Turns a hook's synchronous code into the stage an async hook returns. */
  @FunctionalInterface
  private interface Staging {
    <T> CompletableFuture<T> stage(Callable<T> body);
  }

  /** Runs {@code body} now and returns its outcome as a completed stage. */
  private static <T> CompletableFuture<T> completedNow(Callable<T> body) {
    try {
      return CompletableFuture.completedFuture(body.call());
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** Which API a scenario goes through. */
  enum Mode {
    /** {@code Node}, {@code Flow} and friends, run with the blocking {@code run}. */
    SYNC,
    /** {@code AsyncNode}, {@code AsyncFlow} and friends, run with {@code runAsync}. */
    ASYNC,
    /** The same, with every hook's stage already complete when it is returned. */
    ASYNC_COMPLETED;

    /** How this mode's async hooks turn the scenario's code into a stage. */
    private Staging staging() {
      return this == ASYNC_COMPLETED ? BothWays::completedNow : TestFutures::later;
    }

    /** Returns a node of this mode's kind that overrides no hook at all. */
    <S> BaseNode<S> bareNode() {
      return this == SYNC
          ? new Node<S, Object, Object>() {}
          : new AsyncNode<S, Object, Object>() {};
    }

    /** Returns a node of this mode's kind, with one attempt, whose hooks call {@code hooks}. */
    <S, P, E> BaseNode<S> node(NodeHooks<S, P, E> hooks) {
      return node(RetryPolicy.none(), hooks);
    }

    /** Returns a node of this mode's kind whose hooks call {@code hooks}. */
    <S, P, E> BaseNode<S> node(RetryPolicy policy, NodeHooks<S, P, E> hooks) {
      return this == SYNC
          ? new SyncNode<>(policy, hooks)
          : new AsyncHookNode<>(policy, hooks, staging());
    }

    /** Returns a batch node of this mode's kind whose hooks call {@code hooks}. */
    <S, I, R> BaseNode<S> batchNode(RetryPolicy policy, BatchHooks<S, I, R> hooks) {
      return this == SYNC
          ? new SyncBatch<>(policy, hooks)
          : new AsyncHookBatch<>(policy, hooks, staging());
    }

    /** Returns a flow of this mode's kind that overrides no hook. */
    <S> BaseNode<S> flow(BaseNode<S> start) {
      return this == SYNC ? new Flow<>(start) : new AsyncFlow<>(start);
    }

    /** Returns a flow of this mode's kind without a start node. */
    <S> BaseNode<S> emptyFlow() {
      return this == SYNC ? new Flow<>() : new AsyncFlow<>();
    }

    /** Returns a flow of this mode's kind whose own {@code prep} and {@code post} call hooks. */
    <S> BaseNode<S> flow(BaseNode<S> start, FlowHooks<S> hooks) {
      return this == SYNC
          ? new SyncFlow<>(start, hooks)
          : new AsyncHookFlow<>(start, hooks, staging());
    }

    /** Returns a batch flow of this mode's kind over the param maps {@code hooks.prep} returns. */
    <S> BaseNode<S> batchFlow(BaseNode<S> start, BatchFlowHooks<S> hooks) {
      return this == SYNC
          ? new SyncBatchFlow<>(start, hooks)
          : new AsyncHookBatchFlow<>(start, hooks, staging());
    }

    /** Runs {@code node} with default options. */
    <S> String run(BaseNode<S> node, S shared) throws Throwable {
      return run(node, shared, RunOptions.ofDefaults());
    }

    /**
     * Runs {@code node} and returns its action. What the run ends with is thrown as the caller sees
     * it: what the blocking run throws, or the exception the future failed with.
     */
    @SuppressWarnings("unchecked")
    <S> String run(BaseNode<S> node, S shared, RunOptions options) throws Throwable {
      switch (this) {
        case SYNC:
          return node instanceof Flow
              ? ((Flow<S>) node).run(shared, options)
              : ((SyncExecNode<S>) node).run(shared, options);
        case ASYNC:
        case ASYNC_COMPLETED:
          CompletableFuture<String> run =
              node instanceof AsyncFlow
                  ? ((AsyncFlow<S>) node).runAsync(shared, options)
                  : ((AsyncExecNode<S>) node).runAsync(shared, options);
          try {
            return run.get(5, SECONDS);
          } catch (ExecutionException e) {
            throw e.getCause();
          } finally {
            run.cancel(true); // a run that timed out must not go on behind the next test
          }
      }
      throw new AssertionError(this);
    }
  }

  /** The hooks of a node, written synchronously; each default does what the library's does. */
  interface NodeHooks<S, P, E> {
    default P prep(S shared, RunContext ctx) throws Exception {
      return null;
    }

    default E exec(P prepResult, RunContext ctx) throws Exception {
      return null;
    }

    /** Calls {@code libraryDefault} to fall back to the library's own {@code execFallback}. */
    default E execFallback(
        P prepResult, Exception error, RunContext ctx, Callable<E> libraryDefault)
        throws Exception {
      return libraryDefault.call();
    }

    default String post(S shared, P prepResult, E execResult, RunContext ctx) throws Exception {
      return null;
    }
  }

  /** The hooks of a batch node, written synchronously. */
  interface BatchHooks<S, I, R> {
    default List<I> prep(S shared, RunContext ctx) throws Exception {
      return null;
    }

    default R exec(I item, RunContext ctx) throws Exception {
      return null;
    }

    /** Calls {@code libraryDefault} to fall back to the library's own {@code execFallback}. */
    default R execFallback(I item, Exception error, RunContext ctx, Callable<R> libraryDefault)
        throws Exception {
      return libraryDefault.call();
    }

    default String post(S shared, List<I> items, List<R> results, RunContext ctx) throws Exception {
      return null;
    }
  }

  /** A flow's own hooks, written synchronously. */
  interface FlowHooks<S> {
    default Object prep(S shared, RunContext ctx) throws Exception {
      return null;
    }

    /** Calls {@code libraryDefault} for the library's own {@code post}. */
    default String post(
        S shared,
        Object prepResult,
        String lastAction,
        RunContext ctx,
        Callable<String> libraryDefault)
        throws Exception {
      return libraryDefault.call();
    }
  }

  /** A batch flow's own hooks, written synchronously. */
  interface BatchFlowHooks<S> {
    List<Map<String, Object>> prep(S shared, RunContext ctx) throws Exception;

    /** Calls {@code libraryDefault} for the library's own {@code post}. */
    default String post(
        S shared,
        Object prepResult,
        String lastAction,
        RunContext ctx,
        Callable<String> libraryDefault)
        throws Exception {
      return libraryDefault.call();
    }
  }

  /** Waits for a stage the library returned, rethrowing what it failed with. */
  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(5, SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw (Error) cause;
    }
  }

  private static final class SyncNode<S, P, E> extends Node<S, P, E> {
    private final NodeHooks<S, P, E> hooks;

    SyncNode(RetryPolicy policy, NodeHooks<S, P, E> hooks) {
      super(policy);
      this.hooks = hooks;
    }

    @Override
    protected P prep(S shared, RunContext ctx) throws Exception {
      return hooks.prep(shared, ctx);
    }

    @Override
    protected E exec(P prepResult, RunContext ctx) throws Exception {
      return hooks.exec(prepResult, ctx);
    }

    @Override
    protected E execFallback(P prepResult, Exception error, RunContext ctx) throws Exception {
      return hooks.execFallback(
          prepResult, error, ctx, () -> super.execFallback(prepResult, error, ctx));
    }

    @Override
    protected String post(S shared, P prepResult, E execResult, RunContext ctx) throws Exception {
      return hooks.post(shared, prepResult, execResult, ctx);
    }
  }

  private static final class AsyncHookNode<S, P, E> extends AsyncNode<S, P, E> {
    private final NodeHooks<S, P, E> hooks;
    private final Staging staging;

    AsyncHookNode(RetryPolicy policy, NodeHooks<S, P, E> hooks, Staging staging) {
      super(policy);
      this.hooks = hooks;
      this.staging = staging;
    }

    @Override
    protected CompletionStage<P> prepAsync(S shared, RunContext ctx) {
      return staging.stage(() -> hooks.prep(shared, ctx));
    }

    @Override
    protected CompletionStage<E> execAsync(P prepResult, RunContext ctx) {
      return staging.stage(() -> hooks.exec(prepResult, ctx));
    }

    @Override
    protected CompletionStage<E> execFallbackAsync(P prepResult, Exception error, RunContext ctx) {
      return staging.stage(
          () ->
              hooks.execFallback(
                  prepResult,
                  error,
                  ctx,
                  () -> await(super.execFallbackAsync(prepResult, error, ctx))));
    }

    @Override
    protected CompletionStage<String> postAsync(
        S shared, P prepResult, E execResult, RunContext ctx) {
      return staging.stage(() -> hooks.post(shared, prepResult, execResult, ctx));
    }
  }

  private static final class SyncBatch<S, I, R> extends BatchNode<S, I, R> {
    private final BatchHooks<S, I, R> hooks;

    SyncBatch(RetryPolicy policy, BatchHooks<S, I, R> hooks) {
      super(policy);
      this.hooks = hooks;
    }

    @Override
    protected List<I> prep(S shared, RunContext ctx) throws Exception {
      return hooks.prep(shared, ctx);
    }

    @Override
    protected R exec(I item, RunContext ctx) throws Exception {
      return hooks.exec(item, ctx);
    }

    @Override
    protected R execFallback(I item, Exception error, RunContext ctx) throws Exception {
      return hooks.execFallback(item, error, ctx, () -> super.execFallback(item, error, ctx));
    }

    @Override
    protected String post(S shared, List<I> items, List<R> results, RunContext ctx)
        throws Exception {
      return hooks.post(shared, items, results, ctx);
    }
  }

  private static final class AsyncHookBatch<S, I, R> extends AsyncBatchNode<S, I, R> {
    private final BatchHooks<S, I, R> hooks;
    private final Staging staging;

    AsyncHookBatch(RetryPolicy policy, BatchHooks<S, I, R> hooks, Staging staging) {
      super(policy);
      this.hooks = hooks;
      this.staging = staging;
    }

    @Override
    protected CompletionStage<List<I>> prepAsync(S shared, RunContext ctx) {
      return staging.stage(() -> hooks.prep(shared, ctx));
    }

    @Override
    protected CompletionStage<R> execAsync(I item, RunContext ctx) {
      return staging.stage(() -> hooks.exec(item, ctx));
    }

    @Override
    protected CompletionStage<R> execFallbackAsync(I item, Exception error, RunContext ctx) {
      return staging.stage(
          () ->
              hooks.execFallback(
                  item, error, ctx, () -> await(super.execFallbackAsync(item, error, ctx))));
    }

    @Override
    protected CompletionStage<String> postAsync(
        S shared, List<I> items, List<R> results, RunContext ctx) {
      return staging.stage(() -> hooks.post(shared, items, results, ctx));
    }
  }

  private static final class SyncFlow<S> extends Flow<S> {
    private final FlowHooks<S> hooks;

    SyncFlow(BaseNode<S> start, FlowHooks<S> hooks) {
      super(start);
      this.hooks = hooks;
    }

    @Override
    protected Object prep(S shared, RunContext ctx) throws Exception {
      return hooks.prep(shared, ctx);
    }

    @Override
    protected String post(S shared, Object prepResult, String lastAction, RunContext ctx)
        throws Exception {
      return hooks.post(
          shared,
          prepResult,
          lastAction,
          ctx,
          () -> super.post(shared, prepResult, lastAction, ctx));
    }
  }

  private static final class AsyncHookFlow<S> extends AsyncFlow<S> {
    private final FlowHooks<S> hooks;
    private final Staging staging;

    AsyncHookFlow(BaseNode<S> start, FlowHooks<S> hooks, Staging staging) {
      super(start);
      this.hooks = hooks;
      this.staging = staging;
    }

    @Override
    protected CompletionStage<?> prepAsync(S shared, RunContext ctx) {
      return staging.stage(() -> hooks.prep(shared, ctx));
    }

    @Override
    protected CompletionStage<String> postAsync(
        S shared, Object prepResult, String lastAction, RunContext ctx) {
      return staging.stage(
          () ->
              hooks.post(
                  shared,
                  prepResult,
                  lastAction,
                  ctx,
                  () -> await(super.postAsync(shared, prepResult, lastAction, ctx))));
    }
  }

  private static final class SyncBatchFlow<S> extends BatchFlow<S> {
    private final BatchFlowHooks<S> hooks;

    SyncBatchFlow(BaseNode<S> start, BatchFlowHooks<S> hooks) {
      super(start);
      this.hooks = hooks;
    }

    @Override
    protected List<Map<String, Object>> prep(S shared, RunContext ctx) throws Exception {
      return hooks.prep(shared, ctx);
    }

    @Override
    protected String post(S shared, Object prepResult, String lastAction, RunContext ctx)
        throws Exception {
      return hooks.post(
          shared,
          prepResult,
          lastAction,
          ctx,
          () -> super.post(shared, prepResult, lastAction, ctx));
    }
  }

  private static final class AsyncHookBatchFlow<S> extends AsyncBatchFlow<S> {
    private final BatchFlowHooks<S> hooks;
    private final Staging staging;

    AsyncHookBatchFlow(BaseNode<S> start, BatchFlowHooks<S> hooks, Staging staging) {
      super(start);
      this.hooks = hooks;
      this.staging = staging;
    }

    @Override
    protected CompletionStage<List<Map<String, Object>>> prepAsync(S shared, RunContext ctx) {
      return staging.stage(() -> hooks.prep(shared, ctx));
    }

    @Override
    protected CompletionStage<String> postAsync(
        S shared, Object prepResult, String lastAction, RunContext ctx) {
      return staging.stage(
          () ->
              hooks.post(
                  shared,
                  prepResult,
                  lastAction,
                  ctx,
                  () -> await(super.postAsync(shared, prepResult, lastAction, ctx))));
    }
  }
}
