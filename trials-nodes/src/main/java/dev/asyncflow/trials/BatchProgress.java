package dev.asyncflow.trials;

/**
 * How far a {@link TrialsBatch} run has come: reported after every input's outcome, so a command
 * line can draw a progress bar from it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param done how many inputs have an outcome, successes and failures alike
 * @param total how many inputs the run was given, duplicates included
 * @param successes how many of the done inputs succeeded
 * @param failures how many of the done inputs failed
 */
public record BatchProgress(int done, int total, int successes, int failures) {

  /**
   * Checks that the counts add up.
   *
   * @param done see the record's done component
   * @param total see the record's total component
   * @param successes see the record's successes component
   * @param failures see the record's failures component
   * @throws IllegalArgumentException if a count is negative, {@code done} is not {@code successes +
   *     failures}, or {@code done} exceeds {@code total}
   */
  public BatchProgress {
    if (successes < 0 || failures < 0 || done != successes + failures || done > total) {
      throw new IllegalArgumentException(
          "inconsistent progress: done="
              + done
              + ", total="
              + total
              + ", successes="
              + successes
              + ", failures="
              + failures);
    }
  }

  /**
   * Returns whether every input has its outcome.
   *
   * @return {@code done == total}
   */
  public boolean isComplete() {
    return done == total;
  }
}
