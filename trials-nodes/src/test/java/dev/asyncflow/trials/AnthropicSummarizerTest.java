package dev.asyncflow.trials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.trials.AnthropicHarness.KEY;
import static dev.asyncflow.trials.AnthropicHarness.MUTATION;
import static dev.asyncflow.trials.AnthropicHarness.await;
import static dev.asyncflow.trials.AnthropicHarness.failureOf;
import static dev.asyncflow.trials.AnthropicHarness.ok;
import static dev.asyncflow.trials.AnthropicHarness.studies;
import static dev.asyncflow.trials.AnthropicHarness.valueOf;
import static dev.asyncflow.trials.SummaryStudies.study;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.ResponseDecodeException;
import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.trials.internal.SummaryPrompt;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the summarizer sends to the Messages API and how it reads the reply. */
class AnthropicSummarizerTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final ObjectMapper json = new ObjectMapper();

  private AnthropicHarness harness() {
    return new AnthropicHarness(leaks, server);
  }

  @Test
  void summarize_postsToV1Messages_withTheKeyVersionAndJsonBody() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer = harness.builder().build();

    valueOf(summarizer.summarize(MUTATION, studies()));

    LoggedRequest request = onlyRequest();
    assertThat(request.getMethod().getName()).isEqualTo("POST");
    assertThat(request.getUrl()).isEqualTo("/v1/messages");
    assertThat(request.getHeader("x-api-key")).isEqualTo(KEY);
    assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.getHeader("content-type")).isEqualTo("application/json");
  }

  @Test
  void summarize_sendsTheModelTokensSystemInstructionsAndThePrompt() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer = harness.builder().build();

    valueOf(summarizer.summarize(MUTATION, studies()));

    JsonNode body = json.readTree(onlyRequest().getBodyAsString());
    assertThat(fieldNames(body)).containsExactly("model", "max_tokens", "system", "messages");
    assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(body.path("system").asText()).isEqualTo(SummaryPrompt.SYSTEM);
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(0).path("content").asText())
        .isEqualTo(SummaryPrompt.user(MUTATION, studies(), 10))
        .contains("## Trial 1: NCT05000001", "## Trial 2: NCT05000002");
  }

  @Test
  void summarize_sendsTheConfiguredModelTokensAndTemperature() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer =
        harness.builder().model("claude-haiku-4-5").maxTokens(300).temperature(0.2).build();

    valueOf(summarizer.summarize(MUTATION, studies()));

    JsonNode body = json.readTree(onlyRequest().getBodyAsString());
    assertThat(fieldNames(body))
        .containsExactly("model", "max_tokens", "temperature", "system", "messages");
    assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
  }

  @Test
  void summarize_describesAtMostMaxStudies_andSaysHowManyWereLeftOut() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer = harness.builder().maxStudies(2).build();
    List<Study> five = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      five.add(study("NCT0600000" + i).build());
    }

    TrialSummary summary = valueOf(summarizer.summarize(MUTATION, five));

    String prompt =
        json.readTree(onlyRequest().getBodyAsString())
            .path("messages")
            .get(0)
            .path("content")
            .asText();
    assertThat(prompt)
        .contains("NCT06000001", "NCT06000002", "3 more were left out")
        .doesNotContain("NCT06000003");
    assertThat(summary.studyCount()).isEqualTo(5);
  }

  @Test
  void summarize_readsTheTextModelStopReasonAndUsageOfTheReply() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer = harness.builder().build();

    TrialSummary summary = valueOf(summarizer.summarize(MUTATION, studies()));

    assertThat(summary)
        .isEqualTo(
            new TrialSummary(
                "## EGFR L858R trials\n\n- NCT05000001 is recruiting.",
                TrialSummary.Source.LANGUAGE_MODEL,
                "claude-sonnet-4-5-20250929",
                "end_turn",
                new TrialSummary.TokenUsage(812, 95),
                2));
  }

  @Test
  void summarize_replyWithoutUsageOrModel_leavesThemNull_andSkipsNonTextContent() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(
        okJson(
            """
            {"content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"Short."}],
             "stop_reason":"max_tokens"}
            """));
    TrialSummarizer summarizer = harness.builder().build();

    TrialSummary summary = valueOf(summarizer.summarize(MUTATION, studies()));

    assertThat(summary.text()).isEqualTo("Short.");
    assertThat(summary.stopReason()).isEqualTo("max_tokens");
    assertThat(summary.model()).isNull();
    assertThat(summary.usage()).isNull();
  }

  @Test
  void summarize_2xxReplyWithoutText_failsWithAnthropicExceptionSayingSo() {
    AnthropicHarness harness = harness();
    harness.replies(
        okJson("{\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":\"refusal\"}"));
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicException.class);

    assertThat(failure)
        .hasMessage("the Anthropic API's reply held no text (stop_reason: refusal)")
        .hasNoCause();
    assertThat(failure.attempts()).isEqualTo(1);
  }

  @Test
  void summarize_2xxReplyThatIsNotJson_failsWithAnthropicException_causedByTheDecodeFailure() {
    AnthropicHarness harness = harness();
    harness.replies(aResponse().withStatus(200).withBody("<html>maintenance</html>"));
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicException.class);

    assertThat(failure.getMessage()).startsWith("the Anthropic API's reply could not be read: ");
    assertThat(failure).hasCauseInstanceOf(ResponseDecodeException.class);
    assertThat(harness.requests()).isEqualTo(1);
  }

  @Test
  void summarize_noStudies_completesAtOnceWithNoTrials_withoutARequest() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer = harness.builder().build();

    CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, List.of());

    assertThat(summary).isDone();
    assertThat(valueOf(summary)).isEqualTo(TrialSummary.noTrials(MUTATION));
    assertThat(valueOf(summary).text()).isEqualTo("No clinical trials found for EGFR L858R.");
    assertThat(harness.requests()).isZero();
    assertThat(harness.client().stats().requests()).isZero();
  }

  @Test
  void summarize_blankMutation_failsTheFuture_withoutARequest() {
    AnthropicHarness harness = harness();
    TrialSummarizer summarizer = harness.builder().build();

    Throwable failure = failureOf(summarizer.summarize("  ", studies()));

    assertThat(failure).isInstanceOf(InvalidQueryException.class).hasMessageContaining("mutation");
    assertThat(harness.requests()).isZero();
  }

  @Test
  void baseUriWithAPathPrefix_sendsUnderThatPrefix() throws Exception {
    AnthropicHarness harness = harness();
    server.stubFor(post("/proxy/anthropic/v1/messages").willReturn(ok()));
    TrialSummarizer summarizer =
        harness.builder().baseUri(URI.create(server.baseUrl() + "/proxy/anthropic")).build();

    valueOf(summarizer.summarize(MUTATION, studies()));

    assertThat(onlyRequest().getUrl()).isEqualTo("/proxy/anthropic/v1/messages");
  }

  @Test
  void cancellingTheSummary_cancelsTheRequest_andReleasesItsPermit() throws IOException {
    try (ServerSocket silent = AnthropicHarness.silentServer()) {
      AnthropicHarness harness = harness();
      TrialSummarizer summarizer =
          harness.builder().baseUri(AnthropicHarness.uriOf(silent)).build();
      CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, studies());
      await(() -> harness.client().stats().inFlight() == 1, "the request to be in flight");

      summary.cancel(true);

      await(
          () -> harness.client().stats().failures(FailureKind.CANCELLED) == 1,
          "the call to count as cancelled");
      assertThat(harness.client().stats().inFlight()).isZero();
    }
  }

  @Test
  void concurrentSummaries_areServedByOneInstance() throws Exception {
    AnthropicHarness harness = harness();
    harness.replies(ok());
    TrialSummarizer summarizer = harness.builder().build();

    List<CompletableFuture<TrialSummary>> summaries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      summaries.add(summarizer.summarize(MUTATION, studies()));
    }

    for (CompletableFuture<TrialSummary> summary : summaries) {
      assertThat(valueOf(summary).source()).isEqualTo(TrialSummary.Source.LANGUAGE_MODEL);
    }
    assertThat(harness.requests()).isEqualTo(8);
  }

  private static LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = server.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
