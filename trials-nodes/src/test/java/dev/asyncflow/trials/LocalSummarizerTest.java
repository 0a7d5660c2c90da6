package dev.asyncflow.trials;

import static dev.asyncflow.trials.SummaryStudies.study;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The local summary groups trials by the v2 phases, then by status, with links, and says that no
 * language model wrote it.
 */
class LocalSummarizerTest {
  private final TrialSummarizer summarizer = TrialSummarizer.local();

  @Test
  void summarize_groupsByPhaseInTheApiOrder_thenByStatus_keepingInputOrderWithinAGroup()
      throws Exception {
    // Given trials of every kind of phase listing, in a shuffled order
    List<Study> studies =
        List.of(
            trial("NCT00000001", "RECRUITING", "PHASE2"),
            trial("NCT00000002", "COMPLETED", "PHASE1"),
            trial("NCT00000003", "RECRUITING", "PHASE1", "PHASE2"),
            trial("NCT00000004", "RECRUITING"),
            trial("NCT00000005", "NOT_YET_RECRUITING", "EARLY_PHASE1"),
            trial("NCT00000006", "ACTIVE_NOT_RECRUITING", "NA"),
            trial("NCT00000007", "COMPLETED", "PHASE2"),
            trial("NCT00000008", "RECRUITING", "PHASE2"),
            trial("NCT00000009", null, "PHASE4"),
            trial("NCT00000010", "SOMETHING_NEW", "PHASE3"),
            trial("NCT00000011", "RECRUITING", "PHASE5"),
            trial("NCT00000012", "RECRUITING", "PHASE2", "PHASE1"),
            trial("NCT00000013", "RECRUITING", "PHASE4"));

    // When they are summarized locally
    TrialSummary summary = summarizer.summarize("EGFR L858R", studies).get(5, SECONDS);

    // Then the Markdown reads exactly so
    assertThat(summary.text())
        .isEqualTo(
            """
            # Clinical trials for EGFR L858R: 13 trials

            _Summary made locally, without a language model: set ANTHROPIC_API_KEY for an \
            AI-written summary._

            ## Early Phase 1 (1 trial)

            ### Not yet recruiting

            - [NCT00000005](https://clinicaltrials.gov/study/NCT00000005) Trial 5 — Sponsor 5

            ## Phase 1 (1 trial)

            ### Completed

            - [NCT00000002](https://clinicaltrials.gov/study/NCT00000002) Trial 2 — Sponsor 2

            ## Phase 1/Phase 2 (2 trials)

            ### Recruiting

            - [NCT00000003](https://clinicaltrials.gov/study/NCT00000003) Trial 3 — Sponsor 3
            - [NCT00000012](https://clinicaltrials.gov/study/NCT00000012) Trial 12 — Sponsor 12

            ## Phase 2 (3 trials)

            ### Recruiting

            - [NCT00000001](https://clinicaltrials.gov/study/NCT00000001) Trial 1 — Sponsor 1
            - [NCT00000008](https://clinicaltrials.gov/study/NCT00000008) Trial 8 — Sponsor 8

            ### Completed

            - [NCT00000007](https://clinicaltrials.gov/study/NCT00000007) Trial 7 — Sponsor 7

            ## Phase 3 (1 trial)

            ### SOMETHING\\_NEW

            - [NCT00000010](https://clinicaltrials.gov/study/NCT00000010) Trial 10 — Sponsor 10

            ## Phase 4 (2 trials)

            ### Recruiting

            - [NCT00000013](https://clinicaltrials.gov/study/NCT00000013) Trial 13 — Sponsor 13

            ### Status not listed

            - [NCT00000009](https://clinicaltrials.gov/study/NCT00000009) Trial 9 — Sponsor 9

            ## Not Applicable (1 trial)

            ### Active, not recruiting

            - [NCT00000006](https://clinicaltrials.gov/study/NCT00000006) Trial 6 — Sponsor 6

            ## PHASE5 (1 trial)

            ### Recruiting

            - [NCT00000011](https://clinicaltrials.gov/study/NCT00000011) Trial 11 — Sponsor 11

            ## Phase not listed (1 trial)

            ### Recruiting

            - [NCT00000004](https://clinicaltrials.gov/study/NCT00000004) Trial 4 — Sponsor 4
            """);
    assertThat(summary.source()).isEqualTo(TrialSummary.Source.LOCAL);
    assertThat(summary.studyCount()).isEqualTo(13);
    assertThat(summary.model()).isNull();
    assertThat(summary.stopReason()).isNull();
    assertThat(summary.usage()).isNull();
  }

  /**
   * Regression: the Python summarizer grouped by a v1 field that API v2 no longer has, so every
   * trial came out under "Unknown Phase".
   */
  @Test
  void summarize_readsTheV2PhasesOfEveryTrial_noneComesOutAsUnknown() throws Exception {
    List<Study> studies = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      studies.add(trial("NCT0000010" + phase.ordinal(), "RECRUITING", phase.name()));
    }

    String text = summarizer.summarize("BRAF V600E", studies).get(5, SECONDS).text();

