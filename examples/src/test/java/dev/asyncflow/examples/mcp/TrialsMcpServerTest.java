package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line of the server, in this JVM. */
class TrialsMcpServerTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    return TrialsMcpServer.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        name -> null);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badUrl_oneLineOnStderr_exitTwo() {
    assertThat(run("", "--ctgov-url", "ftp://example.org")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    assertThat(err())
        .startsWith("trials-mcp: Invalid value for option '--ctgov-url'")
        .contains("ftp://example.org")
        .endsWith("(see --help)\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void offlineWithAUrl_oneLineOnStderr_exitTwo() {
    assertThat(run("", "--offline", "--ctgov-url", "http://127.0.0.1:9/")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("trials-mcp: --offline and --ctgov-url exclude each other");
    assertThat(out()).isEmpty();
  }

  @Test
  void unknownOption_oneLineOnStderr_exitTwo() {
    assertThat(run("", "--max", "3")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("trials-mcp: Unknown option");
    assertThat(out()).isEmpty();
  }

  @Test
  void help_listsTheOptions() {
    assertThat(run("", "--help")).isZero();
    assertThat(out()).contains("--ctgov-url", "--anthropic-url", "--offline", "--version");
  }

  @Test
  void version() {
    assertThat(run("", "--version")).isZero();
    assertThat(out()).startsWith("trials-mcp ");
  }

  @Test
  void endOfInput_closesEverythingAndReturnsZero() {
    assertThat(run("", "--ctgov-url", "http://127.0.0.1:9/")).isZero();
    assertThat(out()).isEmpty();
  }
}
