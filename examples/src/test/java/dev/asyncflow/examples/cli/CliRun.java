package dev.asyncflow.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the {@code trials} command line in-process and keeps what it printed. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** A command line to run: its environment, standard input and terminal. */
  static final class Setup {
    private final Map<String, String> environment = new HashMap<>();
    private String stdin = "";
    private boolean terminal;

    Setup env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    Setup stdin(String text) {
      stdin = text;
      return this;
    }

    Setup terminal() {
      terminal = true;
      return this;
    }

    CliRun run(String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Console console =
          new Console(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
              environment::get,
              terminal);
      int code = TrialsCli.run(console, args);
      return new CliRun(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  static Setup setup() {
    return new Setup();
  }

  /** Runs with an empty environment (no API key), no input, not on a terminal. */
  static CliRun run(String... args) {
    return setup().run(args);
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
  }
}
