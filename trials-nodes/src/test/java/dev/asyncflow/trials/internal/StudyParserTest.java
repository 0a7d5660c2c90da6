package dev.asyncflow.trials.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.trials.Study;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StudyParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Nested
  class OneStudy {
    @Test
    void parse_fullStudy_readsEveryModelledField() {
      JsonNode node = fixture("study-full.json");

      Study study = StudyParser.parse(node, "EGFR L858R");

      assertThat(study)
          .isEqualTo(
              new Study(
                  "NCT09900001",
                  "Osimertinib With or Without Local Consolidative Radiotherapy in EGFR-Mutant NSCLC",
                  "A Randomised, Open-Label Phase 1/2 Study of Osimertinib With or Without Local"
                      + " Consolidative Radiotherapy in Patients With Oligometastatic EGFR-Mutant"
                      + " Non-Small Cell Lung Cancer",
                  "RECRUITING",
                  "2025-03-14",
                  "Northbridge Oncology Group",
                  node.at("/protocolSection/descriptionModule/briefSummary").textValue(),
                  List.of(
                      "Non-small Cell Lung Cancer",
                      "EGFR Activating Mutation",
                      "Oligometastatic Disease"),
                  List.of(
                      "EGFR L858R",
                      "exon 19 deletion",
                      "osimertinib",
                      "stereotactic body radiotherapy"),
                  "INTERVENTIONAL",
                  List.of("PHASE1", "PHASE2"),
                  86,
                  List.of(
                      new Study.Intervention("DRUG", "Osimertinib"),
                      new Study.Intervention("RADIATION", "Stereotactic body radiotherapy")),
                  new Study.Eligibility(
                      node.at("/protocolSection/eligibilityModule/eligibilityCriteria").textValue(),
                      "ALL",
                      "18 Years",
                      "80 Years"),
                  List.of(
                      new Study.Location(
                          "Harbour City Radiotherapy Centre",
                          "Boston",
                          "Massachusetts",
                          "United States",
                          "RECRUITING"),
                      new Study.Location(
                          "Lakeside University Hospital",
                          "Toronto",
                          "Ontario",
                          "Canada",
                          "NOT_YET_RECRUITING")),
                  URI.create("https://clinicaltrials.gov/study/NCT09900001"),
                  false,
                  node));
      assertThat(study.briefSummary()).startsWith("This study asks whether");
      assertThat(study.eligibility().criteria()).startsWith("Inclusion Criteria:");
    }

    @Test
    void parse_minimalStudy_hasOnlyItsIdAndUrl() {
      JsonNode node = fixture("study-minimal.json");

      Study study = StudyParser.parse(node, "EGFR L858R");

      assertThat(study)
          .isEqualTo(
              new Study(
                  "NCT09900002",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  List.of(),
                  List.of(),
                  null,
                  List.of(),
                  null,
                  List.of(),
                  null,
                  List.of(),
                  URI.create("https://clinicaltrials.gov/study/NCT09900002"),
                  false,
                  node));
    }

    @Test
    void parse_unknownFieldsAndModules_areIgnoredAndKeptInRaw() {
      JsonNode node = fixture("study-unknown-fields.json");

      Study study = StudyParser.parse(node, null);

      assertThat(study.briefTitle()).isEqualTo("A Study From a Newer API Version");
      assertThat(study.overallStatus()).isEqualTo("ENROLLING_BY_INVITATION");
      assertThat(study.phases()).containsExactly("PHASE5");
      assertThat(study.enrollment()).isEqualTo(12);
      assertThat(study.raw().at("/protocolSection/futureModule/anything/2").intValue())
          .isEqualTo(3);
      assertThat(study.raw().path("schemaVersion").intValue()).isEqualTo(3);
    }

    @Test
    void parse_fieldsOfTheWrongJsonType_areReadAsMissing() {
      Study study = StudyParser.parse(fixture("study-wrong-types.json"), "EGFR L858R");

      assertThat(study.nctId()).isEqualTo("NCT09900004");
      assertThat(study.briefTitle()).as("a number").isNull();
      assertThat(study.officialTitle()).as("null").isNull();
      assertThat(study.overallStatus()).as("an array").isNull();
      assertThat(study.startDate()).as("a string where the struct belongs").isNull();
      assertThat(study.leadSponsor()).as("a string where the object belongs").isNull();
      assertThat(study.briefSummary()).as("a string where the module belongs").isNull();
      assertThat(study.conditions()).as("a string where the array belongs").isEmpty();
      assertThat(study.keywords())
          .as("elements that are not text")
          .containsExactly("EGFR", "osimertinib");
      assertThat(study.studyType()).as("a boolean").isNull();
      assertThat(study.phases()).as("an object where the array belongs").isEmpty();
      assertThat(study.enrollment()).as("a numeric string").isNull();
      assertThat(study.interventions()).as("an object where the array belongs").isEmpty();
      assertThat(study.eligibility()).as("an array where the module belongs").isNull();
      assertThat(study.locations())
          .as("elements that are not objects, a facility that is a number")
          .containsExactly(new Study.Location(null, "Toronto", null, "Canada", null));
      assertThat(study.exclusionOnly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"120.5", "3000000000", "-0.0", "\"86\"", "null"})
    void parse_enrollmentThatIsNotAnInt_isMissing(String count) {
      JsonNode node =
          json(
              "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT09900007\"},"
                  + "\"designModule\":{\"enrollmentInfo\":{\"count\":"
                  + count
                  + "}}}}");

      assertThat(StudyParser.parse(node, null).enrollment()).isNull();
    }

    @Test
    void parse_emptyEligibilityModule_isEligibilityWithNothingKnown() {
      JsonNode node =
          json(
              "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT09900008\"},"
                  + "\"eligibilityModule\":{}}}");

      assertThat(StudyParser.parse(node, "KRAS G12C").eligibility())
          .isEqualTo(new Study.Eligibility(null, null, null, null));
    }

    @Test
    void parse_nctIdWithSurroundingSpaces_isStripped() {
      JsonNode node = studyWithNctId("\" NCT09900009\\n\"");

      Study study = StudyParser.parse(node, null);

      assertThat(study.nctId()).isEqualTo("NCT09900009");
      assertThat(study.url()).hasToString("https://clinicaltrials.gov/study/NCT09900009");
    }

    @Test
    void parse_rawIsTheRecordAsSent() {
      JsonNode node = fixture("study-full.json");

      assertThat(StudyParser.parse(node, null).raw()).isEqualTo(node);
    }
  }

  @Nested
  class ExclusionOnly {
    @Test
    void parse_mutationOnlyUnderExclusionCriteria_isExclusionOnly() {
      Study study = StudyParser.parse(fixture("study-kras-exclusion-only.json"), "KRAS G12C");

      assertThat(study.exclusionOnly()).isTrue();
    }

    @Test
    void parse_mutationUnderInclusionCriteria_isNotExclusionOnly() {
      Study study = StudyParser.parse(fixture("study-kras-inclusion.json"), "KRAS G12C");

      assertThat(study.exclusionOnly()).isFalse();
    }

    @Test
    void parse_withoutAMutation_isNeverExclusionOnly() {
      Study study = StudyParser.parse(fixture("study-kras-exclusion-only.json"), null);

      assertThat(study.exclusionOnly()).isFalse();
    }

    @Test
    void parse_studyWithoutEligibility_isNotExclusionOnly() {
      Study study = StudyParser.parse(fixture("study-minimal.json"), "KRAS G12C");

      assertThat(study.exclusionOnly()).isFalse();
    }
  }

  @Nested
  class MalformedStudies {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "{}",
          "{\"protocolSection\":null}",
          "{\"protocolSection\":[]}",
          "{\"protocolSection\":{}}",
          "{\"protocolSection\":{\"identificationModule\":\"NCT09900001\"}}",
          "{\"protocolSection\":{\"identificationModule\":{}}}",
          "{\"protocolSection\":{\"identificationModule\":{\"nctId\":null}}}",
          "{\"protocolSection\":{\"identificationModule\":{\"nctId\":9900001}}}",
          "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"\"}}}",
          "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\" \\t \"}}}",
        })
    void parse_noUsableNctId_isMalformed(String record) {
      assertThatThrownBy(() -> StudyParser.parse(json(record), null))
          .isInstanceOf(MalformedStudyException.class)
          .hasMessage("study has no protocolSection.identificationModule.nctId");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "NCT 09900001    | \"NCT 09900001\"",
          "../../admin     | \"../../admin\"",
          "NCT09900001?x=1 | \"NCT09900001?x=1\"",
        })
    void parse_nctIdThatCannotMakeAUrl_isMalformed(String nctId, String quoted) {
      assertThatThrownBy(() -> StudyParser.parse(studyWithNctId('"' + nctId + '"'), null))
          .isInstanceOf(MalformedStudyException.class)
          .hasMessage(
              "study has an unusable protocolSection.identificationModule.nctId "
                  + quoted
                  + ": only letters and digits make a study URL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {"[] | array", "\"NCT09900001\" | string", "null | null", "42 | number"})
    void parse_notAnObject_isMalformed(String record, String type) {
      assertThatThrownBy(() -> StudyParser.parse(json(record), null))
          .isInstanceOf(MalformedStudyException.class)
          .hasMessage("study is not a JSON object: found " + type);
    }
  }

  @Nested
  class Pages {
    @Test
    void parsePage_firstPage_hasStudiesInOrderTotalAndToken() {
      StudyParser.Page page = StudyParser.parsePage(fixture("page-first.json"), "EGFR L858R");

      assertThat(page.studies())
          .extracting(Study::nctId)
          .containsExactly("NCT09900011", "NCT09900012", "NCT09900013");
      assertThat(page.studies())
          .extracting(Study::exclusionOnly)
          .containsExactly(false, true, false);
      assertThat(page.totalCount()).isEqualTo(27);
      assertThat(page.nextPageToken()).isEqualTo("Tm90QVJlYWxUb2tlbl8x");
    }

    @Test
    void parsePage_terminalPage_hasNoTokenAndNoTotal() {
      StudyParser.Page page = StudyParser.parsePage(fixture("page-terminal.json"), null);

      assertThat(page.studies()).extracting(Study::nctId).containsExactly("NCT09900031");
      assertThat(page.totalCount()).isNull();
      assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void parsePage_emptyStudies_isAnEmptyPage() {
      StudyParser.Page page = StudyParser.parsePage(json("{\"studies\":[]}"), "EGFR L858R");

      assertThat(page).isEqualTo(new StudyParser.Page(List.of(), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"totalCount\":0}", "{\"studies\":null,\"totalCount\":0}"})
    void parsePage_noStudies_isAnEmptyPage(String body) {
      assertThat(StudyParser.parsePage(json(body), null))
          .isEqualTo(new StudyParser.Page(List.of(), 0, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {"{\"studies\":{}} | object", "{\"studies\":\"none\"} | string"})
    void parsePage_studiesThatIsNotAnArray_isMalformed(String body, String type) {
      assertThatThrownBy(() -> StudyParser.parsePage(json(body), null))
          .isInstanceOf(MalformedStudyException.class)
          .hasMessage("response has no studies array: found " + type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {"[] | array", "\"ok\" | string"})
    void parsePage_bodyThatIsNotAnObject_isMalformed(String body, String type) {
      assertThatThrownBy(() -> StudyParser.parsePage(json(body), null))
          .isInstanceOf(MalformedStudyException.class)
          .hasMessage("response is not a JSON object: found " + type);
    }

    @Test
    void parsePage_oneMalformedStudy_failsThePage() {
      JsonNode body =
          json(
              "{\"studies\":[{\"protocolSection\":{\"identificationModule\":"
                  + "{\"nctId\":\"NCT09900041\"}}},{\"protocolSection\":{}}]}");

      assertThatThrownBy(() -> StudyParser.parsePage(body, null))
          .isInstanceOf(MalformedStudyException.class)
          .hasMessage("study has no protocolSection.identificationModule.nctId");
    }

    @ParameterizedTest(name = "totalCount {0}")
    @ValueSource(strings = {"\"27\"", "27.5", "3000000000", "null", "[27]"})
    void parsePage_totalCountThatIsNotAnInt_isMissing(String totalCount) {
      JsonNode body = json("{\"studies\":[],\"totalCount\":" + totalCount + "}");

      assertThat(StudyParser.parsePage(body, null).totalCount()).isNull();
    }

    @ParameterizedTest(name = "nextPageToken {0}")
    @ValueSource(strings = {"\"\"", "\"  \"", "42", "null", "{}"})
    void parsePage_tokenThatIsNotUsableText_isMissing(String token) {
      JsonNode body = json("{\"studies\":[],\"nextPageToken\":" + token + "}");

      assertThat(StudyParser.parsePage(body, null).nextPageToken()).isNull();
    }

    @Test
    void page_studies_areACopy() {
      List<Study> studies = new ArrayList<>();
      StudyParser.Page page = new StudyParser.Page(studies, null, null);
      studies.add(StudyParser.parse(fixture("study-minimal.json"), null));

      assertThat(page.studies()).isEmpty();
    }
  }

  private static JsonNode studyWithNctId(String nctIdJson) {
    return json("{\"protocolSection\":{\"identificationModule\":{\"nctId\":" + nctIdJson + "}}}");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode fixture(String name) {
    try (InputStream in = StudyParserTest.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
