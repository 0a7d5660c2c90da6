package dev.asyncflow.core;

import java.util.Objects;

/**
 * An asynchronous batch flow whose runs of the graph, one per param map, go concurrently, as
 * PocketFlow's {@code AsyncParallelBatchFlow} does. All runs share the one shared store, which must
 * then be safe for concurrent use (a {@link java.util.concurrent.ConcurrentHashMap}, say).
 *
 * <p>A {@link ParallelPolicy} bounds how many runs are in flight and chooses what a failure does:
 * fail-fast (the default) cancels the runs still going; collect-all lets every run end and then
 * fails with a {@link BatchFailedException} if any failed (except when the run's own step limit is
 * exceeded, which ends the whole run at once).
 *
 * <p>Thread-safety: as for {@link AsyncFlow}; hooks of different runs may be called at once on
 * different threads.
 *
 * @param <S> the shared store type
 */
public class AsyncParallelBatchFlow<S> extends AsyncBatchFlow<S> {
  private final ParallelPolicy parallelPolicy;

  /** Creates a parallel batch flow, unbounded and fail-fast, without a start node. */
  public AsyncParallelBatchFlow() {
    this(ParallelPolicy.unbounded());
  }

  /**
   * Creates a parallel batch flow without a start node.
   *
   * @param parallelPolicy how many runs go at once and what a failure does
   */
  public AsyncParallelBatchFlow(ParallelPolicy parallelPolicy) {
    this.parallelPolicy = Objects.requireNonNull(parallelPolicy, "parallelPolicy");
  }

  /**
   * Creates a parallel batch flow, unbounded and fail-fast.
   *
   * @param start the first node of the graph run per param map
   */
  public AsyncParallelBatchFlow(BaseNode<S> start) {
    this(start, ParallelPolicy.unbounded());
  }

  /**
   * Creates a parallel batch flow.
   *
   * @param start the first node of the graph run per param map
   * @param parallelPolicy how many runs go at once and what a failure does
   */
  public AsyncParallelBatchFlow(BaseNode<S> start, ParallelPolicy parallelPolicy) {
    super(start);
    this.parallelPolicy = Objects.requireNonNull(parallelPolicy, "parallelPolicy");
  }

  /**
   * Returns how many runs go at once and what a failure does.
   *
   * @return the parallel policy
   */
  public final ParallelPolicy parallelPolicy() {
    return parallelPolicy;
  }

  @Override
  final NodeDescriptor<S> describe() {
    return super.describe().perParamMap(parallelPolicy);
  }
}
