package dev.asyncflow.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous flow: like {@link Flow}, but it accepts every kind of node and never blocks a
 * thread. Synchronous nodes run inline; asynchronous nodes run without blocking; retry waits and
 * timeouts go through the run's {@link Scheduler}.
 *
 * <pre>{@code
 * var decide = new Decide();
 * decide.next(new Search(), "search").next(decide);   // loop back
 * decide.next(new Answer(), "answer");
 * AsyncFlow<Map<String, Object>> agent = new AsyncFlow<>(decide);
 * agent.runAsync(shared).thenAccept(action -> System.out.println("done: " + action));
 * }</pre>
 *
 * <p>Cancelling the returned future stops the run: no further node starts, the stage in flight is
 * cancelled and a pending retry wait ends. Any other outside completion of the future, such as
 * {@link CompletableFuture#orTimeout}, stops it the same way. A flow may loop any number of times:
 * the engine runs in constant stack depth whether stages complete synchronously or not.
 *
 * <p>Thread-safety: a flow definition holds no per-run state and may serve many concurrent runs,
 * each with its own params and retry state. Hooks of one run are never called concurrently, except
 * for the items of parallel nodes and flows.
 *
 * @param <S> the shared store type
 */
public class AsyncFlow<S> extends BaseNode<S> {
  private volatile @Nullable BaseNode<S> startNode;
  private final FlowSteps<S> steps = new Adapter();

  /** Creates a flow without a start node; set one with {@link #start(BaseNode)} before running. */
  public AsyncFlow() {}

  /**
   * Creates a flow.
   *
   * @param start the first node to run
   */
  public AsyncFlow(BaseNode<S> start) {
    this.startNode = Objects.requireNonNull(start, "start");
  }

  /**
   * Sets the first node to run.
   *
   * @param start the first node
   * @param <N> the node's type
   * @return {@code start}, so that wiring can go on from it
   */
  public final <N extends BaseNode<S>> N start(N start) {
    this.startNode = Objects.requireNonNull(start, "start");
    return start;
  }

  /**
   * Returns the first node to run.
   *
   * @return the start node, or null if none is set yet
   */
  public final @Nullable BaseNode<S> startNode() {
    return startNode;
  }

  /**
   * Runs before the graph; its result goes to {@link #postAsync}.
   *
   * @param shared the shared store
   * @param context the run's params
   * @return a stage of anything {@code postAsync} needs; of null by default
   * @throws Exception to fail the run
   */
  protected CompletionStage<?> prepAsync(S shared, RunContext context) throws Exception {
    return Stages.nullStage();
  }

  /**
   * Runs after the graph and yields the flow's action, which routes a parent flow.
   *
   * @param shared the shared store
   * @param prepResult what {@code prepAsync} yielded
   * @param lastAction the action of the last node that ran
   * @param context the run's params
   * @return a stage of the flow's action; of {@code lastAction} by default
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable String> postAsync(
      S shared, @Nullable Object prepResult, @Nullable String lastAction, RunContext context)
      throws Exception {
    return CompletableFuture.completedStage(lastAction);
  }

  /**
   * Runs the flow with default options.
   *
   * @param shared the shared store
   * @return a future of the flow's action; it fails with a {@link FlowDefinitionException} if the
   *     graph has a flow without a start node or a flow that contains itself
   */
  public final CompletableFuture<@Nullable String> runAsync(S shared) {
    return runAsync(shared, RunOptions.defaults());
  }

  /**
   * Runs the flow.
   *
   * @param shared the shared store
   * @param options the params, listener and scheduler of this run
   * @return a future of the flow's action; cancelling it stops the run. It fails with a {@link
   *     FlowDefinitionException} if the graph has a flow without a start node or a flow that
   *     contains itself
   */
  public final CompletableFuture<@Nullable String> runAsync(S shared, RunOptions options) {
    try {
      Graph.validate(this, false);
    } catch (FlowDefinitionException e) {
      return CompletableFuture.failedFuture(e);
    }
    return startAlone(shared, options, Runnable::run);
  }

  /**
   * Returns the flow's graph as Mermaid {@code flowchart} text, nested flows as subgraphs.
   *
   * @return the Mermaid source
   * @throws FlowDefinitionException if a flow has no start node or contains itself
   */
  public final String toMermaid() {
    return Mermaid.render(this);
  }

  /** Whether the graph runs once per param map of {@code prepAsync}; batch flows say yes. */
  boolean runsPerParams() {
    return false;
  }

  /** How batch runs of the graph run together; the parallel subclass overrides it. */
  ParallelPolicy batchPolicy() {
    return BatchSteps.SEQUENTIAL;
  }

  @Override
  final boolean isAsync() {
    return true;
  }

  @Override
  final boolean isFlow() {
    return true;
  }

  @Override
  final @Nullable BaseNode<S> flowStart() {
    return startNode;
  }

  @Override
  final Steps<S> steps() {
    return steps;
  }

  private final class Adapter extends FlowSteps<S> {
    Adapter() {
      super(AsyncFlow.this);
    }

    @Override
    @Nullable BaseNode<S> startNode() {
      return startNode;
    }

    @Override
    ParallelPolicy parallelPolicy() {
      return batchPolicy();
    }

    @Override
    CompletableFuture<?> prep(S shared, RunContext context) {
      return Stages.callAsync(() -> prepAsync(shared, context), node, "prepAsync");
    }

    @Override
    boolean runsPerParams() {
      return AsyncFlow.this.runsPerParams();
    }

    @Override
    CompletableFuture<?> post(
        S shared, @Nullable Object prepResult, @Nullable String lastAction, RunContext context) {
      return Stages.callAsync(
          () -> postAsync(shared, prepResult, lastAction, context), node, "postAsync");
    }
  }
}
