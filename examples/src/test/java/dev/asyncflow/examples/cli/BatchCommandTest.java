package dev.asyncflow.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> INPUT =
      List.of(
          "EGFR L858R", "", "# a comment", "KRAS G12C", "braf v600e", "BRAF V600E  ", "ALK fusion");
  private static final List<String> MUTATIONS =
      List.of("EGFR L858R", "KRAS G12C", "braf v600e", "BRAF V600E", "ALK fusion");
  private static final List<Integer> LINES = List.of(1, 4, 5, 6, 7);

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir Path dir;

  @Test
  void json_printsOneLinePerMutationInInputOrder() throws IOException {
    CliRun run = CliRun.run("batch", input(INPUT).toString(), "--offline", "--json");

    assertThat(run.exitCode).as(run.toString()).isZero();
    List<JsonNode> lines = parse(run.out);
    assertThat(lines).extracting(l -> l.path("mutation").asText()).isEqualTo(MUTATIONS);
    assertThat(lines).allMatch(l -> l.path("ok").asBoolean() && l.path("totalCount").isInt());
    assertThat(lines).allMatch(l -> !l.has("line") && !l.has("summary"));
    assertThat(lines.get(0).path("studies")).isNotEmpty();
    assertThat(lines.get(2).path("studies")).isEqualTo(lines.get(3).path("studies"));
    assertThat(run.errLines())
        .anyMatch(l -> l.startsWith("DEMO DATA"))
        .last()
        .asString()
        .startsWith("trials batch: 5 mutations: 5 succeeded, 0 failed, in ");
  }

  @Test
  void dash_readsStandardInput() throws IOException {
    CliRun fromFile = CliRun.run("batch", input(INPUT).toString(), "--offline", "--json");
    CliRun fromStdin =
        CliRun.setup()
            .stdin(String.join("\n", INPUT) + "\n")
            .run("batch", "-", "--offline", "--json");

    assertThat(fromStdin.exitCode).isZero();
    assertThat(fromStdin.out).isEqualTo(fromFile.out);
  }

  @Test
  void table_printsEachMutationsTableInInputOrder() throws IOException {
    CliRun run = CliRun.run("batch", input(INPUT).toString(), "--offline");

    assertThat(run.exitCode).isZero();
    List<String> headers =
        run.outLines().stream().filter(l -> l.contains(": ") && l.contains("showing")).toList();
    assertThat(headers).hasSize(5);
    assertThat(headers.get(0)).startsWith("EGFR L858R: ");
    assertThat(headers.get(4)).startsWith("ALK fusion: ");
  }

  @Test
  void summarize_addsASummaryToEachLine() throws IOException {
    CliRun run =
        CliRun.run(
            "batch", input(List.of("KRAS G12C")).toString(), "--offline", "--json", "--summarize");

    assertThat(parse(run.out).get(0).path("summary").asText()).isNotBlank();
    assertThat(run.err).contains("Summaries: local summarizer");
  }

  @Test
  void someFailures_exitThreeAndNameTheError() throws IOException {
    stubServerFailing("FAILING");
    CliRun run =
        CliRun.run(
            "batch",
            input(List.of("EGFR L858R", "FAILING X1", "KRAS G12C")).toString(),
            "--json",
            "--ctgov-url",
            server.baseUrl());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
    List<JsonNode> lines = parse(run.out);
    assertThat(lines).extracting(l -> l.path("ok").asBoolean()).containsExactly(true, false, true);
    JsonNode failed = lines.get(1);
    assertThat(failed.path("mutation").asText()).isEqualTo("FAILING X1");
    assertThat(failed.path("error").path("type").asText()).isEqualTo("QueryRejectedException");
    assertThat(failed.path("error").path("message").asText()).contains("400");
    assertThat(failed.path("attempts").asInt()).isEqualTo(1);
    assertThat(names(failed)).containsExactly("mutation", "ok", "error", "attempts");
    assertThat(run.errLines()).last().asString().contains("3 mutations: 2 succeeded, 1 failed");
  }

  @Test
  void someFailures_inATable_sayFailedWithTheError() throws IOException {
    stubServerFailing("FAILING");
    CliRun run =
        CliRun.run(
            "batch", input(List.of("FAILING X1")).toString(), "--ctgov-url", server.baseUrl());

    assertThat(run.exitCode).isEqualTo(3);
    assertThat(run.out).contains("FAILING X1: FAILED after 1 attempt: QueryRejectedException: ");
  }

  @Test
  void output_appendsOneLinePerMutationWithItsInputLine() throws IOException {
    Path out = dir.resolve("out.jsonl");
    CliRun run =
        CliRun.run(
            "batch", input(INPUT).toString(), "--offline", "--json", "--output", out.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).isEmpty();
    List<JsonNode> lines = parse(Files.readString(out));
    assertThat(lines)
        .extracting(l -> l.path("line").asInt())
        .containsExactlyInAnyOrderElementsOf(LINES);
    assertThat(lines)
        .allMatch(
            l ->
                MUTATIONS
                    .get(LINES.indexOf(l.path("line").asInt()))
                    .equals(l.path("mutation").asText()));
    assertThat(names(lines.get(0))).startsWith("line", "mutation", "ok");
    assertThat(run.errLines()).last().asString().endsWith("results in " + out);
  }

  @Test
  void output_refusesAFileWithResultsUnlessResumed() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"line\":1,\"mutation\":\"EGFR L858R\",\"ok\":true}\n");

    CliRun run =
        CliRun.run("batch", input(INPUT).toString(), "--offline", "--output", out.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("already holds results").contains("--resume");
    assertThat(Files.readAllLines(out)).hasSize(1);
  }

  @Test
  void resume_searchesOnlyWhatTheFileDoesNotAnswer() throws IOException {
    Path in = input(INPUT);
    Path out = dir.resolve("out.jsonl");
    CliRun.run("batch", in.toString(), "--offline", "--json", "--output", out.toString());
    List<String> whole = Files.readAllLines(out);
    Files.write(out, whole.subList(0, 2));

    CliRun run =
        CliRun.run(
            "batch", in.toString(), "--offline", "--json", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).as(run.toString()).isZero();
    List<String> resumed = Files.readAllLines(out);
    assertThat(resumed).hasSize(5).startsWith(whole.get(0), whole.get(1));
    assertThat(parse(String.join("\n", resumed)))
        .extracting(l -> l.path("line").asInt())
        .containsExactlyInAnyOrderElementsOf(LINES);
    assertThat(run.err).contains("2 of 5 mutations already answered");
    assertThat(run.errLines()).last().asString().contains("3 mutations: 3 succeeded");
  }

  @Test
  void resume_dropsALineCutShortByACrash() throws IOException {
    Path in = input(INPUT);
    Path out = dir.resolve("out.jsonl");
    CliRun.run("batch", in.toString(), "--offline", "--output", out.toString());
    List<String> whole = Files.readAllLines(out);
    Files.writeString(out, whole.get(0) + "\n" + whole.get(1).substring(0, 20));

    CliRun run =
        CliRun.run("batch", in.toString(), "--offline", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).as(run.toString()).isZero();
    List<JsonNode> lines = parse(Files.readString(out));
    assertThat(lines)
        .extracting(l -> l.path("line").asInt())
        .containsExactlyInAnyOrderElementsOf(LINES);
  }

  @Test
  void resume_searchesFailedMutationsAgainAndKeepsOneLineEach() throws IOException {
    Path in = input(List.of("EGFR L858R", "KRAS G12C"));
    Path out = dir.resolve("out.jsonl");
    Files.writeString(
        out,
        "{\"line\":2,\"mutation\":\"KRAS G12C\",\"ok\":false,\"error\":{\"type\":\"X\",\"message\":\"m\"},\"attempts\":3}\n");

    CliRun run =
        CliRun.run("batch", in.toString(), "--offline", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).as(run.toString()).isZero();
    List<JsonNode> lines = parse(Files.readString(out));
    assertThat(lines).hasSize(2).allMatch(l -> l.path("ok").asBoolean());
    assertThat(run.err).contains("1 failed ones searched again");
  }

  @Test
  void resume_refusesAFileOfAnotherInput() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"line\":1,\"mutation\":\"NRAS Q61K\",\"ok\":true}\n");

    CliRun run =
        CliRun.run(
            "batch", input(INPUT).toString(), "--offline", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("does not belong to this input");
  }

  @Test
  void resume_refusesALineThatIsNoResult() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "hello\n");

    CliRun run =
        CliRun.run(
            "batch", input(INPUT).toString(), "--offline", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("line 1 of " + out + " is not a result line");
  }

  @Test
  void badInput_exitsTwoNamingIt() throws IOException {
    Path empty = input(List.of("", "# nothing"));
    assertThat(CliRun.run("batch", dir.resolve("missing.txt").toString(), "--offline").err)
        .contains("missing.txt: no such file");
    assertThat(CliRun.run("batch", empty.toString(), "--offline").err)
        .contains("holds no mutation");
    assertThat(CliRun.run("batch", dir.toString(), "--offline").err).contains("directory");
    assertThat(CliRun.run("batch", empty.toString(), "--offline", "--resume").err)
        .contains("--resume needs --output");
    assertThat(CliRun.run("batch", empty.toString(), "--offline", "--concurrency", "0").err)
        .contains("--concurrency");
    for (String[] args :
        List.of(
            new String[] {"batch", dir.resolve("missing.txt").toString(), "--offline"},
            new String[] {"batch", empty.toString(), "--offline"},
            new String[] {"batch", "--offline"})) {
      CliRun run = CliRun.run(args);
      assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
      assertThat(run.errLines()).hasSize(1);
    }
  }

  @Test
  void maxAndConcurrency_outOfRange_exitTwoNamingTheOption() throws IOException {
    String in = input(INPUT).toString();
    for (String[] args :
        List.of(
            new String[] {"--max", "0"},
            new String[] {"--max", "1001"},
            new String[] {"--concurrency", "0"},
            new String[] {"--concurrency", "1001"})) {
      CliRun run = CliRun.run("batch", in, "--offline", args[0], args[1]);

      assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
      assertThat(run.err).contains(args[0] + " must be 1 to 1000, was " + args[1]);
    }
  }

  @Test
  void unreachableApi_failsEveryLineAndTheSummarySuggestsOffline() throws IOException {
    CliRun run =
        CliRun.run(
            "batch",
            input(List.of("EGFR L858R")).toString(),
            "--json",
            "--ctgov-url",
            "http://127.0.0.1:" + SearchCommandTest.closedPort() + "/");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
    assertThat(parse(run.out).get(0).path("error").path("type").asText())
        .isEqualTo("ClinicalTrialsUnreachableException");
    assertThat(run.errLines())
        .last()
        .asString()
        .startsWith("trials batch: 1 mutation: 0 succeeded, 1 failed")
        .contains("--offline runs on demo data");
  }

  @Test
  void resume_afterAFullRun_searchesNothingAndLeavesTheFileAsItWas() throws IOException {
    Path in = input(INPUT);
    Path out = dir.resolve("out.jsonl");
    CliRun.run("batch", in.toString(), "--offline", "--output", out.toString());
    String whole = Files.readString(out);

    CliRun run =
        CliRun.run("batch", in.toString(), "--offline", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(Files.readString(out)).isEqualTo(whole);
    assertThat(run.err)
        .contains("5 of 5 mutations already answered")
        .contains("0 mutations: 0 succeeded");
  }

  @Test
  void resume_keepsTheFirstOfTwoSuccessfulLinesForOneInputLine() throws IOException {
    Path in = input(List.of("EGFR L858R"));
    Path out = dir.resolve("out.jsonl");
    String line =
        "{\"line\":1,\"mutation\":\"EGFR L858R\",\"ok\":true,\"totalCount\":0,\"studies\":[]}";
    Files.writeString(
        out, line + "\n" + line.replace("\"totalCount\":0", "\"totalCount\":9") + "\n");

    CliRun run =
        CliRun.run("batch", in.toString(), "--offline", "--output", out.toString(), "--resume");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(Files.readAllLines(out)).containsExactly(line);
  }

  @Test
  void terminal_drawsAProgressBarAndClearsIt() throws IOException {
    CliRun run =
        CliRun.setup().terminal().run("batch", input(INPUT).toString(), "--offline", "--json");

    assertThat(run.err).contains("\r[").contains("5/5  0 failed");
    assertThat(CliRun.run("batch", input(INPUT).toString(), "--offline", "--json").err)
        .doesNotContain("\r");
  }

  private Path input(List<String> lines) throws IOException {
    Path file = Files.createTempFile(dir, "mutations", ".txt");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static void stubServerFailing(String marker) {
    server.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .atPriority(5)
            .willReturn(okJson("{\"studies\":[],\"totalCount\":0}")));
    server.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .atPriority(1)
            .withQueryParam("query.term", containing(marker))
            .willReturn(aResponse().withStatus(400).withBody("Invalid value for query.term")));
  }

  private static List<JsonNode> parse(String text) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
