package dev.asyncflow.examples.mcp;

import dev.asyncflow.examples.runtime.ErrorText;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.Phase;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.TrialSummary;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes the Markdown the trial tools return: a heading, the counts, the summary and a numbered
 * list of trials (NCT id linked to its page, title, phases, status, sponsor), with a DEMO DATA line
 * when the studies are the demo data and a line saying who summarized. Text from the API is escaped
 * so that it cannot add formatting or links; headings inside a summary are moved down so that they
 * nest under the tool's own. Stateless.
 */
final class TrialsMarkdown {
  /** The line that marks results from the demo data. */
  static final String DEMO_DATA =
      "**DEMO DATA**: these studies are synthetic, written by the asyncflow project and served by"
          + " this server (--offline). They are not real trials.";

  private TrialsMarkdown() {}

  /**
   * Renders one search.
   *
   * @param result the search result (its query gives the mutation and the filters)
   * @param summary the summary of the studies, or null when none was made
   * @param demoData whether the studies are the demo data
   * @return the Markdown
   */
  static String search(SearchResult result, @Nullable TrialSummary summary, boolean demoData) {
    StringBuilder md = new StringBuilder("# Clinical trials for ");
    md.append(escape(topic(result))).append("\n\n");
    md.append(count(result)).append(filters(result)).append(".\n");
    appendDemoData(md, demoData);
    if (summary != null) {
      md.append("\n## Summary\n\n").append(demote(summary.text().strip(), 2)).append('\n');
    }
    if (!result.studies().isEmpty()) {
      md.append("\n## Trials\n\n");
      appendStudies(md, result.studies());
    }
    appendDropped(md, result);
    if (summary != null) {
      md.append('\n').append(attribution(summary)).append('\n');
    }
    return md.toString();
  }

  /**
   * Renders a batch: one section per input in input order, failures named with their error's type
   * and message. Summaries written by a language model are shown; local summaries are left out, as
   * they only restate each list (the structured content carries them).
   *
   * @param outcomes the outcomes in input order
   * @param filters the filters every search used, as {@link #filters(String, Set)} writes them
   * @param maxResults the most trials asked for per mutation
   * @param demoData whether the studies are the demo data
   * @return the Markdown
   */
  static String batch(
      List<BatchOutcome> outcomes, String filters, int maxResults, boolean demoData) {
    long failed = outcomes.stream().filter(o -> !o.isSuccess()).count();
    StringBuilder md = new StringBuilder("# Clinical trials for ");
    md.append(plural(outcomes.size(), "mutation")).append("\n\n");
    md.append(outcomes.size() - failed).append(" succeeded, ").append(failed).append(" failed");
    md.append("; up to ").append(plural(maxResults, "trial")).append(" each").append(filters);
    md.append(".\n");
    appendDemoData(md, demoData);
    outcomes.forEach(outcome -> appendOutcome(md, outcome));
    outcomes.stream()
        .filter(o -> o instanceof BatchOutcome.Success s && s.summary() != null)
        .map(o -> ((BatchOutcome.Success) o).summary())
        .findFirst()
        .ifPresent(summary -> md.append('\n').append(batchAttribution(summary)).append('\n'));
    return md.toString();
  }

  /**
   * Describes a search's filters for the count line.
   *
   * @param condition the condition, or null for none
   * @param statuses the statuses, empty for any
   * @return such as {@code " (condition \"melanoma\"; status Recruiting or Completed)"}, or empty
   */
  static String filters(@Nullable String condition, Set<OverallStatus> statuses) {
    StringBuilder text = new StringBuilder();
    if (condition != null) {
      text.append("condition \"").append(escape(condition)).append('"');
    }
    if (!statuses.isEmpty()) {
      text.append(text.length() == 0 ? "" : "; ").append("status ");
      text.append(statuses.stream().map(OverallStatus::label).collect(Collectors.joining(" or ")));
    }
    return text.length() == 0 ? "" : " (" + text + ")";
  }

  private static void appendOutcome(StringBuilder md, BatchOutcome outcome) {
    md.append("\n## ").append(outcome.index() + 1).append(". ");
    md.append(escape(outcome.input().strip()));
    if (outcome instanceof BatchOutcome.Success found) {
      md.append("\n\n").append(count(found.result())).append(".\n");
      if (!found.studies().isEmpty()) {
        md.append('\n');
        appendStudies(md, found.studies());
      }
      appendDropped(md, found.result());
      TrialSummary summary = found.summary();
      if (summary != null && summary.source() == TrialSummary.Source.LANGUAGE_MODEL) {
        md.append("\n### Summary\n\n").append(demote(summary.text().strip(), 3)).append('\n');
      }
    } else if (outcome instanceof BatchOutcome.Failure failed) {
      md.append(": failed\n\n**Failed**");
      if (failed.attempts() > 0) {
        md.append(" after ").append(plural(failed.attempts(), "attempt"));
      }
      md.append(": ").append(escape(ErrorText.describe(failed.error()))).append('\n');
    }
  }

