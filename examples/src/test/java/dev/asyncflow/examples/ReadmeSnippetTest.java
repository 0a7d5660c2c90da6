package dev.asyncflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RetryPolicy;
import dev.asyncflow.core.RunContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compiles and runs the code of the README's first screen, so that it cannot drift from the API.
 * Only {@code search}, {@code Summarize} and {@code Apologize} are filled in here.
 */
class ReadmeSnippetTest {

  /** Stands in for the README's search service. */
  interface Search {
    CompletionStage<String> findAsync(String query);
  }

  static final Search search =
      query -> CompletableFuture.completedFuture(query.isEmpty() ? "" : "hit");

  // --- as in README.md ---
  static class Fetch extends AsyncNode<Map<String, Object>, String, String> {
    Fetch() {
      super(RetryPolicy.fixed(3, Duration.ofMillis(200)));
    }

    @Override
    protected CompletionStage<String> prepAsync(Map<String, Object> shared, RunContext ctx) {
      return CompletableFuture.completedFuture((String) shared.get("query"));
    }

    @Override
    protected CompletionStage<String> execAsync(String query, RunContext ctx) {
      return search.findAsync(query);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared, String query, String hits, RunContext ctx) {
      shared.put("hits", hits);
      return CompletableFuture.completedFuture(hits.isEmpty() ? "none" : "found");
    }
  }

  // --- filled in for the test ---
  static class Summarize extends Node<Map<String, Object>, Object, Object> {
    @Override
    protected String post(Map<String, Object> shared, Object p, Object e, RunContext ctx) {
      shared.put("answer", "summary of " + shared.get("hits"));
      return null;
    }
  }

  static class Apologize extends Node<Map<String, Object>, Object, Object> {
    @Override
    protected String post(Map<String, Object> shared, Object p, Object e, RunContext ctx) {
      shared.put("answer", "sorry");
      return null;
    }
  }

  private static AsyncFlow<Map<String, Object>> readmeFlow() {
    // --- as in README.md ---
    var fetch = new Fetch();
    fetch.next(new Summarize(), "found");
    fetch.next(new Apologize(), "none");
    return new AsyncFlow<>(fetch);
  }

  @Test
  void readmeFlow_followsTheFoundBranch() throws Exception {
    Map<String, Object> shared = new ConcurrentHashMap<>(Map.of("query", "EGFR L858R"));

    readmeFlow().runAsync(shared).get(5, TimeUnit.SECONDS);

    assertThat(shared).containsEntry("hits", "hit").containsEntry("answer", "summary of hit");
  }

  @Test
  void readmeFlow_followsTheNoneBranch() throws Exception {
    Map<String, Object> shared = new ConcurrentHashMap<>(Map.of("query", ""));

    readmeFlow().runAsync(shared).get(5, TimeUnit.SECONDS);

    assertThat(shared).containsEntry("answer", "sorry");
  }
}
