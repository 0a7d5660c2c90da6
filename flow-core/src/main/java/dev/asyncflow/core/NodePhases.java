package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The three phases of one run of a node (prep, the middle phase, post) and its listener events,
 * driven by a machine: {@link NodeRun} for a single node, or {@link Orchestration} for each node of
 * a flow in turn, which then needs no object of its own per node. Confined to the driving machine's
 * drain loop.
 *
 * @param <S> the shared store type
 */
final class NodePhases<S> {
  private enum Phase {
    IDLE,
    PREP,
    EXEC,
    POST
  }

  private final S shared;
  private @Nullable Steps<S> steps;
  private @Nullable RunContext context;
  private Phase phase = Phase.IDLE;
  private @Nullable Object prepResult;
  private @Nullable String action;

  NodePhases(S shared) {
    this.shared = shared;
  }

  /** Starts a run of {@code node}: reports it and returns its {@code prep} stage. */
  CompletableFuture<?> start(Steps<S> nodeSteps, RunContext nodeContext) {
    steps = nodeSteps;
    context = nodeContext;
    phase = Phase.PREP;
    prepResult = null;
    nodeSteps.started(nodeContext);
    return nodeSteps.prep(shared, nodeContext);
  }

  /**
   * Moves on with the value of the current phase's stage.
   *
   * @return the next phase's stage, or null when the node finished with {@link #action()}
   */
  @Nullable CompletableFuture<?> advance(@Nullable Object value) {
    Steps<S> nodeSteps = requireSteps();
    RunContext nodeContext = requireContext();
    switch (phase) {
      case PREP:
        phase = Phase.EXEC;
        prepResult = value;
        return nodeSteps.execPhase(shared, value, nodeContext);
      case EXEC:
        phase = Phase.POST;
        return nodeSteps.postPhase(shared, prepResult, value, nodeContext);
      default:
        phase = Phase.IDLE;
        prepResult = null;
        action = (String) value;
        nodeSteps.finished(nodeContext, action);
        return null;
    }
  }

  /** The action of the node that just finished. */
  @Nullable String action() {
    return action;
  }

  /** Reports the running node's failure, if one is running; returns {@code error}. */
  Throwable fail(Throwable error) {
    if (phase != Phase.IDLE) {
      phase = Phase.IDLE;
      prepResult = null;
      requireSteps().failed(requireContext(), error);
    }
    return error;
  }

  private Steps<S> requireSteps() {
    Steps<S> current = steps;
    if (current == null) {
      throw new IllegalStateException("no node started");
    }
    return current;
  }

  private RunContext requireContext() {
    RunContext current = context;
    if (current == null) {
      throw new IllegalStateException("no node started");
    }
    return current;
  }
}
