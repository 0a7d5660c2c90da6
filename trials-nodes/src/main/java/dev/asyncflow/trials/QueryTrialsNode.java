package dev.asyncflow.trials;

import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.RunContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A node that searches ClinicalTrials.gov: it reads a {@link StudyQuery} from the shared store,
 * runs it with a {@link ClinicalTrialsClient}, and writes the {@link SearchResult} back. Its action
 * is always the default one.
 *
 * <p>The node fits any shared-state type: two functions say where the query is read and where the
 * result goes. With a record whose components hold mutable cells:
 *
 * <pre>{@code
 * record Lookup(StudyQuery query, AtomicReference<SearchResult> found) {}
 * QueryTrialsNode<Lookup> search =
 *     new QueryTrialsNode<>(client, Lookup::query, (state, result) -> state.found().set(result));
 * }</pre>
 *
 * <p>or with a map: {@code new QueryTrialsNode<>(client, m -> (StudyQuery) m.get("query"), (m, r)
 * -> m.put("result", r))}. {@link #forTrialsState(ClinicalTrialsClient)} gives the node of the
 * ready-made {@link TrialsFlow}. A failed search fails the run with the client's exception.
 *
 * <p>Thread-safe: the node holds no per-run state, so one node serves any number of concurrent
 * runs, each with its own shared store. The two functions must be thread-safe in the same way.
 *
 * @param <S> the shared store type
 */
public final class QueryTrialsNode<S> extends AsyncNode<S, StudyQuery, SearchResult> {
  private final ClinicalTrialsClient client;
  private final Function<? super S, StudyQuery> query;
  private final BiConsumer<? super S, SearchResult> result;

  /**
   * Creates the node.
   *
   * @param client the client that searches
   * @param query reads the query from the shared store (in {@code prep})
   * @param result writes the result to the shared store (in {@code post})
   */
  public QueryTrialsNode(
      ClinicalTrialsClient client,
      Function<? super S, StudyQuery> query,
      BiConsumer<? super S, SearchResult> result) {
    this.client = Objects.requireNonNull(client, "client");
    this.query = Objects.requireNonNull(query, "query");
    this.result = Objects.requireNonNull(result, "result");
    setName("queryTrials");
  }

  /**
   * Returns the node of the ready-made flow: it reads {@link TrialsState#query()} and writes {@link
   * TrialsState#setResult(SearchResult)}.
   *
   * @param client the client that searches
   * @return a new node
   */
  public static QueryTrialsNode<TrialsState> forTrialsState(ClinicalTrialsClient client) {
    return new QueryTrialsNode<>(client, TrialsState::query, TrialsState::setResult);
  }

  @Override
  protected CompletionStage<@Nullable StudyQuery> prepAsync(S shared, RunContext context) {
    return CompletableFuture.completedFuture(
        Objects.requireNonNull(query.apply(shared), "the query read from the shared store"));
  }

  @Override
  protected CompletionStage<@Nullable SearchResult> execAsync(
      @Nullable StudyQuery prepResult, RunContext context) {
    return client.search(Objects.requireNonNull(prepResult, "query"));
  }

  @Override
  protected CompletionStage<@Nullable String> postAsync(
      S shared,
      @Nullable StudyQuery prepResult,
      @Nullable SearchResult execResult,
      RunContext context) {
    result.accept(shared, Objects.requireNonNull(execResult, "search result"));
    return CompletableFuture.completedFuture(null);
  }
}
