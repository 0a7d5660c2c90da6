package dev.asyncflow.core;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous flow that runs its graph once per param map returned by {@link #prep}, one after
 * another. Each run's params are the batch flow's own, overridden by the map, so nested batch flows
 * accumulate params. All runs share the one shared store.
 *
 * <pre>{@code
 * class PerFile extends BatchFlow<Map<String, Object>> {
 *   PerFile(BaseNode<Map<String, Object>> start) { super(start); }
 *
 *   protected List<Map<String, Object>> prep(Map<String, Object> shared, RunContext ctx) {
 *     return ((List<String>) shared.get("files")).stream()
 *         .map(f -> Map.<String, Object>of("file", f)).toList();
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #post} receives the param maps and a null last action, so by default the batch flow
 * ends with the default action.
 *
 * <p>Thread-safety: as for {@link Flow}.
 *
 * @param <S> the shared store type
 */
public class BatchFlow<S> extends Flow<S> {

  /** Creates a batch flow without a start node. */
  public BatchFlow() {}

  /**
   * Creates a batch flow.
   *
   * @param start the first node of the graph run per param map
   */
  public BatchFlow(BaseNode<S> start) {
    super(start);
  }

  /**
   * Returns the param maps, one per run of the graph.
   *
   * @param shared the shared store
   * @param context the batch flow's own params
   * @return the param maps in order; null (the default) means no run
   * @throws Exception to fail the run
   */
  @Override
  protected @Nullable List<? extends Map<String, ?>> prep(S shared, RunContext context)
      throws Exception {
    return null;
  }

  @Override
  final NodeDescriptor<S> describe() {
    return super.describe().perParamMap(NodeDescriptor.SEQUENTIAL);
  }
}
