package dev.asyncflow.examples.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.InvalidQueryException;
import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsFlow;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The search tools in this JVM against WireMock: arguments become queries, results become Markdown
 * and structured content, and every failure becomes an error result.
 */
class SearchToolsTest {
  @RegisterExtension
  static final WireMockExtension CTGOV =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final String PAGE =
      """
      {"totalCount": 7, "studies": [{"protocolSection": {
        "identificationModule": {"nctId": "NCT09900001", "briefTitle": "Drug A for BRAF V600E"},
        "statusModule": {"overallStatus": "RECRUITING"},
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Example Group"}},
        "designModule": {"phases": ["PHASE2"]},
        "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\\n- BRAF V600E"}}}]}
      """;

  private final HttpClientManager http = HttpClientManager.create();

  @AfterEach
  void close() {
    http.close();
  }

  private ClinicalTrialsClient client(String root) {
    return ClinicalTrialsClient.builder(http)
        .baseUri(URI.create(root))
        .configureService(s -> s.retryPolicy(HttpRetryPolicy.none()))
        .build();
  }

  private ClinicalTrialsClient wiremock() {
    return client(CTGOV.baseUrl() + "/");
  }

  private SearchTrialsTool searchTool(ClinicalTrialsClient client) {
    return new SearchTrialsTool(TrialsFlow.create(client, TrialSummarizer.local()), false);
  }

  @Test
  void query_readsEveryArgument() {
    StudyQuery query =
        SearchTrialsTool.query(
            Map.of(
                "mutation",
                " BRAF   V600E ",
                "condition",
                "melanoma",
                "statuses",
                List.of("recruiting"),
                "max_results",
                25));

    assertThat(query.mode()).isEqualTo(StudyQuery.Mode.MUTATION);
    assertThat(query.text()).isEqualTo("BRAF V600E");
    assertThat(query.condition()).isEqualTo("melanoma");
    assertThat(query.statuses()).containsExactly(OverallStatus.RECRUITING);
    assertThat(query.minRank()).isEqualTo(1);
    assertThat(query.maxRank()).isEqualTo(25);
    assertThat(SearchTrialsTool.query(Map.of("mutation", "X1Y")).maxRank()).isEqualTo(10);
  }

  @Test
  void query_textTheLibraryRefuses_namesTheArgument() {
    assertThatThrownBy(() -> SearchTrialsTool.query(Map.of("mutation", "x".repeat(201))))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith("mutation: ");
    assertThatThrownBy(
            () -> SearchTrialsTool.query(Map.of("mutation", "X1Y", "condition", "a\u0000b")))
        .hasMessageStartingWith("condition: ");
  }

  @Test
  void searchTrials_found() {
    CTGOV.stubFor(get(urlPathEqualTo("/api/v2/studies")).willReturn(okJson(PAGE)));

    CallToolResult result = searchTool(wiremock()).call(Map.of("mutation", "BRAF V600E")).block();

    assertThat(result.isError()).as(text(result)).isFalse();
    assertThat(text(result))
        .startsWith("# Clinical trials for BRAF V600E\n\n1 of 7 trials.\n")
        .contains(
            "1. [NCT09900001](https://clinicaltrials.gov/study/NCT09900001) Drug A for"
                + " BRAF V600E — Phase 2 · Recruiting · Example Group");
    JsonNode json = json(result);
    assertThat(json.get("totalCount").asInt()).isEqualTo(7);
    assertThat(json.get("studies").get(0).get("nctId").asText()).isEqualTo("NCT09900001");
    assertThat(json.get("summary").asText()).contains("NCT09900001");
  }

  @Test
  void searchTrials_invalidArgument_isAnErrorResultBeforeAnyRequest() {
    CallToolResult result =
        searchTool(wiremock()).call(Map.of("mutation", "BRAF V600E", "max_results", 0)).block();

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .isEqualTo(
            "Invalid arguments for search_trials: max_results: must be an integer from 1"
                + " to 100, was 0");
    assertThat(CTGOV.getAllServeEvents()).isEmpty();
  }

  @Test
  void searchTrials_rejectedQuery_namesTheErrorType() {
    CTGOV.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .willReturn(aResponse().withStatus(400).withBody("bad query.term")));

    CallToolResult result = searchTool(wiremock()).call(Map.of("mutation", "BRAF V600E")).block();

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .startsWith("search_trials failed: QueryRejectedException: ")
        .doesNotContain("--offline");
  }

  @Test
  void searchTrials_unreachable_suggestsOffline() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ClinicalTrialsClient nowhere = client("http://127.0.0.1:" + closedPort + "/");

    CallToolResult result = searchTool(nowhere).call(Map.of("mutation", "BRAF V600E")).block();

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .startsWith("search_trials failed: ClinicalTrialsUnreachableException: ")
        .endsWith(ToolResults.OFFLINE_HINT);
  }

  @Test
  void batch_inInputOrder_failuresIncluded() {
    CTGOV.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .withQueryParam("query.term", containing("BRAF"))
            .willReturn(okJson(PAGE)));
    CTGOV.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .withQueryParam("query.term", containing("KRAS"))
            .willReturn(aResponse().withStatus(404).withBody("nothing here")));
    var tool = new SearchTrialsBatchTool(wiremock(), TrialSummarizer.local(), false);

    CallToolResult result =
        tool.call(Map.of("mutations", List.of("KRAS G12C", "BRAF V600E"), "max_results", 1))
            .block();

    assertThat(result.isError()).as(text(result)).isFalse();
    assertThat(text(result))
        .contains("1 succeeded, 1 failed; up to 1 trial each.")
        .contains(
            "## 1. KRAS G12C: failed\n\n**Failed** after 1 attempt: "
                + "ClinicalTrialsStatusException: ")
        .contains("## 2. BRAF V600E\n\n1 of 7 trials.\n");
    JsonNode results = json(result).get("results");
    assertThat(results.get(0).get("ok").asBoolean()).isFalse();
    assertThat(results.get(0).get("error").get("type").asText())
        .isEqualTo("ClinicalTrialsStatusException");
    assertThat(results.get(1).get("ok").asBoolean()).isTrue();
    assertThat(results.get(1).get("summary").asText()).contains("NCT09900001");
  }

  @Test
  void batch_unusableMutation_namesItsPosition() {
    var tool = new SearchTrialsBatchTool(wiremock(), TrialSummarizer.local(), false);

    CallToolResult result =
        tool.call(Map.of("mutations", List.of("BRAF V600E", "y".repeat(300)))).block();

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .startsWith("Invalid arguments for search_trials_batch: mutations[1]: ");
    assertThat(CTGOV.getAllServeEvents()).isEmpty();
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  private static JsonNode json(CallToolResult result) {
    return new ObjectMapper().valueToTree(result.structuredContent());
  }
}
