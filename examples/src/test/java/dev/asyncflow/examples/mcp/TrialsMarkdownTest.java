package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.ServerErrorException;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummary;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Markdown of the trial tools. */
class TrialsMarkdownTest {
  private static final TrialSummary LOCAL =
      new TrialSummary(
          "# Clinical trials for BRAF V600E: 1 trial\n\n## Phase 2\n- a trial",
          TrialSummary.Source.LOCAL,
          null,
          null,
          null,
          1);

  @Test
  void search_headingCountSummaryThenTrials() {
    SearchResult result = Studies.result("BRAF V600E", 12, Studies.braf());

    String md = TrialsMarkdown.search(result, LOCAL, false);

    assertThat(md).startsWith("# Clinical trials for BRAF V600E\n\n1 of 12 trials.\n");
    assertThat(md.indexOf("## Summary")).isLessThan(md.indexOf("## Trials"));
    assertThat(md)
        .contains(
            "1. [NCT09900001](https://clinicaltrials.gov/study/NCT09900001) Dabrafenib for BRAF"
                + " V600E melanoma — Phase 2 · Recruiting · Example Oncology Group\n")
        .contains("_Summary made locally, without a language model._")
        .doesNotContain("DEMO DATA");
  }

  @Test
  void search_summaryHeadingsNestUnderTheSummarySection() {
    String md =
        TrialsMarkdown.search(Studies.result("BRAF V600E", 1, Studies.braf()), LOCAL, false);

    assertThat(md)
        .contains("\n### Clinical trials for BRAF V600E: 1 trial\n")
        .contains("\n#### Phase 2\n")
        .doesNotContain("\n# Clinical trials for BRAF V600E: 1 trial");
  }

  @Test
  void search_demoDataIsSaidPlainly() {
    String md = TrialsMarkdown.search(Studies.result("BRAF V600E", 1, Studies.braf()), LOCAL, true);

    assertThat(md).contains(TrialsMarkdown.DEMO_DATA);
  }

  @Test
  void search_textFromTheApiCannotFormatOrLink() {
    String md = TrialsMarkdown.search(Studies.result("KRAS G12C", 1, Studies.kras()), LOCAL, false);

    assertThat(md)
        .contains(
            "A \\*bold\\* \\[link\\](http://x) title — Phase 1/Phase 2 · Not yet recruiting"
                + " · Sponsor\\_With\\_Underscores");
  }

  @Test
  void search_filtersAndWhoSummarized() {
    StudyQuery query =
        StudyQuery.builder()
            .mutation("BRAF V600E")
            .condition("melanoma")
            .statuses(OverallStatus.RECRUITING, OverallStatus.COMPLETED)
            .build();
    SearchResult result = new SearchResult(query, List.of(Studies.braf()), 3, 2);
    TrialSummary claude =
        new TrialSummary(
            "Two trials.", TrialSummary.Source.LANGUAGE_MODEL, "claude-x", "max_tokens", null, 1);

    String md = TrialsMarkdown.search(result, claude, false);

    assertThat(md)
        .contains("1 of 3 trials (condition \"melanoma\"; status Recruiting or Completed).")
        .contains(
            "_2 more trials named the mutation only in its exclusion criteria and were left out._")
        .contains(
            "_Summary written by the language model claude-x (Anthropic Messages API)."
                + " It was cut short at its token limit._");
  }

  @Test
  void search_noTrials() {
    SearchResult none = Studies.result("ABC1 X1Y", 0);

    String md = TrialsMarkdown.search(none, TrialSummary.noTrials("ABC1 X1Y"), false);

    assertThat(md)
        .contains("0 of 0 trials.")
        .contains("No clinical trials found for ABC1 X1Y.")
        .contains("_No summary: no trials were found._")
        .doesNotContain("## Trials");
  }

  @Test
  void batch_oneSectionPerInputInOrder_failuresNamed() {
    List<BatchOutcome> outcomes =
        List.of(
            new BatchOutcome.Success(
                0, "BRAF V600E", Studies.result("BRAF V600E", 7, Studies.braf()), LOCAL),
            new BatchOutcome.Failure(
                1,
                " KRAS G12C ",
                new ServerErrorException("ClinicalTrials.gov answered 500", 500, "boom", 3, null),
                3),
            new BatchOutcome.Success(2, "EGFR L858R", Studies.result("EGFR L858R", 0), LOCAL));
    Set<OverallStatus> none = EnumSet.noneOf(OverallStatus.class);

    String md = TrialsMarkdown.batch(outcomes, TrialsMarkdown.filters(null, none), 5, true);

    assertThat(md)
        .startsWith(
            "# Clinical trials for 3 mutations\n\n2 succeeded, 1 failed; up to 5 trials each.\n");
    assertThat(md).contains(TrialsMarkdown.DEMO_DATA);
    int first = md.indexOf("## 1. BRAF V600E\n\n1 of 7 trials.\n");
    int second =
        md.indexOf("## 2. KRAS G12C: failed\n\n**Failed** after 3 attempts: ServerErrorException:");
    int third = md.indexOf("## 3. EGFR L858R\n\n0 of 0 trials.\n");
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
    assertThat(md).doesNotContain("## Phase 2").contains("in the structured content only");
  }

  @Test
  void batch_languageModelSummariesAreShown() {
    TrialSummary claude =
        new TrialSummary(
            "## Overview\nOne trial.",
            TrialSummary.Source.LANGUAGE_MODEL,
            "claude-x",
            "end_turn",
            null,
            1);
    List<BatchOutcome> outcomes =
        List.of(
            new BatchOutcome.Success(
                0, "BRAF V600E", Studies.result("BRAF V600E", 1, Studies.braf()), claude));

    String md = TrialsMarkdown.batch(outcomes, "", 5, false);

    assertThat(md)
        .contains("### Summary\n\n##### Overview\nOne trial.")
        .contains("_Summaries written by the language model claude-x");
  }

  @Test
  void demote_movesAtxHeadingsOnly() {
    assertThat(TrialsMarkdown.demote("# a\n#b\n###### c\n## d", 2))
        .isEqualTo("### a\n#b\n###### c\n#### d");
  }
}
