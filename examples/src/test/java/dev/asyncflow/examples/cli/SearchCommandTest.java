package dev.asyncflow.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static DemoTrialsServer demo;

  @BeforeAll
  static void startDemo() {
    demo = DemoTrialsServer.start();
  }

  @AfterAll
  static void stopDemo() {
    demo.close();
  }

  @Test
  void search_json_printsOneObjectWithTheContractsFields() throws IOException {
    CliRun run = CliRun.run("search", "BRAF V600E", "--offline", "--json");

    assertThat(run.exitCode).as(run.toString()).isZero();
    JsonNode doc = JSON.readTree(run.out);
    assertThat(run.outLines()).hasSize(1);
    assertThat(doc.path("mutation").asText()).isEqualTo("BRAF V600E");
    assertThat(doc.path("totalCount").isInt()).isTrue();
    assertThat(doc.has("summary")).isFalse();
    assertThat(doc.path("studies")).isNotEmpty();
    for (JsonNode study : doc.path("studies")) {
      assertThat(names(study))
          .containsExactly(
              "nctId",
              "title",
              "status",
              "phases",
              "sponsor",
              "conditions",
              "interventions",
              "url",
              "exclusionOnly");
      assertThat(study.path("nctId").asText()).matches("NCT\\d{8}");
      assertThat(study.path("url").asText()).endsWith(study.path("nctId").asText());
      assertThat(study.path("exclusionOnly").asBoolean()).isFalse();
    }
    assertThat(run.err).contains("DEMO DATA").doesNotContain("Summaries:");
  }

  @Test
  void search_mutationMode_leavesOutExclusionOnlyStudiesUnlessKept() throws IOException {
    JsonNode kept =
        JSON.readTree(
            CliRun.run(
                    "search",
                    "BRAF V600E",
                    "--offline",
                    "--json",
                    "--keep-exclusion-only",
                    "--max",
                    "100")
                .out);
    JsonNode left =
        JSON.readTree(
            CliRun.run("search", "BRAF V600E", "--offline", "--json", "--max", "100").out);

    List<String> exclusionOnly = new ArrayList<>();
    kept.path("studies")
        .forEach(
            s -> {
              if (s.path("exclusionOnly").asBoolean()) {
                exclusionOnly.add(s.path("nctId").asText());
              }
            });
    assertThat(exclusionOnly).isNotEmpty();
    assertThat(left.path("studies").findValuesAsText("nctId"))
        .doesNotContainAnyElementsOf(exclusionOnly);
    assertThat(left.path("studies")).hasSize(kept.path("studies").size() - exclusionOnly.size());
  }

  @Test
  void search_table_marksExclusionOnlyStudiesAndSaysWhatWasLeftOut() {
    CliRun left = CliRun.run("search", "BRAF V600E", "--offline", "--max", "100");
    CliRun kept =
        CliRun.run("search", "BRAF V600E", "--offline", "--max", "100", "--keep-exclusion-only");

    assertThat(left.outLines().get(0)).startsWith("DEMO DATA");
    assertThat(left.out).contains("--keep-exclusion-only shows them").containsPattern("NCT\\d{8}");
    assertThat(left.out).contains("NCT ID", "PHASE", "STATUS", "TITLE", "SPONSOR");
    assertThat(kept.out).containsPattern("NCT\\d{8}\\*").contains("* names the mutation only");
  }

  @Test
  void search_summarize_addsTheLocalSummaryAndSaysWhoWroteIt() throws IOException {
    CliRun json = CliRun.run("search", "BRAF V600E", "--offline", "--json", "--summarize");
    CliRun table = CliRun.run("search", "BRAF V600E", "--offline", "--summarize");

    assertThat(JSON.readTree(json.out).path("summary").asText()).isNotBlank();
    assertThat(json.err).contains("Summaries: local summarizer");
    assertThat(table.out).contains("Summary (local summarizer):");
  }

  @Test
  void search_statusFilter_keepsOnlyThoseStatuses() throws IOException {
    CliRun run =
        CliRun.run(
            "search", "BRAF V600E", "--offline", "--json", "--status", "recruiting,COMPLETED");

    JsonNode studies = JSON.readTree(run.out).path("studies");
    assertThat(studies).isNotEmpty();
    assertThat(studies.findValuesAsText("status"))
        .allMatch(s -> s.equals("RECRUITING") || s.equals("COMPLETED"));
  }

  @Test
  void search_withAKey_summarizesWithClaudeAtTheAnthropicUrl() throws IOException {
    server.stubFor(
        post(urlPathEqualTo("/v1/messages"))
            .willReturn(
                okJson(
                    "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Claude says hi.\"}],"
                        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":3}}")));
    CliRun run =
        CliRun.setup()
            .env("ANTHROPIC_API_KEY", "sk-test-secret")
            .run(
                "search",
                "BRAF V600E",
                "--ctgov-url",
                demoUrl(),
                "--anthropic-url",
                server.baseUrl(),
                "--json",
                "--summarize");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(JSON.readTree(run.out).path("summary").asText()).isEqualTo("Claude says hi.");
    assertThat(run.err).contains("Summaries: Claude").doesNotContain("sk-test-secret");
    server.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
  }

  @Test
  void search_offline_neverAsksClaudeEvenWithAKey() {
    CliRun run =
        CliRun.setup()
            .env("ANTHROPIC_API_KEY", "sk-test-secret")
            .run(
                "search",
                "BRAF V600E",
                "--offline",
                "--anthropic-url",
                server.baseUrl(),
                "--summarize");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("Summary (local summarizer):");
    server.verify(0, postRequestedFor(urlPathEqualTo("/v1/messages")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "search|   |--offline",
        "search",
        "search|BRAF V600E|--ctgov-url|not a url",
        "search|BRAF V600E|--ctgov-url|ftp://example.org/",
        "search|BRAF V600E|--offline|--ctgov-url|http://127.0.0.1:9/",
        "search|BRAF V600E|--offline|--status|RECRUITNG",
        "search|BRAF V600E|--offline|--near|40.7",
        "search|BRAF V600E|--offline|--near|north,south",
        "search|BRAF V600E|--offline|--near|95,10",
        "search|BRAF V600E|--offline|--distance|10mi",
        "search|BRAF V600E|--offline|--near|40.7,-74|--distance|far",
        "search|BRAF V600E|--offline|--max|0",
        "search|BRAF V600E|--offline|--max|1001",
        "search|BRAF V600E|--offline|--max|ten",
        "search|BRAF V600E|--offline|--mode|fuzzy",
        "search|BRAF V600E|--no-such-option",
        "",
        "frobnicate"
      })
  void badUsage_exitsTwoWithOneLineAndNoStackTrace(String args) {
    CliRun run = CliRun.run(args.isEmpty() ? new String[0] : args.split("\\|"));

    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.err).doesNotContain("\tat ").doesNotContain("Exception in thread");
    assertThat(lastLine(run.err)).startsWith("trials");
    assertThat(run.out).isEmpty();
  }

  @Test
  void badUsage_namesTheProblem() {
    assertThat(CliRun.run("search", " ", "--offline").err).contains("the mutation is blank");
    assertThat(CliRun.run("search", "X", "--ctgov-url", "not a url").err)
        .contains("--ctgov-url")
        .contains("not a url");
    assertThat(CliRun.run("search", "X", "--offline", "--status", "RECRUITNG").err)
        .contains("unknown status \"RECRUITNG\"");
    assertThat(CliRun.run("search").err).contains("MUTATION");
    assertThat(CliRun.run("search", "X", "--offline", "--max", "0").err)
        .contains("--max must be 1 to 1000, was 0");
    assertThat(CliRun.run("search", "X", "--offline", "--near", "1,2,3").err)
        .contains("--near must be LAT,LON");
  }

  @Test
  void unreachableApi_exitsOneAndSuggestsOffline() throws IOException {
    CliRun run =
        CliRun.run("search", "BRAF V600E", "--ctgov-url", "http://127.0.0.1:" + closedPort() + "/");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err)
        .contains("could not be reached")
        .contains("--offline")
        .doesNotContain("\tat ");
  }

  @Test
  void verbose_addsTheStackTrace() throws IOException {
    CliRun run =
        CliRun.run(
            "search",
            "BRAF V600E",
            "--verbose",
            "--ctgov-url",
            "http://127.0.0.1:" + closedPort() + "/");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("\tat ");
  }

  @Test
  void serverError_exitsOneNamingTheStatus() {
    server.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("Invalid prefix in parameter name: query.cheese")));

    CliRun run = CliRun.run("search", "BRAF V600E", "--ctgov-url", server.baseUrl());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("400").contains("Invalid prefix in parameter name");
  }

  @Test
  void helpAndVersion_exitZero() {
    CliRun help = CliRun.run("--help");
    CliRun searchHelp = CliRun.run("search", "--help");
    CliRun version = CliRun.run("--version");

    assertThat(help.exitCode).isZero();
    assertThat(help.out).contains("search").contains("batch").contains("Exit codes");
    assertThat(searchHelp.out)
        .contains("--keep-exclusion-only")
        .contains("--ctgov-url")
        .contains("--offline");
    assertThat(version.exitCode).isZero();
    assertThat(version.out).startsWith("trials ").doesNotContain("${");
  }

  private static String demoUrl() {
    return demo.baseUri().toString();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
