package dev.asyncflow.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  private Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("ANTHROPIC_API_KEY");
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
