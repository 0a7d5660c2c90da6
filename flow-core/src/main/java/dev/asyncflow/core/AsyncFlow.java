package dev.asyncflow.core;

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
public class AsyncFlow<S> extends FlowBase<S> {
  /** Creates a flow without a start node; set one with {@link #start(BaseNode)} before running. */
  public AsyncFlow() {}

  /**
   * Creates a flow.
   *
   * @param start the first node to run
   */
  public AsyncFlow(BaseNode<S> start) {
    super(start);
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
    return runAsync(shared, RunOptions.ofDefaults());
  }

  /**
   * Runs the flow.
   *
   * <p>Where the work happens: this method runs the flow's hooks on the calling thread for as long
   * as their stages complete synchronously, and returns once a stage is pending or the run has
   * ended. So a run whose stages all complete synchronously (synchronous nodes included) has ended
   * when this method returns, and a loop of such stages returns only when it ends or exceeds the
   * {@linkplain RunOptions.Builder#maxSteps(int) step limit}. A stage that completes later
   * continues the run on the thread that completes it (an HTTP client's executor, say). After a
   * retry wait or a timeout, the run continues on the thread the run's {@link Scheduler} runs its
   * task on: with {@link Scheduler#systemDefault()}, a thread of {@link
   * java.util.concurrent.ForkJoinPool#commonPool()}. To keep the calling thread free, call this
   * method from a task on an executor of your own, or let {@link #prepAsync} return a stage that
   * completes on another thread, such as {@code CompletableFuture.supplyAsync(work, executor)}.
   *
   * @param shared the shared store
   * @param options the params, listener, scheduler and step limit of this run
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

  /** A flow; {@link AsyncBatchFlow} runs it per param map. */
  @Override
  NodeDescriptor<S> describe() {
    return NodeDescriptor.flow(
        this,
        /* async= */ true,
        (shared, context) -> Stages.of(prepAsync(shared, context), this, "prepAsync"),
        (shared, prepResult, lastAction, context) ->
            Stages.of(
                postAsync(shared, prepResult, (String) lastAction, context), this, "postAsync"));
  }
}
