package dev.asyncflow.trials.internal;

import static dev.asyncflow.trials.internal.MutationMentions.Where.BOTH;
import static dev.asyncflow.trials.internal.MutationMentions.Where.EXCLUSION;
import static dev.asyncflow.trials.internal.MutationMentions.Where.INCLUSION;
import static dev.asyncflow.trials.internal.MutationMentions.Where.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.trials.internal.MutationMentions.Where;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MutationMentionsTest {

  @Nested
  class RealisticTexts {
    @ParameterizedTest(name = "{0} names {1}: {2}")
    @CsvSource({
      "eligibility-egfr-inclusion.txt,    EGFR L858R, INCLUSION",
      "eligibility-egfr-exclusion.txt,    EGFR L858R, EXCLUSION",
      "eligibility-egfr-exclusion.txt,    EGFR T790M, EXCLUSION",
      "eligibility-kras-both.txt,         KRAS G12C,  BOTH",
      "eligibility-kras-both.txt,         KRAS p.G12C, BOTH",
      "eligibility-kras-neither.txt,      KRAS G12C,  NONE",
      "eligibility-kras-neither.txt,      KRAS G12D,  INCLUSION",
      "eligibility-sentence-headings.txt, BRAF V600E, EXCLUSION",
      "eligibility-fullwidth.txt,         KRAS G12V,  INCLUSION",
      "eligibility-markdown.txt,          BRAF V600E, EXCLUSION",
      "eligibility-markdown.txt,          BRAF,       EXCLUSION",
      "eligibility-no-headings.txt,       ROS1,       INCLUSION",
      "eligibility-no-headings.txt,       EGFR L858R, NONE",
      "eligibility-false-headings.txt,    KRAS G12D,  BOTH",
    })
    void in_fixture_findsTheSections(String fixture, String mutation, Where expected) {
      assertThat(MutationMentions.in(fixture(fixture), mutation)).isEqualTo(expected);
    }

    @Test
    void in_windowsLineEndings_readsHeadingsTheSame() {
      String text = fixture("eligibility-egfr-exclusion.txt").replace("\n", "\r\n");

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(EXCLUSION);
    }

    @Test
    void in_oldMacLineEndings_readsHeadingsTheSame() {
      String text = fixture("eligibility-kras-both.txt").replace("\n", "\r");

      assertThat(MutationMentions.in(text, "KRAS G12C")).isEqualTo(BOTH);
    }
  }

  @Nested
  class Headings {
    @ParameterizedTest(name = "[{0}] then [{1}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "Inclusion Criteria:                 | Exclusion Criteria:",
          "Inclusion Criteria                  | Exclusion Criteria",
          "-INCLUSION CRITERIA:                | EXCLUSION CRITERIA:",
          "Inclusion Criteria：                | Exclusion Criteria：",
          "Key Inclusion Criteria:             | Key Exclusion Criteria:",
          "**Inclusion Criteria:**             | **Exclusion Criteria:**",
          "inclusion criteria:                 | exclusion criteria:",
          "1. Inclusion Criteria               | 2. Exclusion Criteria",
          "A. INCLUSION CRITERIA               | B. EXCLUSION CRITERIA",
          "## Inclusion criteria               | ## Exclusion criteria",
          "* Inclusion criterion:              | * Exclusion criterion:",
          "Inclusion Criteria for Part B       | Exclusion Criteria for Part B (dose expansion)",
          "Patients are eligible if they meet all of the following: "
              + "| Patients are not eligible if any of the following apply:",
          "Subjects must meet all the following inclusion criteria to be eligible for participation in this study: "
              + "| Subjects will be excluded if they meet any of the following criteria:",
        })
    void in_mutationUnderTheExclusionHeading_isExclusion(String inclusion, String exclusion) {
      String text = inclusion + "\n\n* Adults.\n\n" + exclusion + "\n\n* EGFR L858R positive.\n";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(EXCLUSION);
    }

    @ParameterizedTest(name = "[{1}] after [{0}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "Exclusion Criteria:                | Inclusion Criteria:",
          "EXCLUSION CRITERIA                 | -INCLUSION CRITERIA:",
          "Key Exclusion Criteria:            | Key Inclusion Criteria：",
          "**Exclusion Criteria:**            | **Inclusion Criteria:**",
          "Subjects will be excluded if:      | Subjects will be included if:",
          "Participants are ineligible when:  | Participants are eligible when:",
        })
    void in_mutationUnderAnInclusionHeadingAfterExclusions_isInclusion(
        String exclusion, String inclusion) {
      String text = exclusion + "\n* Pregnancy.\n" + inclusion + "\n* EGFR L858R positive.\n";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(INCLUSION);
    }

    @Test
    void in_textBeforeAnyHeading_countsAsInclusion() {
      String text =
          "Adults with EGFR L858R positive NSCLC.\n\nExclusion Criteria:\n\n* Pregnancy.\n";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(INCLUSION);
    }

    @Test
    void in_headingWithItsCriterionOnTheSameLine_countsTheLineInItsSection() {
      String text = "Inclusion Criteria: adults.\nExclusion Criteria: known EGFR L858R mutation.";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(EXCLUSION);
    }

    @Test
    void in_longLineOpenedByATitleAndColon_isStillAHeading() {
      String text =
          "Inclusion Criteria: adults.\nExclusion Criteria: "
              + "previous treatment with any EGFR tyrosine kinase inhibitor, any other anticancer "
              + "agent within four weeks, or a known EGFR L858R mutation.";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(EXCLUSION);
    }

    @Test
    void in_longSentenceStartingLikeATitle_isNotAHeading() {
      String text =
          "Inclusion Criteria:\n\n* Adults.\n"
              + "Exclusion criteria of the parent study do not apply to this extension, which enrols "
              + "patients from either arm whatever their EGFR L858R status at entry.\n";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(INCLUSION);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "* Patients who meet any exclusion criteria of part A may enrol in part B.",
          "* Patients who meet any exclusion criteria of part A:",
          "* The following cohorts will be excluded from the substudy:",
          "3. Patients who are not eligible for surgery:",
          "Part 1 dose escalation cohort ONLY:",
          "* Prior treatment with KRAS G12D targeted therapy.",
          "Exclusion of patients with prior surgery is at the investigator's discretion.",
        })
    void in_criterionThatTalksAboutCriteria_isNotAHeading(String line) {
      String text = "Inclusion Criteria:\n* Adults.\n" + line + "\n* EGFR L858R positive.\n";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(INCLUSION);
    }

    @Test
    void in_listItemSayingPatientsAreEligible_doesNotEndTheExclusions() {
      String text =
          "Exclusion Criteria:\n1. Brain metastases; patients with treated ones are eligible:\n"
              + "2. Known EGFR L858R mutation.\n";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(EXCLUSION);
    }

    @Test
    void in_negationUnderInclusion_isNotInterpreted() {
      // A documented limitation: "no EGFR L858R" still counts as a mention.
      String text = "Inclusion Criteria:\n* No EGFR L858R mutation.\nExclusion Criteria:\n* None.";

      assertThat(MutationMentions.in(text, "EGFR L858R")).isEqualTo(INCLUSION);
    }
  }

  @Nested
  class Spellings {
    private static final String TEMPLATE =
        "Inclusion Criteria:\n\n* Tumour carrying the %s alteration.\n\nExclusion Criteria:\n\n* None.";

    @ParameterizedTest(name = "\"{1}\" names {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "EGFR L858R  | EGFR L858R",
          "EGFR L858R  | egfr l858r",
          "EGFR L858R  | EGFR-L858R",
          "EGFR L858R  | EGFR  L858R",
          "EGFR L858R  | EGFR:L858R",
          "EGFR L858R  | EGFR p.L858R",
          "EGFR L858R  | EGFR (L858R)",
          "EGFR L858R  | L858R",
          "EGFR L858R  | p.L858R",
          "EGFR L858R  | exon 19 deletion or L858R",
          "egfr-l858r  | EGFR L858R",
          "KRAS G12C   | KRAS p.G12C",
          "KRAS G12C   | KRAS G12C",
          "KRAS G12C   | G12C/D",
          "KRAS p.G12C | KRAS G12C",
          "BRAF        | BRAF-mutant",
          "BRAF        | braf",
          "HER2        | HER2-positive",
          "T790M       | p.T790M",
        })
    void in_spellingVariant_isAMention(String mutation, String written) {
      assertThat(MutationMentions.in(TEMPLATE.formatted(written), mutation)).isEqualTo(INCLUSION);
    }

    @ParameterizedTest(name = "\"{1}\" does not name {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "EGFR L858R        | L858RX",
          "EGFR L858R        | EGFRL858R",
          "EGFR L858R        | EGFR wild-type",
          "KRAS G12C         | KRAS G12CD",
          "KRAS G12C         | KRAS G12D",
          "KRAS G12C         | AG12C",
          "BRAF              | BRAFi",
          "BRAF              | ABRAF",
          "EGFR exon 19 del  | exon 19 del",
        })
    void in_otherWord_isNotAMention(String mutation, String written) {
      assertThat(MutationMentions.in(TEMPLATE.formatted(written), mutation)).isEqualTo(NONE);
    }
  }

  @Nested
  class Degenerate {
    @Test
    void in_nullCriteria_isNone() {
      assertThat(MutationMentions.in(null, "EGFR L858R")).isEqualTo(NONE);
    }

    @Test
    void in_emptyCriteria_isNone() {
      assertThat(MutationMentions.in("", "EGFR L858R")).isEqualTo(NONE);
    }

    @ParameterizedTest(name = "[{0}] repeated")
    @ValueSource(strings = {" ", "* ", "1. ", "-", "**", ":", "EGFR "})
    void in_lineOfHundredsOfThousandsOfMarks_isReadWithoutOverflow(String unit) {
      String line = unit.repeat(200_000) + "EGFR L858R";

      assertThat(MutationMentions.in("Exclusion Criteria:\n" + line, "EGFR L858R"))
          .isEqualTo(EXCLUSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "+++", "-/-"})
    void in_mutationWithoutLettersOrDigits_namesNothing(String mutation) {
      assertThat(MutationMentions.in("Inclusion Criteria:\n* +++ p. anything", mutation))
          .isEqualTo(NONE);
    }
  }

  static String fixture(String name) {
    try (InputStream in = MutationMentionsTest.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
