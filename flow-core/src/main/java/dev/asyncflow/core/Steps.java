package dev.asyncflow.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of any node, flows included: three phases as futures, with types erased, and
 * which listener events the node reports. Each node class builds one adapter for its hooks.
 *
 * @param <S> the shared store type
 */
abstract class Steps<S> {
  final BaseNode<S> node;
  private final boolean flow;

  Steps(BaseNode<S> node, boolean flow) {
    this.node = node;
    this.flow = flow;
  }

  abstract CompletableFuture<?> prep(S shared, RunContext context);

  /** The middle phase: exec with retries for nodes, the graph walk for flows. */
  abstract CompletableFuture<?> execPhase(
      S shared, @Nullable Object prepResult, RunContext context);

  abstract CompletableFuture<?> postPhase(
      S shared, @Nullable Object prepResult, @Nullable Object execResult, RunContext context);

  final void started(RunContext context) {
    if (flow) {
      context.run().listener.flowStarted(node, context);
    } else {
      context.run().listener.nodeStarted(node, context);
    }
  }

  final void finished(RunContext context, @Nullable String action) {
    if (flow) {
      context.run().listener.flowFinished(node, context, action);
    } else {
      context.run().listener.nodeFinished(node, context, action);
    }
  }

  final void failed(RunContext context, Throwable error) {
    if (flow) {
      context.run().listener.flowFailed(node, context, error);
    } else {
      context.run().listener.nodeFailed(node, context, error);
    }
  }
}
