package dev.asyncflow.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of one node or flow, as data: what kind it is, whether it is asynchronous, its
 * retry and parallel policies, and its hooks as functions returning futures (a synchronous hook's
 * outcome becomes a completed future). Each node class {@linkplain BaseNode#describe() describes}
 * itself once; the kind's behaviour (the middle phase, the arguments post receives) is chosen when
 * the descriptor is built, so the engine does not switch on the kind per transition.
 *
 * <p>Immutable: a node's kind, policies and hooks are fixed when it is constructed. Every field
 * must stay final: {@link BaseNode#descriptor()} publishes a lazily built descriptor without
 * synchronization, which final-field semantics make safe. What may change between runs (name,
 * successors, timeout, a flow's start node) is read from the node itself.
 *
 * @param <S> the shared store type
 */
final class NodeDescriptor<S> {

  /** What a node's middle phase is, and what its {@code post} receives. */
  enum Kind {
    /** {@code exec} with retries on the prep result; post gets the prep and exec results. */
    NODE,
    /**
     * {@code exec} with retries on each item of the prep result, run as {@link #parallelPolicy}
     * says; post gets the items and the results (or, in collect-all mode, the outcomes).
     */
    BATCH_NODE,
    /** The graph walked once; post gets the prep result and the last action. */
    FLOW,
    /**
     * The graph walked once per param map of the prep result, run as {@link #parallelPolicy} says;
     * post gets the param maps and a null last action.
     */
    BATCH_FLOW
  }

  /** {@code prep}: what the middle phase needs. */
  @FunctionalInterface
  interface Prep<S> {
    CompletableFuture<?> call(S shared, RunContext context) throws Exception;
  }

  /** One attempt of {@code exec} on one input: the prep result, or one batch item. */
  @FunctionalInterface
  interface Exec {
    CompletableFuture<?> call(@Nullable Object input, RunContext context) throws Exception;
  }

  /** {@code execFallback}: the result when the last attempt on an input failed. */
  @FunctionalInterface
  interface Fallback {
    CompletableFuture<?> call(@Nullable Object input, Exception error, RunContext context)
        throws Exception;
  }

  /** {@code post}: the action, from the prep result and the middle phase's result. */
  @FunctionalInterface
  interface Post<S> {
    CompletableFuture<?> call(
        S shared, @Nullable Object prepResult, @Nullable Object result, RunContext context)
        throws Exception;
  }

  /** The middle phase of a node of one kind, run on its prep result. */
  @FunctionalInterface
  interface Middle<S> {
    CompletableFuture<?> run(
        NodeDescriptor<S> node, S shared, @Nullable Object prepResult, RunContext context);
  }

  /** A flow's current start node; null for nodes, or for a flow that has none yet. */
  @FunctionalInterface
  interface Start<S> {
    @Nullable BaseNode<S> node();
  }

  /** One item, or one run of the graph, at a time; the first failure ends the batch. */
  static final ParallelPolicy SEQUENTIAL = ParallelPolicy.maxConcurrency(1);

  private static final Exec NO_EXEC =
      (input, context) -> {
        throw new IllegalStateException("a flow has no exec");
      };
  private static final Fallback NO_FALLBACK =
      (input, error, context) -> {
        throw new IllegalStateException("a flow has no execFallback");
      };

  final BaseNode<S> node;
  final Kind kind;
  final boolean async;

  /** Whether the node is a flow, which reports flow events and has a start node. */
  final boolean isFlow;

  /** How {@code exec} is retried; {@link RetryPolicy#none()} for flows, which are never retried. */
  final RetryPolicy retryPolicy;

  /** How the items or graph runs of a batch go together; {@link #SEQUENTIAL} unless parallel. */
  final ParallelPolicy parallelPolicy;

  private final Prep<S> prep;
  private final Exec exec;
  private final Fallback fallback;

  /** The post hook as given, for a batch descriptor derived from this one. */
  final Post<S> postHook;

  /** What runs between prep and post, chosen once from {@link #kind}. */
  final Middle<S> middle;

  /** The post hook called with the arguments {@link #kind} gives it. */
  private final Post<S> shapedPost;

  private final Start<S> start;

  private NodeDescriptor(
      BaseNode<S> node,
      Kind kind,
      boolean async,
      RetryPolicy retryPolicy,
      ParallelPolicy parallelPolicy,
      Prep<S> prep,
      Exec exec,
      Fallback fallback,
      Post<S> post,
      Start<S> start) {
    this.node = node;
    this.kind = kind;
    this.async = async;
    this.isFlow = isFlow(kind);
    this.retryPolicy = retryPolicy;
    this.parallelPolicy = parallelPolicy;
    this.prep = prep;
    this.exec = exec;
    this.fallback = fallback;
    this.postHook = post;
    this.middle = middleOf(kind);
    this.shapedPost = shapedPost(kind, node, post);
    this.start = start;
  }

  /** Describes a node of {@link Kind#NODE}. */
  static <S> NodeDescriptor<S> node(
      ExecNode<S> node, boolean async, Prep<S> prep, Exec exec, Fallback fallback, Post<S> post) {
    return withExec(node, Kind.NODE, async, prep, exec, fallback, post);
  }

  /** Describes a batch node whose items run one at a time; see {@link #parallel}. */
  static <S> NodeDescriptor<S> batchNode(
      ExecNode<S> node, boolean async, Prep<S> prep, Exec exec, Fallback fallback, Post<S> post) {
    return withExec(node, Kind.BATCH_NODE, async, prep, exec, fallback, post);
  }

  private static <S> NodeDescriptor<S> withExec(
      ExecNode<S> node,
      Kind kind,
      boolean async,
      Prep<S> prep,
      Exec exec,
      Fallback fallback,
      Post<S> post) {
    return new NodeDescriptor<>(
        node, kind, async, node.retryPolicy(), SEQUENTIAL, prep, exec, fallback, post, () -> null);
  }

  /** Describes a flow of {@link Kind#FLOW}. */
  static <S> NodeDescriptor<S> flow(FlowBase<S> flow, boolean async, Prep<S> prep, Post<S> post) {
    return new NodeDescriptor<>(
        flow,
        Kind.FLOW,
        async,
        RetryPolicy.none(),
        SEQUENTIAL,
        prep,
        NO_EXEC,
        NO_FALLBACK,
        post,
        flow::startNode);
  }

  /**
   * This batch node with its items run as {@code policy} says, and {@code itemsPost} as its post,
   * which in collect-all mode receives the outcomes.
   */
  NodeDescriptor<S> parallel(ParallelPolicy policy, Post<S> itemsPost) {
    return withBatch(Kind.BATCH_NODE, policy, itemsPost);
  }

  /** This flow run once per param map of its prep result, the runs going as {@code policy} says. */
  NodeDescriptor<S> perParamMap(ParallelPolicy policy) {
    return withBatch(Kind.BATCH_FLOW, policy, postHook);
  }

  private NodeDescriptor<S> withBatch(Kind batchKind, ParallelPolicy policy, Post<S> batchPost) {
    return new NodeDescriptor<>(
        node, batchKind, async, retryPolicy, policy, prep, exec, fallback, batchPost, start);
  }

  private static <S> Middle<S> middleOf(Kind kind) {
    return switch (kind) {
      case NODE -> (node, shared, prep, context) -> AttemptRun.attempts(node, prep, context);
      case BATCH_NODE ->
          (node, shared, prep, context) -> eachItem(node, items(node.node, prep), context);
      case FLOW -> (node, shared, prep, context) -> Orchestration.walk(node, shared, context);
      case BATCH_FLOW -> Orchestration::walkEach;
    };
  }

  /**
   * A batch node's post gets the items (an empty list when prep returned null) and the results; a
   * batch flow's gets its param maps (likewise) and no last action, as PocketFlow's {@code prep()
   * or []}.
   */
  private static <S> Post<S> shapedPost(Kind kind, BaseNode<S> node, Post<S> post) {
    return switch (kind) {
      case NODE, FLOW -> post;
      case BATCH_NODE ->
          (shared, prep, results, context) ->
              post.call(shared, items(node, prep), results == null ? List.of() : results, context);
      case BATCH_FLOW ->
          (shared, prep, lastAction, context) ->
              post.call(shared, prep == null ? List.of() : prep, null, context);
    };
  }

  private static CompletableFuture<?> eachItem(
      NodeDescriptor<?> descriptor, List<?> items, RunContext context) {
    return ParallelRun.start(
        items.size(),
        descriptor.parallelPolicy,
        context.run(),
        i -> AttemptRun.attempts(descriptor, items.get(i), context));
  }

  /** Reads a batch node's prep result as the list of items; null means none. */
  private static List<?> items(BaseNode<?> node, @Nullable Object prep) {
    if (prep == null) {
      return List.of();
    }
    if (!(prep instanceof List)) {
      throw new ClassCastException(
          "prep of batch node '"
              + node.name()
              + "' must return a List, not a "
              + prep.getClass().getName());
    }
    return (List<?>) prep;
  }

  private static boolean isFlow(Kind kind) {
    return switch (kind) {
      case NODE, BATCH_NODE -> false;
      case FLOW, BATCH_FLOW -> true;
    };
  }

  /** Calls the {@code prep} hook; what it throws becomes a failed future. */
  CompletableFuture<?> prep(S shared, RunContext context) {
    try {
      return prep.call(shared, context);
    } catch (Exception e) {
      return Stages.failedOnThisThread(e);
    }
  }

  /** Calls one attempt of the {@code exec} hook; what it throws becomes a failed future. */
  CompletableFuture<?> exec(@Nullable Object input, RunContext context) {
    try {
      return exec.call(input, context);
    } catch (Exception e) {
      return Stages.failedOnThisThread(e);
    }
  }

  /** Calls the {@code execFallback} hook; what it throws becomes a failed future. */
  CompletableFuture<?> fallback(@Nullable Object input, Exception error, RunContext context) {
    try {
      return fallback.call(input, error, context);
    } catch (Exception e) {
      return Stages.failedOnThisThread(e);
    }
  }

  /** Calls the {@code post} hook; what it throws becomes a failed future. */
  CompletableFuture<?> post(
      S shared, @Nullable Object prepResult, @Nullable Object result, RunContext context) {
    try {
      return shapedPost.call(shared, prepResult, result, context);
    } catch (Exception e) {
      return Stages.failedOnThisThread(e);
    }
  }

  /** The start node of a flow, as it is now; null for nodes. */
  @Nullable BaseNode<S> startNode() {
    return start.node();
  }

  @Override
  public String toString() {
    return "NodeDescriptor{"
        + node.name()
        + ", "
        + kind
        + (async ? ", async" : ", sync")
        + ", "
        + retryPolicy
        + ", "
        + parallelPolicy
        + "}";
  }
}
