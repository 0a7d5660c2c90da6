package dev.asyncflow.trials.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.QueryRejectedException;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyNotFoundException;
import dev.asyncflow.trials.StudyQuery;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo server as the trials-nodes client sees it: searches, filters, paging, lookups. */
class DemoTrialsServerClientTest {
  /** The BRAF V600E studies in data order; 003 and 009 name it only under exclusion criteria. */
  private static final List<String> BRAF_ALL =
      List.of(
          "NCT09900001",
          "NCT09900002",
          "NCT09900003",
          "NCT09900008",
          "NCT09900009",
          "NCT09900010",
          "NCT09900011",
          "NCT09900012",
          "NCT09900013",
          "NCT09900014",
          "NCT09900015",
          "NCT09900016",
          "NCT09900017",
          "NCT09900018");

  private static final List<String> BRAF_EXCLUSION_ONLY = List.of("NCT09900003", "NCT09900009");

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final DemoTrialsServer server = DemoTrialsServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<String> sampleMutations() {
    try (DemoTrialsServer demo = DemoTrialsServer.start()) {
      return demo.sampleMutations().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("sampleMutations")
  void everySampleMutation_findsAStudyThatNamesIt(String mutation) throws Exception {
    SearchResult result = search(StudyQuery.builder().mutation(mutation).maxResults(50));

    assertThat(result.studies()).isNotEmpty();
    assertThat(result.studies())
        .allSatisfy(study -> assertThat(study.exclusionOnly()).isFalse())
        .allSatisfy(study -> assertThat(words(study)).contains(words(mutation)));
  }

  @Test
  void sampleMutations_areFixed_brafFirst() {
    assertThat(server.sampleMutations())
        .hasSize(13)
        .startsWith("BRAF V600E", "EGFR L858R")
        .contains("KRAS G12C", "ALK fusion", "BRCA1")
        .doesNotHaveDuplicates();
    assertThatThrownBy(() -> server.sampleMutations().add("X"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void mutationSearch_dropsExclusionOnlyStudies_andCountsThem() throws Exception {
    SearchResult result = search(StudyQuery.builder().mutation("BRAF V600E").maxResults(50));

    assertThat(result.studies())
        .extracting(Study::nctId)
        .containsExactlyElementsOf(
            BRAF_ALL.stream().filter(id -> !BRAF_EXCLUSION_ONLY.contains(id)).toList());
    assertThat(result.exclusionOnlyDropped()).isEqualTo(2);
    assertThat(result.totalCount()).isEqualTo(BRAF_ALL.size());
  }

  @Test
  void mutationSearch_keepingExclusionOnly_flagsThem() throws Exception {
    SearchResult result =
        search(StudyQuery.builder().mutation("BRAF V600E").keepExclusionOnly(true).maxResults(50));

    assertThat(result.studies()).extracting(Study::nctId).containsExactlyElementsOf(BRAF_ALL);
    assertThat(result.studies())
        .filteredOn(Study::exclusionOnly)
        .extracting(Study::nctId)
        .containsExactlyElementsOf(BRAF_EXCLUSION_ONLY);
  }

  @Test
  void egfrL858r_hasAnExclusionOnlyStudy() throws Exception {
    SearchResult kept = search(StudyQuery.builder().mutation("EGFR L858R").keepExclusionOnly(true));
    SearchResult dropped = search(StudyQuery.builder().mutation("EGFR L858R"));

    assertThat(kept.studies())
        .filteredOn(Study::exclusionOnly)
        .extracting(Study::nctId)
        .containsExactly("NCT09900005");
    assertThat(dropped.studies()).extracting(Study::nctId).doesNotContain("NCT09900005");
    assertThat(dropped.exclusionOnlyDropped()).isEqualTo(1);
  }

  @Test
  void defaultWindow_ofBraf_coversMoreThanOnePage() throws Exception {
    SearchResult first = search(StudyQuery.builder().mutation("BRAF V600E"));
    SearchResult second = search(StudyQuery.builder().mutation("BRAF V600E").ranks(11, 20));

    assertThat(first.totalCount()).isGreaterThan(10);
    assertThat(first.studies().size() + first.exclusionOnlyDropped()).isEqualTo(10);
    assertThat(second.studies())
        .extracting(Study::nctId)
        .containsExactlyElementsOf(BRAF_ALL.subList(10, BRAF_ALL.size()));
  }

  @Test
  void smallPages_areFollowedToTheEnd_withTheTotalFromTheFirst() throws Exception {
    ClinicalTrialsClient client = client(3);

    SearchResult result =
        client
            .search(
                StudyQuery.builder()
                    .mutation("BRAF V600E")
                    .keepExclusionOnly(true)
                    .maxResults(100)
                    .build())
            .get(10, SECONDS);

    assertThat(result.studies()).extracting(Study::nctId).containsExactlyElementsOf(BRAF_ALL);
    assertThat(result.totalCount()).isEqualTo(BRAF_ALL.size());
  }

  @Test
  void statuses_keepOnlyStudiesInThem() throws Exception {
    SearchResult result =
        search(
            StudyQuery.builder()
                .mutation("BRAF V600E")
                .statuses(OverallStatus.COMPLETED, OverallStatus.TERMINATED)
                .maxResults(50));

    assertThat(result.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900008", "NCT09900013", "NCT09900018");
    assertThat(result.exclusionOnlyDropped()).isEqualTo(1); // NCT09900009, terminated
  }

  @Test
  void condition_matchesConditionsAndKeywords() throws Exception {
    SearchResult result =
        search(
            StudyQuery.builder()
                .mutation("BRAF V600E")
                .condition("colorectal cancer")
                .maxResults(50));

    assertThat(result.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900002", "NCT09900010", "NCT09900016", "NCT09900017");
  }

  @Test
  void intervention_matchesInterventionNames() throws Exception {
    SearchResult result = search(StudyQuery.builder().intervention("dmx-7450").maxResults(50));

    assertThat(result.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900006", "NCT09900021");
  }

  @Test
  void country_and_city_mustMatchOneLocation() throws Exception {
    SearchResult japan =
        search(StudyQuery.builder().mutation("EGFR L858R").country("Japan").maxResults(50));
    SearchResult heidelberg = search(StudyQuery.builder().city("Heidelberg").maxResults(50));
    SearchResult paris =
        search(StudyQuery.builder().country("France").city("Paris").maxResults(50));
    SearchResult mixed =
        search(StudyQuery.builder().country("Germany").city("Paris").maxResults(50));

    assertThat(japan.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900004", "NCT09900019");
    assertThat(heidelberg.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900005", "NCT09900026");
    assertThat(paris.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900002", "NCT09900020");
    assertThat(mixed.studies()).isEmpty();
  }

  @Test
  void near_keepsStudiesWithASiteWithinTheDistance() throws Exception {
    // Cambridge, Massachusetts; Boston's centre is about 3.7 km away.
    SearchResult oneKm = search(StudyQuery.builder().near(42.3751, -71.10561, "1km"));
    SearchResult fiveKm = search(StudyQuery.builder().near(42.3751, -71.10561, "5km"));
    SearchResult berlin = search(StudyQuery.builder().near(52.52, 13.405, "50mi"));

    assertThat(oneKm.studies()).extracting(Study::nctId).containsExactly("NCT09900025");
    assertThat(fiveKm.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900001", "NCT09900025");
    assertThat(berlin.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900001", "NCT09900021");
  }

  @Test
  void study_returnsTheWholeRecord() throws Exception {
    Study study = client(1000).study("NCT09900001").get(10, SECONDS);

    assertThat(study.nctId()).isEqualTo("NCT09900001");
    assertThat(study.officialTitle()).startsWith("DEMO DATA, not a real trial: ");
    assertThat(study.briefTitle()).contains("BRAF V600E");
    assertThat(study.overallStatus()).isEqualTo("RECRUITING");
    assertThat(study.phases()).containsExactly("PHASE2");
    assertThat(study.locations()).hasSize(3);
    assertThat(study.eligibility()).isNotNull();
  }

  @Test
  void study_unknown_isNotFound() {
    assertThatThrownBy(() -> client(1000).study("NCT09999999").get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StudyNotFoundException.class);
  }

  @Test
  void aQueryTheServerRefuses_isRejected() {
    // The client lets any @-name through; the API knows only @relevance.
    assertThatThrownBy(
            () ->
                client(1000)
                    .search(StudyQuery.builder().term("melanoma").sort("@newest").build())
                    .get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(QueryRejectedException.class)
        .hasMessageContaining("@newest");
  }

  @Test
  void sort_byEnrollment() throws Exception {
    SearchResult ascending =
        search(StudyQuery.builder().term("BRCA1").sort("EnrollmentCount").maxResults(50));
    SearchResult descending =
        search(
            StudyQuery.builder().mutation("KRAS G12C").sort("EnrollmentCount:desc").maxResults(50));

    assertThat(ascending.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900030", "NCT09900029");
    assertThat(descending.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT09900021", "NCT09900006");
  }

  private SearchResult search(StudyQuery.Builder query) throws Exception {
    return client(1000).search(query.build()).get(10, SECONDS);
  }

  private ClinicalTrialsClient client(int maxPageSize) {
    return ClinicalTrialsClient.builder(leaks.manager())
        .baseUri(server.baseUri())
        .maxPageSize(maxPageSize)
        .build();
  }

  /** The study's searchable text as lower-case words, to check a mutation is named in it. */
  private static String words(Study study) {
    Study.Eligibility eligibility = study.eligibility();
    return words(
        String.join(
            " ",
            String.valueOf(study.briefTitle()),
            String.valueOf(study.officialTitle()),
            String.valueOf(study.briefSummary()),
            String.join(" ", study.keywords()),
            eligibility == null ? "" : String.valueOf(eligibility.criteria())));
  }

  private static String words(String text) {
    return " " + String.join(" ", Words.of(text)) + " ";
  }
}
