package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsFlow;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Every way a call can go wrong ends in exactly one result with {@code isError}, never in an error
 * signal, a throw or no result, which the SDK would turn into a JSON-RPC error or no answer at all.
 * The ClinicalTrials.gov client and the summarizer are fakes that fail in chosen ways.
 */
class ToolFailuresTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Map<String, Object> ONE = Map.of("mutation", "BRAF V600E");
  private static final Map<String, Object> TWO =
      Map.of("mutations", List.of("BRAF V600E", "KRAS G12C"));

  private final HttpClientManager http = HttpClientManager.create();
  private final ServiceClient service = ClinicalTrialsClient.create(http).service();

  @AfterEach
  void close() {
    http.close();
  }

  private static <T> CompletableFuture<T> cancelled() {
    CompletableFuture<T> future = new CompletableFuture<>();
    future.cancel(true);
    return future;
  }

  private static CompletableFuture<SearchResult> found(StudyQuery query) {
    return CompletableFuture.completedFuture(
        new SearchResult(query, List.of(Studies.braf()), 1, 0));
  }

  private ClinicalTrialsClient client(
      Function<StudyQuery, CompletableFuture<SearchResult>> search,
      Supplier<ServiceClient> service) {
    return new ClinicalTrialsClient() {
      @Override
      public CompletableFuture<SearchResult> search(StudyQuery query) {
        return search.apply(query);
      }

      @Override
      public CompletableFuture<Study> study(String nctId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("study"));
      }

      @Override
      public ServiceClient service() {
        return service.get();
      }
    };
  }

  private ClinicalTrialsClient client(
      Function<StudyQuery, CompletableFuture<SearchResult>> search) {
    return client(search, () -> service);
  }

  private static SearchTrialsTool single(ClinicalTrialsClient client, TrialSummarizer summarizer) {
    return new SearchTrialsTool(TrialsFlow.create(client, summarizer), false);
  }

  private static CallToolResult answer(Mono<CallToolResult> call) {
    CallToolResult result = call.block(WAIT);
    assertThat(result).as("a result").isNotNull();
    return result;
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  @Test
  void searchTrials_cancelledSearch_isAnErrorResult() {
    CallToolResult result =
        answer(single(client(query -> cancelled()), TrialSummarizer.local()).call(ONE));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo("search_trials failed: CancellationException");
  }

  @Test
  void searchTrials_cancelledSummary_isAnErrorResult() {
    TrialSummarizer cancelling = (mutation, studies) -> cancelled();

    CallToolResult result = answer(single(client(ToolFailuresTest::found), cancelling).call(ONE));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).startsWith("search_trials failed: CancellationException");
  }

  @Test
  void searchTrials_searchThatThrowsOrGivesNull_isAnErrorResult() {
    ClinicalTrialsClient throwing =
        client(
            query -> {
              throw new IllegalStateException("boom");
            });
    ClinicalTrialsClient nothing = client(query -> CompletableFuture.completedFuture(null));

    assertThat(text(answer(single(throwing, TrialSummarizer.local()).call(ONE))))
        .isEqualTo("search_trials failed: IllegalStateException: boom");
    assertThat(answer(single(nothing, TrialSummarizer.local()).call(ONE)).isError()).isTrue();
  }

  @Test
  void searchTrials_failureWrappedWithoutCause_isAnErrorResult() {
    ClinicalTrialsClient wrapped =
        client(query -> CompletableFuture.failedFuture(new CompletionException(null)));

    CallToolResult result = answer(single(wrapped, TrialSummarizer.local()).call(ONE));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo("search_trials failed: CompletionException");
  }

  @Test
  void batch_cancelledSearchesAndSummaries_areFailedOutcomes_notAFailedCall() throws Exception {
    var tool =
        new SearchTrialsBatchTool(client(query -> cancelled()), (m, s) -> cancelled(), false);
    TrialSummarizer cancelling = (mutation, studies) -> cancelled();
    var summaries = new SearchTrialsBatchTool(client(ToolFailuresTest::found), cancelling, false);

    for (CallToolResult result : List.of(answer(tool.call(TWO)), answer(summaries.call(TWO)))) {
      assertThat(result.isError()).as(text(result)).isFalse();
      assertThat(text(result))
          .contains("0 succeeded, 2 failed", "**Failed**: CancellationException");
      JsonNode results = new ObjectMapper().valueToTree(result.structuredContent()).get("results");
      assertThat(results).hasSize(2);
      assertThat(results.get(0).get("error").get("type").asText())
          .isEqualTo("CancellationException");
    }
  }

  @Test
  void batch_clientThatThrowsWhileTheBatchIsBuilt_isAnErrorResult() {
    // TrialsBatch reads the client's service when it is built, before any future exists.
    ClinicalTrialsClient broken =
        client(
            ToolFailuresTest::found,
            () -> {
              throw new IllegalStateException("no service");
            });
    var tool = new SearchTrialsBatchTool(broken, TrialSummarizer.local(), false);

    CallToolResult result = answer(tool.call(TWO));

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .isEqualTo("search_trials_batch failed: IllegalStateException: no service");
  }

  @Test
  void guard_throwErrorOrNothing_becomeErrorResults() {
    Supplier<Mono<CallToolResult>> throwing =
        () -> {
          throw new IllegalStateException("assembly failed");
        };

    assertThat(text(answer(ToolResults.guard("t", throwing))))
        .isEqualTo("t failed: IllegalStateException: assembly failed");
    assertThat(text(answer(ToolResults.guard("t", () -> Mono.error(new CancellationException())))))
        .isEqualTo("t failed: CancellationException");
    assertThat(text(answer(ToolResults.guard("t", Mono::empty))))
        .isEqualTo("t failed: it gave no result");
    assertThat(answer(ToolResults.guard("t", () -> null)).isError()).isTrue();
  }

  @Test
  void guard_anErrorThatCannotBeDescribed_stillGivesAResult() {
    RuntimeException odd =
        new RuntimeException() {
          @Override
          public String getMessage() {
            throw new IllegalStateException("no message");
          }
        };

    CallToolResult result = answer(ToolResults.guard("t", () -> Mono.error(odd)));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo("t failed");
  }

  @Test
  void guard_passesAResultThrough() {
    CallToolResult ok = ToolResults.success("fine", Map.of());

    assertThat(answer(ToolResults.guard("t", () -> Mono.just(ok)))).isSameAs(ok);
  }

  @Test
  void guard_doesNotBlockOrRunUntilSubscribed() {
    CompletableFuture<CallToolResult> pending = new CompletableFuture<>();
    boolean[] ran = {false};
    Mono<CallToolResult> call =
        ToolResults.guard(
            "t",
            () -> {
              ran[0] = true;
              return Mono.fromFuture(pending);
            });
    assertThat(ran[0]).isFalse();

    var subscription = call.subscribe();
    subscription.dispose();

    assertThat(ran[0]).isTrue();
    assertThat(pending).isCancelled();
  }
}
