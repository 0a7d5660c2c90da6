package dev.asyncflow.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the packaged {@code target/trials.jar} as a process, as users do: the jar's manifest, its
 * shaded dependencies, the exit codes and the streams, all offline.
 */
class TrialsCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR = Path.of("target", "trials.jar");

  @TempDir Path dir;

  /** What one run of the jar printed. */
  record Run(int exitCode, String out, String err) {}

  @Test
  void searchOffline_printsOneJsonObject() throws Exception {
    Run run = java("search", "BRAF V600E", "--offline", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("mutation").asText()).isEqualTo("BRAF V600E");
    assertThat(doc.path("studies")).isNotEmpty();
    assertThat(run.err()).contains("DEMO DATA");
  }

  @Test
  void output_isUtf8EvenUnderTheCLocale() throws Exception {
    Run run =
        java(
            Map.of("LC_ALL", "C", "LANG", "C"),
            "search",
            "BRAF V600E",
            "--offline",
            "--json",
            "--summarize");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("summary").asText()).contains("\u2014");
  }

  @Test
  void badUsage_exitsTwoWithoutAStackTrace() throws Exception {
    Run run = java("search", "  ", "--offline");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void version_namesTheBuild() throws Exception {
    Run run = java("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("trials 0.").doesNotContain("${");
  }

  @Test
  void batchOutputThenResume_leavesOneLinePerMutation() throws Exception {
    Path input = dir.resolve("mutations.txt");
    Files.writeString(input, "EGFR L858R\n# skip\nKRAS G12C\n\nALK fusion\n");
    Path output = dir.resolve("out.jsonl");
    assertThat(
            java("batch", input.toString(), "--offline", "--output", output.toString()).exitCode())
        .isZero();
    List<String> lines = Files.readAllLines(output);
    Files.write(output, lines.subList(0, 1));

    Run resumed =
        java("batch", input.toString(), "--offline", "--output", output.toString(), "--resume");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    List<Integer> numbers = new ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      numbers.add(JSON.readTree(line).path("line").asInt());
    }
    assertThat(numbers).containsExactlyInAnyOrder(1, 3, 5);
  }

  @ParameterizedTest(name = "killed with {0}")
  @ValueSource(booleans = {false, true})
  void interruptedBatch_resumesWhereItStopped(boolean forcibly) throws Exception {
    WireMockServer slow =
        new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    slow.start();
    try {
      slow.stubFor(
          get(urlPathEqualTo("/api/v2/studies"))
              .willReturn(okJson("{\"studies\":[],\"totalCount\":0}").withFixedDelay(100)));
      Path input = dir.resolve("many.txt");
      List<String> mutations = new ArrayList<>();
      for (int i = 1; i <= 40; i++) {
        mutations.add("GENE" + i + " V" + i + "E");
      }
      Files.write(input, mutations);
      Path output = dir.resolve("many.jsonl");
      String[] args = {
        "batch",
        input.toString(),
        "--ctgov-url",
        slow.baseUrl(),
        "--concurrency",
        "2",
        "--output",
        output.toString()
      };

      Path firstErr = dir.resolve("first-stderr");
      Process first = start(firstErr, args);
      try {
        awaitLines(output, 5);
        if (forcibly) {
          first.destroyForcibly();
        } else {
          first.destroy();
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the first run ended").isTrue();
      } finally {
        first.destroyForcibly();
      }
      if (!forcibly) {
        assertThat(Files.readString(firstErr))
            .contains("trials batch: interrupted; run the same command with --resume to finish")
            .doesNotContain("Exception");
      }
      int before = Files.readAllLines(output).size();
      Run resumed = java(append(args, "--resume"));

      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertThat(before).isLessThan(40);
      List<Integer> numbers = new ArrayList<>();
      for (String line : Files.readAllLines(output)) {
        numbers.add(JSON.readTree(line).path("line").asInt());
      }
      assertThat(numbers).hasSize(40).doesNotHaveDuplicates();
    } finally {
      slow.stop();
    }
  }

  private static void awaitLines(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
      assertThat(System.nanoTime()).as("%d lines in %s", count, file).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static String[] append(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }

  private Process start(Path stderr, String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(args));
    builder.environment().remove("ANTHROPIC_API_KEY");
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(stderr.toFile());
    return builder.start();
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  private Run java(String... args) throws IOException, InterruptedException {
    return java(Map.of(), args);
  }

  private Run java(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = command(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("ANTHROPIC_API_KEY");
    builder.environment().putAll(environment);
    builder.redirectOutput(dir.resolve("stdout").toFile());
    builder.redirectError(dir.resolve("stderr").toFile());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
      return new Run(
          process.exitValue(),
          Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
          Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }
}
