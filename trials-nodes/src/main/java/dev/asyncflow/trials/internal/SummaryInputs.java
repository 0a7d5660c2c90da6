package dev.asyncflow.trials.internal;

import dev.asyncflow.trials.InvalidQueryException;
import dev.asyncflow.trials.Study;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks and tidies what summarizers are given. */
public final class SummaryInputs {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private SummaryInputs() {}

  /**
   * Checks the arguments of {@code TrialSummarizer.summarize}.
   *
   * @param mutation the searched text
   * @param studies the studies
   * @return an immutable copy of {@code studies}
   * @throws NullPointerException if an argument or a study is null
   * @throws InvalidQueryException if {@code mutation} is blank
   */
  public static List<Study> checked(String mutation, List<Study> studies) {
    Objects.requireNonNull(mutation, "mutation");
    if (mutation.isBlank()) {
      throw new InvalidQueryException("mutation", "must not be blank");
    }
    return List.copyOf(Objects.requireNonNull(studies, "studies"));
  }

  /**
   * Returns {@code text} on one line: stripped, each run of whitespace (newlines included) made one
   * space.
   *
   * @param text any text
   * @return the tidied text
   */
  public static String oneLine(String text) {
    return WHITESPACE.matcher(text.strip()).replaceAll(" ");
  }
}
