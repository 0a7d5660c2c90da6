package dev.asyncflow.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of a flow: its start node and its hooks as futures. Batch flows run the graph
 * once per param map.
 *
 * @param <S> the shared store type
 */
abstract class FlowSteps<S> extends Steps<S> {
  private final FlowBase<S> flow;

  FlowSteps(FlowBase<S> flow) {
    super(flow, true);
    this.flow = flow;
  }

  final @Nullable BaseNode<S> startNode() {
    return flow.startNode();
  }

  abstract CompletableFuture<?> post(
      S shared, @Nullable Object prepResult, @Nullable String lastAction, RunContext context);

  /** Whether the graph runs once per param map of {@code prep}, as in batch flows. */
  final boolean runsPerParams() {
    return flow.runsPerParams();
  }

  /** Runs the graph once, or once per param map for batch flows. */
  @Override
  final CompletableFuture<?> execPhase(S shared, @Nullable Object prepResult, RunContext context) {
    return runsPerParams()
        ? runEach(shared, prepResult, context)
        : new Orchestration<>(this, shared, context).launch();
  }

  /**
   * Calls {@code post} with the last action. A batch flow has none, so it gets null, and its param
   * maps, an empty list when {@code prep} returned null, as PocketFlow's {@code prep() or []}.
   */
  @Override
  final CompletableFuture<?> postPhase(
      S shared, @Nullable Object prepResult, @Nullable Object lastAction, RunContext context) {
    if (runsPerParams()) {
      return post(shared, prepResult == null ? List.of() : prepResult, null, context);
    }
    return post(shared, prepResult, (String) lastAction, context);
  }

  /** How the runs of a batch flow go together. */
  final ParallelPolicy parallelPolicy() {
    return flow.batchPolicy();
  }

  /**
   * Runs the graph once per param map of {@code prepResult}, each merged over the context's params,
   * as PocketFlow's BatchFlow does. Its value is no action: {@link #postPhase} passes null. In
   * collect-all mode, any failed run fails the whole with a {@link BatchFailedException}.
   */
  private CompletableFuture<?> runEach(S shared, @Nullable Object prepResult, RunContext context) {
    List<Map<String, ?>> paramMaps = paramMaps(prepResult);
    return ParallelRun.start(
        paramMaps.size(),
        parallelPolicy(),
        i -> {
          Map<String, Object> params = RunContext.merge(context.params(), paramMaps.get(i));
          return new Orchestration<>(this, shared, context.withParams(params)).launch();
        },
        node.name());
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, ?>> paramMaps(@Nullable Object prepResult) {
    if (prepResult == null) {
      return List.of();
    }
    if (!(prepResult instanceof List)) {
      throw new ClassCastException(
          "prep of batch flow '"
              + node.name()
              + "' must return a List of param maps, not a "
              + prepResult.getClass().getName());
    }
    List<?> list = (List<?>) prepResult;
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (!(element instanceof Map)) {
        throw new ClassCastException(
            "prep of batch flow '"
                + node.name()
                + "' returned a non-map element at index "
                + i
                + ": "
                + (element == null ? "null" : element.getClass().getName()));
      }
    }
    return (List<Map<String, ?>>) list;
  }
}
