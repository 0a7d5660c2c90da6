package dev.asyncflow.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous flow that runs its graph once per param map yielded by {@link #prepAsync}, one
 * run after another, each with the flow's params overridden by the map. For concurrent runs use
 * {@link AsyncParallelBatchFlow}.
 *
 * <p>{@link #postAsync} receives the param maps and a null last action, so by default the batch
 * flow ends with the default action.
 *
 * <p>Thread-safety: as for {@link AsyncFlow}.
 *
 * @param <S> the shared store type
 */
public class AsyncBatchFlow<S> extends AsyncFlow<S> {

  /** Creates a batch flow without a start node. */
  public AsyncBatchFlow() {}

  /**
   * Creates a batch flow.
   *
   * @param start the first node of the graph run per param map
   */
  public AsyncBatchFlow(BaseNode<S> start) {
    super(start);
  }

  /**
   * Yields the param maps, one per run of the graph.
   *
   * @param shared the shared store
   * @param context the batch flow's own params
   * @return a stage of the param maps in order; of null (no run) by default
   * @throws Exception to fail the run
   */
  @Override
  protected CompletionStage<? extends @Nullable List<? extends Map<String, ?>>> prepAsync(
      S shared, RunContext context) throws Exception {
    return Stages.nullStage();
  }

  /** One run after another; {@link AsyncParallelBatchFlow} runs them as its policy says. */
  @Override
  NodeDescriptor<S> describe() {
    return super.describe().perParamMap(NodeDescriptor.SEQUENTIAL);
  }
}
