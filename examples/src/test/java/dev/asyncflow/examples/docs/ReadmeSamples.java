package dev.asyncflow.examples.docs;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RetryPolicy;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The code of README.md. Only {@code search}, {@code Summarize} and {@code Apologize} are ours. */
final class ReadmeSamples {
  private ReadmeSamples() {}

  /** Stands in for the README's search service. */
  interface Search {
    CompletionStage<String> findAsync(String query);
  }

  /** Finds a hit for any non-blank query, at once. */
  static final Search search =
      query -> CompletableFuture.completedFuture(query.isBlank() ? "" : "hit for " + query);

  /** Writes a summary of the hits. */
  static final class Summarize extends Node<Map<String, Object>, Object, Object> {
    @Override
    protected String post(Map<String, Object> shared, Object prep, Object exec, RunContext ctx) {
      shared.put("answer", "summary of " + shared.get("hits"));
      return null;
    }
  }

  /** Writes an apology. */
  static final class Apologize extends Node<Map<String, Object>, Object, Object> {
    @Override
    protected String post(Map<String, Object> shared, Object prep, Object exec, RunContext ctx) {
      shared.put("answer", "sorry");
      return null;
    }
  }

  /** Runs the first screen's flow on {@code shared}; with the search above it ends at once. */
  static void firstScreen(Map<String, Object> shared) {
    // docs:README.md#first-screen begin
    class Fetch extends AsyncNode<Map<String, Object>, String, String> {
      Fetch() {
        super(RetryPolicy.fixed(3, Duration.ofMillis(200)));
      } // 3 attempts, 200 ms apart

      @Override
      protected CompletionStage<String> prepAsync(Map<String, Object> shared, RunContext ctx) {
        return CompletableFuture.completedFuture((String) shared.get("query"));
      }

      @Override
      protected CompletionStage<String> execAsync(String query, RunContext ctx) {
        return search.findAsync(query); // any CompletionStage
      }

      @Override
      protected CompletionStage<String> postAsync(
          Map<String, Object> shared, String query, String hits, RunContext ctx) {
        shared.put("hits", hits);
        return CompletableFuture.completedFuture(hits.isEmpty() ? "none" : "found");
      }
    }

    var fetch = new Fetch();
    fetch.next(new Summarize(), "found"); // branch on the action
    fetch.next(new Apologize(), "none");
    new AsyncFlow<>(fetch).runAsync(shared).thenAccept(action -> System.out.println("done"));
    // docs:README.md#first-screen end
  }

  /** The trials example; it asks the public ClinicalTrials.gov, so tests only compile it. */
  static void trials() {
    // docs:README.md#trials begin
    try (HttpClientManager http = HttpClientManager.create()) {
      TrialsFlow trials =
          TrialsFlow.create(
              ClinicalTrialsClient.create(http), TrialSummarizer.fromEnvironment(http));
      TrialsState found = trials.run("EGFR L858R").join();
      found.studies().forEach(s -> System.out.println(s.nctId() + "  " + s.title()));
      System.out.println(found.summary().text());
    }
    // docs:README.md#trials end
  }
}
