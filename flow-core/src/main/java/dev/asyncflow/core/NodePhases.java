package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The three phases of one run of a node (prep, the middle phase, post) and its listener events,
 * driven by a machine: {@link NodeRun} for a single node, or {@link Orchestration} for each node of
 * a flow in turn, which then needs no object of its own per node. What the middle phase is and what
 * post receives follow from the node's {@link NodeDescriptor.Kind}. Confined to the driving
 * machine's drain loop.
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
  private @Nullable NodeDescriptor<S> node;
  private @Nullable RunContext context;
  private Phase phase = Phase.IDLE;
  private @Nullable Object prepResult;
  private @Nullable String action;

  NodePhases(S shared) {
    this.shared = shared;
  }

  /** Starts a run of {@code descriptor}'s node: reports it and returns its {@code prep} stage. */
  CompletableFuture<?> start(NodeDescriptor<S> descriptor, RunContext nodeContext) {
    node = descriptor;
    context = nodeContext;
    phase = Phase.PREP;
    prepResult = null;
    started(descriptor, nodeContext);
    return descriptor.prep(shared, nodeContext);
  }

  /**
   * Moves on with the value of the current phase's stage.
   *
   * @return the next phase's stage, or null when the node finished with {@link #action()}
   */
  @Nullable CompletableFuture<?> advance(@Nullable Object value) {
    NodeDescriptor<S> current = requireNode();
    RunContext nodeContext = requireContext();
    return switch (phase) {
      case PREP -> {
        phase = Phase.EXEC;
        prepResult = value;
        yield current.middle.run(current, shared, value, nodeContext);
      }
      case EXEC -> {
        phase = Phase.POST;
        yield current.post(shared, prepResult, value, nodeContext);
      }
      case POST -> finish(current, nodeContext, (String) value);
      case IDLE -> throw new IllegalStateException("no node running");
    };
  }

  private @Nullable CompletableFuture<?> finish(
      NodeDescriptor<S> current, RunContext nodeContext, @Nullable String value) {
    phase = Phase.IDLE;
    prepResult = null;
    action = value;
    finished(current, nodeContext, value);
    return null;
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
      failed(requireNode(), requireContext(), error);
    }
    return error;
  }

  private static void started(NodeDescriptor<?> descriptor, RunContext nodeContext) {
    FlowListener listener = nodeContext.run().listener;
    if (descriptor.isFlow) {
      listener.flowStarted(descriptor.node, nodeContext);
    } else {
      listener.nodeStarted(descriptor.node, nodeContext);
    }
  }

  private static void finished(
      NodeDescriptor<?> descriptor, RunContext nodeContext, @Nullable String action) {
    FlowListener listener = nodeContext.run().listener;
    if (descriptor.isFlow) {
      listener.flowFinished(descriptor.node, nodeContext, action);
    } else {
      listener.nodeFinished(descriptor.node, nodeContext, action);
    }
  }

  private static void failed(
      NodeDescriptor<?> descriptor, RunContext nodeContext, Throwable error) {
    FlowListener listener = nodeContext.run().listener;
    if (descriptor.isFlow) {
      listener.flowFailed(descriptor.node, nodeContext, error);
    } else {
      listener.nodeFailed(descriptor.node, nodeContext, error);
    }
  }

  private NodeDescriptor<S> requireNode() {
    NodeDescriptor<S> current = node;
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
