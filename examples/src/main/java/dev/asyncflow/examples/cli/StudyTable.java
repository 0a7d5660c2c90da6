package dev.asyncflow.examples.cli;

import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.Phase;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.TrialSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Prints a search result as a table people read: NCT id, phase, status, title, sponsor. */
final class StudyTable {
  private static final int TITLE_WIDTH = 60;
  private static final int SPONSOR_WIDTH = 30;
  private static final String EXCLUSION_MARK = "*";

  private StudyTable() {}

  /**
   * Prints the header line, the table and the summary, if any.
   *
   * @param out where to print
   * @param mutation the searched text, as given
   * @param result the result
   * @param summary the summary, or null
   */
  static void print(
      PrintStream out, String mutation, SearchResult result, @Nullable TrialSummary summary) {
    out.println(header(mutation, result));
    List<Study> studies = result.studies();
    if (!studies.isEmpty()) {
      out.println();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NCT ID", "PHASE", "STATUS", "TITLE", "SPONSOR"});
      studies.forEach(study -> rows.add(row(study)));
      printAligned(out, rows);
      if (studies.stream().anyMatch(Study::exclusionOnly)) {
        out.println(EXCLUSION_MARK + " names the mutation only under its exclusion criteria");
      }
    }
    if (summary != null) {
      out.println();
      out.println("Summary (" + source(summary) + "):");
      out.println(summary.text());
    }
  }

  /**
   * Returns the line above the table, such as {@code BRAF V600E: 12 trials match, showing 10.}
   *
   * @param mutation the searched text
   * @param result the result
   * @return the line
   */
  static String header(String mutation, SearchResult result) {
    Integer total = result.totalCount();
    int shown = result.studies().size();
    String line =
        mutation.strip()
            + ": "
            + (total == null ? "" : plural(total, "trial") + " match, ")
            + "showing "
            + shown
            + ".";
    int dropped = result.exclusionOnlyDropped();
    if (dropped > 0) {
      line +=
          " Left out "
              + plural(dropped, "trial")
              + (dropped == 1 ? " that names" : " that name")
              + " it only as an exclusion (--keep-exclusion-only shows them).";
    }
    return line;
  }

  private static String[] row(Study study) {
    return new String[] {
      study.nctId() + (study.exclusionOnly() ? EXCLUSION_MARK : ""),
      phases(study.phases()),
      status(study.overallStatus()),
      cut(study.title(), TITLE_WIDTH),
      cut(study.leadSponsor() == null ? "-" : study.leadSponsor(), SPONSOR_WIDTH)
    };
  }

  private static String phases(List<String> phases) {
    if (phases.isEmpty()) {
      return "-";
    }
    String labels =
        phases.stream()
            .map(phase -> Phase.fromApi(phase).map(Phase::label).orElse(phase))
            .collect(Collectors.joining("/"));
    return labels.replace("/Phase ", "/");
  }

  private static String status(@Nullable String status) {
    return status == null
        ? "-"
        : OverallStatus.fromApi(status).map(OverallStatus::label).orElse(status);
  }

  private static String source(TrialSummary summary) {
    return switch (summary.source()) {
      case LANGUAGE_MODEL -> "Claude, " + summary.model();
      case LOCAL -> "local summarizer";
      case NO_TRIALS -> "no trials";
    };
  }

  private static void printAligned(PrintStream out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : pad(row[i], widths[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private static String cut(String text, int width) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= width ? flat : flat.substring(0, width - 3) + "...";
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
