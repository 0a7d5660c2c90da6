package dev.asyncflow.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of a batch node: {@link ExecSteps} whose {@code exec} runs on one item, plus
 * how the items run together.
 */
abstract class BatchSteps<S> extends ExecSteps<S> {
  static final ParallelPolicy SEQUENTIAL = ParallelPolicy.maxConcurrency(1);

  BatchSteps(ExecNode<S> node) {
    super(node);
  }

  /** How items run: one at a time, fail-fast, unless the node is parallel. */
  ParallelPolicy parallelPolicy() {
    return SEQUENTIAL;
  }

  /** Called instead of {@code post} in collect-all mode, with every item's outcome. */
  CompletableFuture<?> postOutcomes(
      S shared, List<?> items, List<Outcome<?>> outcomes, RunContext context) {
    throw new UnsupportedOperationException("collect-all is for parallel batch nodes");
  }

  @Override
  final CompletableFuture<?> execPhase(S shared, @Nullable Object prepResult, RunContext context) {
    List<?> items = items(prepResult, node);
    return ParallelRun.start(items.size(), parallelPolicy(), i -> attempts(items.get(i), context));
  }

  @Override
  @SuppressWarnings("unchecked")
  final CompletableFuture<?> postPhase(
      S shared, @Nullable Object prepResult, @Nullable Object results, RunContext context) {
    List<?> items = items(prepResult, node);
    List<?> list = results == null ? List.of() : (List<?>) results;
    if (parallelPolicy().failurePolicy() == ParallelPolicy.FailurePolicy.COLLECT_ALL) {
      return postOutcomes(shared, items, (List<Outcome<?>>) list, context);
    }
    return post(shared, items, list, context);
  }

  /** Reads a prep result as the list of items; null means none. */
  static List<?> items(@Nullable Object prepResult, BaseNode<?> node) {
    if (prepResult == null) {
      return List.of();
    }
    if (!(prepResult instanceof List)) {
      throw new ClassCastException(
          "prep of batch node '"
              + node.name()
              + "' must return a List, not a "
              + prepResult.getClass().getName());
    }
    return (List<?>) prepResult;
  }
}
