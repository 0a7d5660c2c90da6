package dev.asyncflow.trials.internal;

import static dev.asyncflow.trials.internal.SummaryInputs.oneLine;

import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.Phase;
import dev.asyncflow.trials.Study;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The instructions and the prompt that ask a language model to summarize studies. Deterministic:
 * the same arguments give the same text.
 */
public final class SummaryPrompt {
  /** The system instructions sent with every prompt. */
  public static final String SYSTEM =
      "You summarize clinical trials from ClinicalTrials.gov for a patient or a clinician who"
          + " searched for a genetic mutation or a term. Write a concise summary in Markdown."
          + " Group the trials sensibly, for example by phase, recruitment status or kind of"
          + " treatment. Cite every trial you mention by its NCT id. Say which trials name the"
          + " searched mutation in their inclusion criteria, and how many trials were left out of"
          + " the list, if any. Use only the facts in the user's message; do not invent trials,"
          + " results, eligibility rules, sites or dates, and say so when a fact is not listed. End with one sentence advising the reader to confirm"
          + " eligibility with the trial team or their doctor.";

  /** The most characters of a brief summary shown before it is cut at a word boundary. */
  public static final int SUMMARY_LIMIT = 300;

  private static final String NOT_LISTED = "not listed";

  /** One study's description; a missing fact reads "not listed". */
  private static final String BLOCK =
      """
      ## Trial %d: %s
      Title: %s
      Status: %s
      Phases: %s
      Lead sponsor: %s
      Conditions: %s
      Interventions: %s
      Summary: %s
      Eligibility: "%s" is %s.
      """;

  private SummaryPrompt() {}

  /**
   * Returns the user prompt for {@code mutation} and the first {@code maxStudies} of {@code
   * studies}, saying how many were left out.
   *
   * @param mutation the searched text
   * @param studies the studies found, in the order to show them
   * @param maxStudies the most studies to show, at least 1
   * @return the prompt
   */
  public static String user(String mutation, List<Study> studies, int maxStudies) {
    List<Study> shown = studies.subList(0, Math.min(maxStudies, studies.size()));
    StringBuilder text = new StringBuilder();
    text.append("Searched for: ").append(oneLine(mutation)).append('\n');
    text.append(countLine(studies.size(), shown.size())).append('\n');
    MutationMentions.Finder finder = MutationMentions.of(mutation);
    for (int index = 0; index < shown.size(); index++) {
      text.append('\n').append(block(index + 1, shown.get(index), mutation, finder));
    }
    return text.toString();
  }

  private static String countLine(int found, int shown) {
    if (shown == found) {
      return "Trials found: " + found + " (all listed below).";
    }
    return "Trials found: "
        + found
        + " (the first "
        + shown
        + " are listed below; "
        + (found - shown)
        + " more were left out of this list).";
  }

  private static String block(
      int number, Study study, String mutation, MutationMentions.Finder finder) {
    return BLOCK.formatted(
        number,
        study.nctId(),
        oneLine(study.title()),
        status(study.overallStatus()),
        phases(study.phases()),
        orNotListed(study.leadSponsor()),
        joined(study.conditions()),
        joined(interventionNames(study)),
        summary(study.briefSummary()),
        oneLine(mutation),
        mention(study, finder));
  }

  private static String status(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return NOT_LISTED;
    }
    return OverallStatus.fromApi(value).map(OverallStatus::label).orElse(oneLine(value));
  }

  private static String phases(List<String> values) {
    List<String> labels =
        values.stream()
            .filter(value -> !value.isBlank())
            .map(value -> Phase.fromApi(value).map(Phase::label).orElse(oneLine(value)))
            .toList();
    return labels.isEmpty() ? NOT_LISTED : String.join(", ", labels);
  }

  private static List<String> interventionNames(Study study) {
    return study.interventions().stream()
        .map(Study.Intervention::name)
        .filter(Objects::nonNull)
        .toList();
  }

  private static String joined(List<String> values) {
    String text =
        values.stream()
            .filter(value -> !value.isBlank())
            .map(SummaryInputs::oneLine)
            .collect(Collectors.joining("; "));
    return text.isEmpty() ? NOT_LISTED : text;
  }

  private static String orNotListed(@Nullable String value) {
    return value == null || value.isBlank() ? NOT_LISTED : oneLine(value);
  }

  private static String mention(Study study, MutationMentions.Finder finder) {
    Study.Eligibility eligibility = study.eligibility();
    return switch (finder.in(eligibility == null ? null : eligibility.criteria())) {
      case INCLUSION, BOTH -> "named in the inclusion criteria";
      case EXCLUSION -> "named only in the exclusion criteria";
      case NONE -> "not named in the eligibility criteria";
    };
  }

  private static String summary(@Nullable String value) {
    return value == null || value.isBlank() ? NOT_LISTED : shorten(value);
  }

  /**
   * Returns {@code summary} on one line, cut to at most {@link #SUMMARY_LIMIT} characters at the
   * last word boundary (or mid-word when a single word is longer) and ended with "…" when cut.
   *
   * @param summary the brief summary
   * @return the shortened text, or the whole text when short enough
   */
  static String shorten(String summary) {
    String text = oneLine(summary);
    if (text.length() <= SUMMARY_LIMIT) {
      return text;
    }
    int cut = text.lastIndexOf(' ', SUMMARY_LIMIT);
    if (cut <= 0) {
      cut =
          Character.isHighSurrogate(text.charAt(SUMMARY_LIMIT - 1))
              ? SUMMARY_LIMIT - 1
              : SUMMARY_LIMIT;
    }
    return text.substring(0, cut).stripTrailing() + "…";
  }
}