    assertThat(text)
        .contains(
            "## Early Phase 1 (1 trial)",
            "## Phase 1 (1 trial)",
            "## Phase 2 (1 trial)",
            "## Phase 3 (1 trial)",
            "## Phase 4 (1 trial)",
            "## Not Applicable (1 trial)")
        .doesNotContainIgnoringCase("unknown")
        .doesNotContain("Phase not listed");
  }

  @Test
  void summarize_readsPhaseValuesIgnoringCaseAndRepeats() throws Exception {
    List<Study> studies =
        List.of(
            trial("NCT00000081", "RECRUITING", "phase2", "PHASE2"),
            trial("NCT00000082", "recruiting", " PHASE1 ", "Phase2", ""));

    String text = summarizer.summarize("EGFR", studies).get(5, SECONDS).text();

    assertThat(text)
        .containsSubsequence("## Phase 1/Phase 2 (1 trial)", "NCT00000082")
        .containsSubsequence("## Phase 2 (1 trial)", "### Recruiting", "NCT00000081");
  }

  @Test
  void summarize_ordersStatusesWithinAPhase_byTheStatusOrder_notByInputOrder() throws Exception {
    List<Study> studies =
        List.of(
            trial("NCT00000021", "WITHDRAWN", "PHASE3"),
            trial("NCT00000022", "COMPLETED", "PHASE3"),
            trial("NCT00000023", "RECRUITING", "PHASE3"));

    String text = summarizer.summarize("KRAS G12C", studies).get(5, SECONDS).text();

    assertThat(text)
        .containsSubsequence("### Recruiting", "### Completed", "### Withdrawn")
        .containsSubsequence("NCT00000023", "NCT00000022", "NCT00000021");
  }

  @Test
  void summarize_oneTrial_saysTrialInTheSingular() throws Exception {
    String text =
        summarizer
            .summarize("ALK fusion", List.of(trial("NCT00000031", "RECRUITING", "PHASE2")))
            .get(5, SECONDS)
            .text();

    assertThat(text).startsWith("# Clinical trials for ALK fusion: 1 trial\n");
  }

  @Test
  void summarize_escapesMarkdownInTitlesSponsorsAndTheMutation_andJoinsLines() throws Exception {
    Study study =
        study("NCT00000041")
            .title("Drug *X* [arm_1]\nversus <placebo>")
            .sponsor("Back\\slash `Inc`")
            .status("RECRUITING")
            .phases("PHASE1")
            .build();

    String text = summarizer.summarize("TP53 R213*", List.of(study)).get(5, SECONDS).text();

    assertThat(text)
        .startsWith("# Clinical trials for TP53 R213\\*: 1 trial\n")
        .contains(
            "- [NCT00000041](https://clinicaltrials.gov/study/NCT00000041) Drug \\*X\\* "
                + "\\[arm\\_1\\] versus \\<placebo\\> — Back\\\\slash \\`Inc\\`\n");
  }

  @Test
  void summarize_withoutSponsorOrTitle_showsTheIdAsTitle_andNoSponsor() throws Exception {
    Study study = study("NCT00000051").phases("PHASE2").status("RECRUITING").build();

    String text = summarizer.summarize("EGFR", List.of(study)).get(5, SECONDS).text();

    assertThat(text)
        .contains("- [NCT00000051](https://clinicaltrials.gov/study/NCT00000051) NCT00000051\n");
  }

  @Test
  void summarize_marksAStudyThatNamesTheMutationOnlyInItsExclusionCriteria() throws Exception {
    Study study =
        study("NCT00000061")
            .title("T")
            .phases("PHASE2")
            .status("RECRUITING")
            .exclusionOnly()
            .build();

    String text = summarizer.summarize("EGFR T790M", List.of(study)).get(5, SECONDS).text();

    assertThat(text)
        .contains(
            "- [NCT00000061](https://clinicaltrials.gov/study/NCT00000061) T (names the searched"
                + " mutation only in its exclusion criteria)\n");
  }

  @Test
  void summarize_noStudies_saysNoTrialsWereFound() throws Exception {
    TrialSummary summary = summarizer.summarize("EGFR L858R", List.of()).get(5, SECONDS);

    assertThat(summary)
        .isEqualTo(
            new TrialSummary(
                "No clinical trials found for EGFR L858R.",
                TrialSummary.Source.NO_TRIALS,
                null,
                null,
                null,
                0));
  }

  @Test
  void summarize_blankMutation_failsTheFutureWithInvalidQueryException() {
    CompletableFuture<TrialSummary> summary = summarizer.summarize(" \t", List.of());

    assertThat(failure(summary))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.argument()).isEqualTo("mutation"));
  }

  @Test
  void summarize_nullStudy_failsTheFutureWithNullPointerException() {
    List<Study> studies = Arrays.asList(trial("NCT00000071", "RECRUITING"), null);

    assertThat(failure(summarizer.summarize("EGFR", studies)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void local_isTheLocalSummarizer() {
    assertThat(TrialSummarizer.local()).isSameAs(LocalSummarizer.create());
  }

  private static Study trial(String nctId, String status, String... phases) {
    String number = String.valueOf(Integer.parseInt(nctId.substring(3)));
    return study(nctId)
        .title("Trial " + number)
        .sponsor("Sponsor " + number)
        .status(status)
        .phases(phases)
        .build();
  }

  private static Throwable failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.get(5, SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
