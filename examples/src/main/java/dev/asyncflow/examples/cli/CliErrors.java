package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.runtime.ErrorText;
import dev.asyncflow.trials.AnthropicException;
import dev.asyncflow.trials.ClinicalTrialsException;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import dev.asyncflow.trials.InvalidQueryException;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one line on standard error and an exit code: {@value
 * ExitCode#USAGE} for bad usage or input, {@value ExitCode#FAILURE} for a runtime failure. With
 * {@code --verbose} the stack trace follows the line.
 */
final class CliErrors implements IExecutionExceptionHandler {
  /** What to do when ClinicalTrials.gov cannot be reached. */
  static final String UNREACHABLE_HINT =
      "check the network or the --ctgov-url; --offline runs on demo data with no network";

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
    Throwable cause = ErrorText.unwrap(ex);
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
    String text = ErrorText.oneLine(error);
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
    return ErrorText.describe(error);
  }

  private static boolean verbose(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption("--verbose") || parsed.hasMatchedOption("--verbose");
  }
}
