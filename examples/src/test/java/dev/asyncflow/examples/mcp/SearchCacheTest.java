package dev.asyncflow.examples.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's search cache, end to end: the server runs in this JVM from its command line, so its
 * ClinicalTrials.gov client is the one {@code TrialsServices.start} builds, with the cache it
 * installs, and WireMock counts the requests that reach "ClinicalTrials.gov".
 */
class SearchCacheTest {
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
        "designModule": {"phases": ["PHASE2"]}}}]}
      """;

  private static final String STUDIES = "/api/v2/studies";

  @Test
  void identicalSearches_sendOneRequest() throws Exception {
    CTGOV.stubFor(get(urlPathEqualTo(STUDIES)).willReturn(okJson(PAGE)));
    try (InJvmServer server = InJvmServer.start("--ctgov-url", CTGOV.baseUrl() + "/")) {
      server.initialize();

      JsonNode first = server.callTool(1, "search_trials", Map.of("mutation", "BRAF V600E"));
      JsonNode second = server.callTool(2, "search_trials", Map.of("mutation", "BRAF V600E"));

      assertThat(first.path("result").path("isError").asBoolean()).as(first.toString()).isFalse();
      assertThat(second.get("result")).isEqualTo(first.get("result"));
      CTGOV.verify(1, getRequestedFor(urlPathEqualTo(STUDIES)));

      JsonNode batch =
          server.callTool(
              3,
              "search_trials_batch",
              Map.of("mutations", List.of("BRAF V600E"), "max_results", 10));
      assertThat(batch.path("result").path("isError").asBoolean()).isFalse();
      CTGOV.verify(1, getRequestedFor(urlPathEqualTo(STUDIES)));

      server.callTool(4, "search_trials", Map.of("mutation", "BRAF V600E", "max_results", 3));
      CTGOV.verify(2, getRequestedFor(urlPathEqualTo(STUDIES)));
    }
  }
}
