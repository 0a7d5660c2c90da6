package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.runtime.BuildInfo;
import dev.asyncflow.examples.runtime.JvmTuning;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code trials} command line: find clinical trials for genetic mutations on ClinicalTrials.gov
 * and summarize them.
 *
 * <pre>
 * java -jar examples/target/trials.jar search "BRAF V600E" --offline
 * java -jar examples/target/trials.jar batch mutations.txt --json --output results.jsonl
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 bad usage or input, 3 a batch in which some
 * mutations failed. Results go to standard output (with a table, the notices such as {@code DEMO
 * DATA} above it); progress, errors and, with {@code --json}, the notices to standard error.
 */
@Command(
    name = "trials",
    mixinStandardHelpOptions = true,
    versionProvider = TrialsCli.Version.class,
    description = "Find clinical trials for genetic mutations on ClinicalTrials.gov.",
    subcommands = {SearchCommand.class, BatchCommand.class},
    footer = {
      "",
      "Exit codes: 0 success, 1 runtime failure, 2 bad usage or input, 3 some batch lines failed.",
      "Summaries use ANTHROPIC_API_KEY when it is set, else a local summarizer."
    })
public final class TrialsCli implements Runnable {
  private final Console console;

  @Spec private CommandSpec spec = CommandSpec.create();

  private TrialsCli(Console console) {
    this.console = console;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    JvmTuning.tuneCommonPool();
    System.exit(run(Console.system(), args));
  }

  /**
   * Runs the command line on a console.
   *
   * @param console the streams and environment
   * @param args the arguments
   * @return the exit code
   */
  static int run(Console console, String... args) {
    CommandLine commandLine = new CommandLine(new TrialsCli(console), new Factory(console));
    commandLine.setOut(writer(console.out()));
    commandLine.setErr(writer(console.err()));
    commandLine.setExecutionExceptionHandler(new CliErrors());
    commandLine.setParameterExceptionHandler(TrialsCli::usageError);
    return commandLine.execute(args);
  }

  /** Without a command: the usage on standard error, exit code 2. */
  @Override
  public void run() {
    console.err().flush();
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: search or batch");
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(
        name + ": " + String.valueOf(e.getMessage()).strip() + " (see '" + name + " --help')");
    err.flush();
    return ExitCode.USAGE;
  }

  private static PrintWriter writer(java.io.PrintStream stream) {
    return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Gives the subcommands this command line's console. */
  private static final class Factory implements CommandLine.IFactory {
    private final Console console;

    Factory(Console console) {
      this.console = console;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == SearchCommand.class) {
        return type.cast(new SearchCommand(console));
      }
      if (type == BatchCommand.class) {
        return type.cast(new BatchCommand(console));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** Gives {@code --version} the build's version and the running JVM. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "trials " + BuildInfo.version() + " (asyncflow)",
        "Java " + Runtime.version() + ", " + System.getProperty("java.vm.name")
      };
    }
  }
}
