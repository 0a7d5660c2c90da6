package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Walks a flow's graph once: runs the current node, follows the successor for the action it
 * returned, and ends when there is none. The value is the last action.
 */
final class Orchestration<S> extends Machine<@Nullable String> {
  private final FlowSteps<S> steps;
  private final S shared;
  private final RunContext context;
  private @Nullable BaseNode<S> current;

  Orchestration(FlowSteps<S> steps, S shared, RunContext context) {
    this.steps = steps;
    this.shared = shared;
    this.context = context;
  }

  @Override
  @Nullable CompletableFuture<?> begin() {
    BaseNode<S> start = steps.startNode();
    if (start == null) {
      throw Graph.noStartNode(steps.node);
    }
    current = start;
    return start.start(shared, context);
  }

  @Override
  @Nullable CompletableFuture<?> resume(@Nullable Object value, @Nullable Throwable error) {
    if (error != null) {
      return settleExceptionally(error);
    }
    String action = (String) value;
    BaseNode<S> next = Graph.successor(steps.node, requireCurrent(), action);
    if (next == null) {
      return settle(action);
    }
    current = next;
    return next.start(shared, context);
  }

  private BaseNode<S> requireCurrent() {
    BaseNode<S> node = current;
    if (node == null) {
      throw new IllegalStateException("no current node");
    }
    return node;
  }
}
