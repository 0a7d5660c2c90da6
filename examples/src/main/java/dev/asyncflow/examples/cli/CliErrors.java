package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.json.TrialsJson;
import dev.asyncflow.trials.AnthropicException;
import dev.asyncflow.trials.ClinicalTrialsException;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import dev.asyncflow.trials.InvalidQueryException;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one line on standard error and an exit code: {@value
 * ExitCode#USAGE} for bad usage or input, {@value ExitCode#FAILURE} for a runtime failure. With
 * {@code --verbose} the stack trace follows the line.
 */
final class CliErrors implements IExecutionExceptionHandler {
  /**
   * The request flow-http appends to a failure's message, {@code [service GET url, attempts: 3]}:
   * the URL carries the whole encoded query, too long for a one-line message ({@code --verbose}
   * shows it).
   */
  /** What to do when ClinicalTrials.gov cannot be reached. */
  static final String UNREACHABLE_HINT =
      "check the network or the --ctgov-url; --offline runs on demo data with no network";

  private static final Pattern REQUEST_DETAIL =
      Pattern.compile("\\s*\\[[^\\[\\]]*, attempts: (\\d+)\\]");

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
    Throwable cause = TrialsJson.unwrap(ex);
    int code = exitCode(cause);
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message(cause));
    if (verbose(parsed)) {
      cause.printStackTrace(command.getErr());
    }
    command.getErr().flush();
    return code;
  }

  /**
   * Returns the exit code for an error.
   *
   * @param error the error, unwrapped
   * @return {@value ExitCode#USAGE} or {@value ExitCode#FAILURE}
   */
  static int exitCode(Throwable error) {
    return error instanceof UsageException || error instanceof InvalidQueryException
        ? ExitCode.USAGE
        : ExitCode.FAILURE;
  }

  /**
   * Returns the one-line message for an error, with a hint where one helps.
   *
   * @param error the error, unwrapped
   * @return the message, without line breaks
   */
  static String message(Throwable error) {
    String text = oneLine(TrialsJson.message(error));
    if (error instanceof ClinicalTrialsUnreachableException) {
      return text + " (" + UNREACHABLE_HINT + ")";
    }
    if (error instanceof AnthropicException) {
      return "the summary failed: " + text;
    }
    if (error instanceof UsageException || error instanceof ClinicalTrialsException) {
      return text;
    }
    if (error instanceof InvalidQueryException) {
      return "invalid query: " + text;
    }
    if (error instanceof CancellationException) {
      return "cancelled";
    }
    return error.getClass().getSimpleName() + ": " + text;
  }

  private static String oneLine(String text) {
    String flat = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return REQUEST_DETAIL
        .matcher(flat)
        .replaceAll(m -> m.group(1).equals("1") ? "" : " (after " + m.group(1) + " attempts)");
  }

  private static boolean verbose(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption("--verbose") || parsed.hasMatchedOption("--verbose");
  }
}
