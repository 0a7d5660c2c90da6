package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Walks a flow's graph once: runs the current node, follows the successor for the action it
 * returned, and ends when there is none. The value is the last action.
 *
 * <p>Nodes run inline, their phases driven by this machine, so a transition allocates nothing of
 * the engine's own when the node's stages are already complete; a node with a timeout runs as a
 * {@link NodeRun} of its own.
 */
final class Orchestration<S> extends Machine<@Nullable String> {
  private final FlowSteps<S> steps;
  private final S shared;
  private final RunContext context;
  private final NodePhases<S> phases;
  private @Nullable BaseNode<S> current;
  private boolean inline;

  Orchestration(FlowSteps<S> steps, S shared, RunContext parent) {
    this.steps = steps;
    this.shared = shared;
    this.context = parent.withScope(this);
    this.phases = new NodePhases<>(shared);
  }

  @Override
  CompletableFuture<?> begin() {
    BaseNode<S> start = steps.startNode();
    if (start == null) {
      throw Graph.noStartNode(steps.node);
    }
    return enter(start);
  }

  @Override
  @Nullable CompletableFuture<?> resume(@Nullable Object value, @Nullable Throwable error) {
    if (error != null) {
      return onStepFailure(error);
    }
    String action;
    if (inline) {
      CompletableFuture<?> next = phases.advance(value);
      if (next != null) {
        return next;
      }
      action = phases.action();
    } else {
      action = (String) value;
    }
    BaseNode<S> next = Graph.successor(steps.node, requireCurrent(), action);
    return next == null ? settle(action) : enter(next);
  }

  /** Starts {@code node}, unless this walk or an enclosing run is being stopped. */
  private CompletableFuture<?> enter(BaseNode<S> node) {
    Throwable stop = context.stopReason();
    if (stop != null) {
      return Stages.failed(stop);
    }
    current = node;
    inline = node.timeout() == null;
    return inline ? phases.start(node.steps(), context) : node.start(shared, context);
  }

  @Override
  @Nullable CompletableFuture<?> onStepFailure(Throwable error) {
    return settleExceptionally(inline ? phases.fail(error) : error);
  }

  @Override
  void onStopped(Throwable cause) {
    if (inline) {
      phases.fail(cause);
    }
  }

  private BaseNode<S> requireCurrent() {
    BaseNode<S> node = current;
    if (node == null) {
      throw new IllegalStateException("no current node");
    }
    return node;
  }
}
