package dev.asyncflow.core;

import org.jspecify.annotations.Nullable;

/**
 * A synchronous flow: runs its start node, then the successor for each action, until a node's
 * action has no successor. A flow is itself a node, so flows nest; a nested flow's last action
 * picks its successor in the parent.
 *
 * <pre>{@code
 * var load = new LoadDocument();
 * load.next(new Summarize()).next(new Save());
 * String lastAction = new Flow<>(load).run(shared);
 * }</pre>
 *
 * <p>Like PocketFlow, a flow runs its own {@code prep}, then the graph, then {@code post(shared,
 * prepResult, lastAction)}, which returns the last action by default. When a node returns an action
 * that has no successor while the node has others, the flow ends with a warning naming the action
 * and the known ones; a node with no successors ends the flow silently.
 *
 * <p>A synchronous flow accepts only synchronous nodes ({@link Node}, {@link BatchNode} and
 * synchronous flows); it checks this, the presence of start nodes and that no flow contains itself
 * before the run starts, and throws a {@link FlowDefinitionException} otherwise. Every hook runs on
 * the thread that called {@link #run}.
 *
 * <p>Thread-safety: a flow definition holds no per-run state and may be run by many threads at
 * once; each run has its own params and retry state.
 *
 * @param <S> the shared store type
 */
public class Flow<S> extends FlowBase<S> {
  /** Creates a flow without a start node; set one with {@link #start(BaseNode)} before running. */
  public Flow() {}

  /**
   * Creates a flow.
   *
   * @param start the first node to run
   */
  public Flow(BaseNode<S> start) {
    super(start);
  }

  /**
   * Runs before the graph; its result goes to {@link #post}.
   *
   * @param shared the shared store
   * @param context the run's params
   * @return anything {@code post} needs; null by default
   * @throws Exception to fail the run
   */
  protected @Nullable Object prep(S shared, RunContext context) throws Exception {
    return null;
  }

  /**
   * Runs after the graph and returns the flow's action, which routes a parent flow.
   *
   * @param shared the shared store
   * @param prepResult what {@code prep} returned
   * @param lastAction the action of the last node that ran
   * @param context the run's params
   * @return the flow's action; {@code lastAction} by default
   * @throws Exception to fail the run
   */
  protected @Nullable String post(
      S shared, @Nullable Object prepResult, @Nullable String lastAction, RunContext context)
      throws Exception {
    return lastAction;
  }

  /**
   * Runs the flow on the calling thread with default options.
   *
   * @param shared the shared store
   * @return the flow's action
   * @throws FlowDefinitionException if the graph cannot be run (see the class description)
   * @throws FlowException wrapping a checked exception from a hook; unchecked ones propagate as
   *     they are
   */
  public final @Nullable String run(S shared) {
    return run(shared, RunOptions.ofDefaults());
  }

  /**
   * Runs the flow on the calling thread.
   *
   * @param shared the shared store
   * @param options the params, listener, scheduler and step limit of this run
   * @return the flow's action
   * @throws FlowDefinitionException if the graph cannot be run (see the class description)
   * @throws FlowException wrapping a checked exception from a hook; unchecked ones propagate as
   *     they are
   */
  public final @Nullable String run(S shared, RunOptions options) {
    Graph.validate(this, true);
    return runBlocking(shared, options);
  }

  /** A flow; {@link BatchFlow} runs it per param map. */
  @Override
  NodeDescriptor<S> describe() {
    return NodeDescriptor.flow(
        this,
        /* async= */ false,
        (shared, context) -> Stages.completed(prep(shared, context)),
        (shared, prepResult, lastAction, context) ->
            Stages.completed(post(shared, prepResult, (String) lastAction, context)));
  }
}