  private static void appendStudies(StringBuilder md, List<Study> studies) {
    for (int i = 0; i < studies.size(); i++) {
      md.append(i + 1).append(". ").append(studyLine(studies.get(i))).append('\n');
    }
  }

  /**
   * Renders one study as a list item's text.
   *
   * @param study the study
   * @return {@code [NCT…](url) Title — Phase 2 · Recruiting · Sponsor}
   */
  static String studyLine(Study study) {
    StringBuilder line = new StringBuilder("[").append(study.nctId()).append("](");
    line.append(study.url().toASCIIString().replace("(", "%28").replace(")", "%29")).append(") ");
    line.append(escape(study.title())).append(" — ").append(phases(study));
    line.append(" · ").append(status(study));
    String sponsor = study.leadSponsor();
    if (sponsor != null && !sponsor.isBlank()) {
      line.append(" · ").append(escape(sponsor));
    }
    if (study.exclusionOnly()) {
      line.append(" · names the mutation only in its exclusion criteria");
    }
    return line.toString();
  }

  private static String phases(Study study) {
    List<String> labels =
        study.phases().stream()
            .filter(value -> !value.isBlank())
            .map(value -> Phase.fromApi(value).map(Phase::label).orElse(value))
            .toList();
    return labels.isEmpty() ? "phase not listed" : escape(String.join("/", labels));
  }

  private static String status(Study study) {
    String value = study.overallStatus();
    if (value == null || value.isBlank()) {
      return "status not listed";
    }
    return escape(OverallStatus.fromApi(value).map(OverallStatus::label).orElse(value));
  }

  private static String topic(SearchResult result) {
    String text = result.query().text();
    return text == null ? "" : text;
  }

  private static String count(SearchResult result) {
    int shown = result.studies().size();
    Integer total = result.totalCount();
    return total == null ? plural(shown, "trial") : shown + " of " + plural(total, "trial");
  }

  private static String filters(SearchResult result) {
    return filters(result.query().condition(), result.query().statuses());
  }

  private static void appendDemoData(StringBuilder md, boolean demoData) {
    if (demoData) {
      md.append('\n').append(DEMO_DATA).append('\n');
    }
  }

  private static void appendDropped(StringBuilder md, SearchResult result) {
    int dropped = result.exclusionOnlyDropped();
    if (dropped > 0) {
      md.append("\n_").append(plural(dropped, "more trial")).append(" named the mutation only in");
      md.append(" its exclusion criteria and ").append(dropped == 1 ? "was" : "were");
      md.append(" left out._\n");
    }
  }

  /**
   * Says who wrote a summary.
   *
   * @param summary the summary
   * @return one italic line
   */
  static String attribution(TrialSummary summary) {
    return switch (summary.source()) {
      case LANGUAGE_MODEL ->
          "_Summary written by the language model "
              + model(summary)
              + " (Anthropic Messages API)."
              + cutShort(summary)
              + "_";
      case LOCAL -> "_Summary made locally, without a language model._";
      case NO_TRIALS -> "_No summary: no trials were found._";
    };
  }

  private static String batchAttribution(TrialSummary summary) {
    return switch (summary.source()) {
      case LANGUAGE_MODEL ->
          "_Summaries written by the language model "
              + model(summary)
              + " (Anthropic Messages API)._";
      case LOCAL, NO_TRIALS ->
          "_Summaries made locally, without a language model; they restate"
              + " the lists above and are in the structured content only._";
    };
  }

  private static String model(TrialSummary summary) {
    String model = summary.model();
    return model == null ? "(model not reported)" : escape(model);
  }

  private static String cutShort(TrialSummary summary) {
    return "max_tokens".equals(summary.stopReason()) ? " It was cut short at its token limit." : "";
  }

  /**
   * Moves every ATX heading of {@code markdown} down by {@code levels}, at most to level 6.
   *
   * @param markdown any Markdown
   * @param levels how many levels
   * @return the text with its headings moved
   */
  static String demote(String markdown, int levels) {
    return markdown.lines().map(line -> demoteLine(line, levels)).collect(Collectors.joining("\n"));
  }

  private static String demoteLine(String line, int levels) {
    int hashes = 0;
    while (hashes < line.length() && line.charAt(hashes) == '#') {
      hashes++;
    }
    boolean heading =
        hashes >= 1 && hashes <= 6 && (hashes == line.length() || line.charAt(hashes) == ' ');
    return heading ? "#".repeat(Math.min(6, hashes + levels)) + line.substring(hashes) : line;
  }

  /**
   * Returns {@code text} on one line with the characters Markdown would read as formatting or links
   * ({@code \ ` * _ [ ] < > #}) escaped with a backslash.
   *
   * @param text any text
   * @return the escaped text
   */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (char c : text.strip().replaceAll("\\s+", " ").toCharArray()) {
      if ("\\`*_[]<>#|".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  /** Returns such as "1 trial" or "3 trials". */
  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
