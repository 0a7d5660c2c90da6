package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.runtime.ErrorText;
import dev.asyncflow.trials.BatchOutcome;
import java.io.PrintStream;

/** Prints one batch outcome for people: its study table, or the error that failed it. */
final class BatchTables {
  private BatchTables() {}

  /**
   * Prints an outcome followed by an empty line.
   *
   * @param out where to print
   * @param outcome the outcome
   */
  static void print(PrintStream out, BatchOutcome outcome) {
    if (outcome instanceof BatchOutcome.Success success) {
      StudyTable.print(out, success.input(), success.result(), success.summary());
    } else {
      BatchOutcome.Failure failure = (BatchOutcome.Failure) outcome;
      out.println(
          failure.input().strip()
              + ": FAILED after "
              + failure.attempts()
              + (failure.attempts() == 1 ? " attempt: " : " attempts: ")
              + failure.error().getClass().getSimpleName()
              + ": "
              + ErrorText.oneLine(failure.error()));
    }
    out.println();
  }
}
