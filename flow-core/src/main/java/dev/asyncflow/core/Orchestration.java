package dev.asyncflow.core;

import java.util.List;
import java.util.Map;
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
  private final NodeDescriptor<S> flow;
  private final S shared;
  private final RunContext context;
  private final NodePhases<S> phases;
  private @Nullable BaseNode<S> current;
  private boolean inline;

  private Orchestration(NodeDescriptor<S> flow, S shared, RunContext parent) {
    this.flow = flow;
    this.shared = shared;
    this.context = parent.withScope(this);
    this.phases = new NodePhases<>(shared);
  }

  /** Walks the graph of {@code flow} once; the value is the last action. */
  static <S> CompletableFuture<?> walk(NodeDescriptor<S> flow, S shared, RunContext context) {
    return new Orchestration<>(flow, shared, context).launch();
  }

  /**
   * Walks the graph of a batch flow once per param map of {@code prepResult}, each merged over the
   * context's params, as PocketFlow's BatchFlow does, the walks going as the flow's parallel policy
   * says. Its value is no action. In collect-all mode, any failed walk fails the whole with a
   * {@link BatchFailedException}.
   */
  static <S> CompletableFuture<?> walkEach(
      NodeDescriptor<S> flow, S shared, @Nullable Object prepResult, RunContext context) {
    List<Map<String, ?>> paramMaps = paramMaps(flow, prepResult);
    return ParallelRun.start(
        paramMaps.size(),
        flow.parallelPolicy,
        context.run(),
        i -> {
          Map<String, Object> params = RunContext.merge(context.params(), paramMaps.get(i));
          return walk(flow, shared, context.withParams(params));
        },
        flow.node.name());
  }

  @Override
  CompletableFuture<?> begin() {
    BaseNode<S> start = flow.startNode();
    if (start == null) {
      throw Graph.noStartNode(flow.node);
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
    BaseNode<S> next = Graph.successor(flow.node, requireCurrent(), action);
    return next == null ? settle(action) : enter(next);
  }

  /**
   * Starts {@code node}, unless this walk or an enclosing run is being stopped, or starting it
   * would exceed the run's step limit.
   */
  private CompletableFuture<?> enter(BaseNode<S> node) {
    Throwable stop = context.stopReason();
    if (stop == null) {
      stop = context.run().countStep(node);
    }
    if (stop != null) {
      return Stages.failed(stop);
    }
    current = node;
    inline = node.timeout() == null;
    return inline ? phases.start(node.descriptor(), context) : node.start(shared, context);
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

  @SuppressWarnings("unchecked")
  private static List<Map<String, ?>> paramMaps(
      NodeDescriptor<?> flow, @Nullable Object prepResult) {
    if (prepResult == null) {
      return List.of();
    }
    if (!(prepResult instanceof List)) {
      throw new ClassCastException(
          "prep of batch flow '"
              + flow.node.name()
              + "' must return a List of param maps, not a "
              + prepResult.getClass().getName());
    }
    List<?> list = (List<?>) prepResult;
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (!(element instanceof Map)) {
        throw new ClassCastException(
            "prep of batch flow '"
                + flow.node.name()
                + "' returned a non-map element at index "
                + i
                + ": "
                + (element == null ? "null" : element.getClass().getName()));
      }
    }
    return (List<Map<String, ?>>) list;
  }

  private BaseNode<S> requireCurrent() {
    BaseNode<S> node = current;
    if (node == null) {
      throw new IllegalStateException("no current node");
    }
    return node;
  }
}
