package dev.asyncflow.trials.internal;

import static dev.asyncflow.trials.SummaryStudies.criteria;
import static dev.asyncflow.trials.SummaryStudies.study;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.trials.Study;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prompt describes each study's facts in a fixed layout, and says what it left out. */
class SummaryPromptTest {
  private static final String MUTATION = "EGFR L858R";

  @Test
  void user_describesEveryFactOfEachStudy_andNotListedForMissingOnes() {
    // Given a study with every fact and one with none
    Study full =
        study("NCT05000001")
            .title("Osimertinib for EGFR L858R\n  lung cancer")
            .status("RECRUITING")
            .phases("PHASE2", "PHASE3")
            .sponsor("AstraZeneca")
            .conditions("Non-small Cell Lung Cancer", "Lung Adenocarcinoma")
            .intervention("DRUG", "Osimertinib")
            .intervention("DRUG", "Placebo")
            .intervention("OTHER", null)
            .summary("This study compares\nosimertinib with placebo.")
            .criteria(criteria("Tumour with EGFR L858R", "Prior EGFR inhibitor"))
            .build();
    Study bare = study("NCT05000002").build();

    // When the prompt is made
    String prompt = SummaryPrompt.user(MUTATION, List.of(full, bare), 10);

    // Then it reads exactly so
    assertThat(prompt)
        .isEqualTo(
            """
            Searched for: EGFR L858R
            Trials found: 2 (all listed below).

            ## Trial 1: NCT05000001
            Title: Osimertinib for EGFR L858R lung cancer
            Status: Recruiting
            Phases: Phase 2, Phase 3
            Lead sponsor: AstraZeneca
            Conditions: Non-small Cell Lung Cancer; Lung Adenocarcinoma
            Interventions: Osimertinib; Placebo
            Summary: This study compares osimertinib with placebo.
            Eligibility: "EGFR L858R" is named in the inclusion criteria.

            ## Trial 2: NCT05000002
            Title: NCT05000002
            Status: not listed
            Phases: not listed
            Lead sponsor: not listed
            Conditions: not listed
            Interventions: not listed
            Summary: not listed
            Eligibility: "EGFR L858R" is not named in the eligibility criteria.
            """);
  }

  @Test
  void user_withoutABriefTitle_usesTheOfficialTitle() {
    Study study = study("NCT05000007").officialTitle("A Phase 2 Study of Drug X").build();

    assertThat(SummaryPrompt.user(MUTATION, List.of(study), 10))
        .contains("\nTitle: A Phase 2 Study of Drug X\n");
  }

  @Test
  void user_showsValuesThisVersionDoesNotKnow_asTheApiWroteThem() {
    Study study = study("NCT05000003").status("PAUSED_BY_SPONSOR").phases("PHASE5", "NA").build();

    String prompt = SummaryPrompt.user(MUTATION, List.of(study), 10);

    assertThat(prompt)
        .contains("\nStatus: PAUSED_BY_SPONSOR\n", "\nPhases: PHASE5, Not Applicable\n");
  }

  @Test
  void user_withMoreStudiesThanTheLimit_describesTheFirstOnes_andSaysHowManyWereLeftOut() {
    List<Study> studies = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      studies.add(study(String.format("NCT%08d", i)).build());
    }

    String prompt = SummaryPrompt.user(MUTATION, studies, 10);

    assertThat(prompt)
        .contains(
            "Trials found: 12 (the first 10 are listed below; 2 more were left out of this list).")
        .contains("## Trial 10: NCT00000010")
        .doesNotContain("NCT00000011", "NCT00000012", "## Trial 11");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "inclusion only | Tumour with EGFR L858R | Pregnancy | named in the inclusion criteria",
        "both | Tumour with EGFR L858R | EGFR L858R with T790M | named in the inclusion criteria",
        "exclusion only | Measurable disease | Known EGFR L858R | named only in the exclusion criteria",
        "neither | Measurable disease | Pregnancy | not named in the eligibility criteria"
      })
  void user_saysWhereTheCriteriaNameTheMutation(
      String name, String inclusion, String exclusion, String expected) {
    Study study = study("NCT05000004").criteria(criteria(inclusion, exclusion)).build();

    String prompt = SummaryPrompt.user(MUTATION, List.of(study), 10);

    assertThat(prompt).contains("\nEligibility: \"EGFR L858R\" is " + expected + ".\n");
  }

  @Test
  void user_isTheSameTextEveryTime() {
    List<Study> studies =
        List.of(study("NCT05000005").title("A").build(), study("NCT05000006").build());

    assertThat(SummaryPrompt.user(MUTATION, studies, 1))
        .isEqualTo(SummaryPrompt.user(MUTATION, studies, 1));
  }

  @Test
  void shorten_cutsALongSummaryAtTheLastWordBoundary_andEndsItWithAnEllipsis() {
    // Given 70 four-letter words: 349 characters, a space at index 299
    String summary = "word ".repeat(70).strip();

    String shortened = SummaryPrompt.shorten(summary);

    // Then the 60 whole words before that space are kept, then "…"
    assertThat(shortened).isEqualTo("word ".repeat(60).strip() + "…");
  }

  @Test
  void shorten_keepsASummaryOfExactlyTheLimit() {
    String summary = "x".repeat(SummaryPrompt.SUMMARY_LIMIT);

    assertThat(SummaryPrompt.shorten(summary)).isEqualTo(summary);
  }

  @Test
  void shorten_cutsASingleOverlongWord_atTheLimit() {
    String shortened = SummaryPrompt.shorten("y".repeat(400));

    assertThat(shortened).isEqualTo("y".repeat(SummaryPrompt.SUMMARY_LIMIT) + "…");
  }

  @Test
  void shorten_neverSplitsASurrogatePair() {
    // Given one long word whose 150th emoji (a surrogate pair) straddles the limit
    String summary = "a" + "\uD83E\uDDEC".repeat(200);

    String shortened = SummaryPrompt.shorten(summary);

    // Then the cut falls before that pair
    assertThat(shortened).isEqualTo("a" + "\uD83E\uDDEC".repeat(149) + "…");
  }
}
