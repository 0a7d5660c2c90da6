package dev.asyncflow.trials;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Searching: the requests sent, paging through rank windows, exclusion-only studies, the cache. */
class ClinicalTrialsSearchTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final FakeClinicalTrials server;

  ClinicalTrialsSearchTest() throws Exception {
    server = new FakeClinicalTrials();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void mutationSearch_sendsTheMutationAwareQuery_andReadsTheFirstPage() throws Exception {
    server.withGeneratedStudies(3);
    ClinicalTrialsClient client = client(leaks.manager());

    SearchResult result =
        client
            .search(
                StudyQuery.builder()
                    .mutation("EGFR L858R")
                    .condition("non-small cell lung cancer")
                    .build())
            .get(10, SECONDS);

    FakeClinicalTrials.Request request = server.received().get(0);
    assertThat(request.path()).isEqualTo("/api/v2/studies");
    assertThat(request.query())
        .containsEntry(
            "query.term",
            "(AREA[EligibilityCriteria](\"EGFR L858R\") OR AREA[BriefTitle](\"EGFR L858R\")"
                + " OR AREA[OfficialTitle](\"EGFR L858R\") OR AREA[BriefSummary](\"EGFR L858R\")"
                + " OR AREA[Keyword](\"EGFR L858R\"))")
        .containsEntry("query.cond", "\"non-small cell lung cancer\"")
        .containsEntry("countTotal", "true")
        .containsEntry("pageSize", "10")
        .doesNotContainKey("pageToken");
    assertThat(result.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT00000001", "NCT00000002", "NCT00000003");
    assertThat(result.totalCount()).isEqualTo(3);
    assertThat(result.studies().get(0).url())
        .hasToString("https://clinicaltrials.gov/study/NCT00000001");
  }

  @Test
  void termSearch_sendsTheTermAsOnePhrase() throws Exception {
    ClinicalTrialsClient client = client(leaks.manager());

    client.search(StudyQuery.ofTerm("lung  cancer ")).get(10, SECONDS);

    assertThat(server.received().get(0).query()).containsEntry("query.term", "\"lung cancer\"");
  }

  @Test
  void filters_becomeTheApisParameters() throws Exception {
    ClinicalTrialsClient client = client(leaks.manager());
    StudyQuery query =
        StudyQuery.builder()
            .mutation("KRAS G12C")
            .intervention("sotorasib")
            .statuses(OverallStatus.NOT_YET_RECRUITING, OverallStatus.RECRUITING)
            .country("Germany")
            .city("Berlin")
            .near(52.52, 13.405, "50mi")
            .fields("BriefTitle", "OverallStatus")
            .sort("LastUpdatePostDate:desc")
            .countTotal(false)
            .build();

    client.search(query).get(10, SECONDS);

    assertThat(server.received().get(0).query())
        .containsEntry("query.intr", "\"sotorasib\"")
        .containsEntry("filter.overallStatus", "RECRUITING,NOT_YET_RECRUITING")
        .containsEntry(
            "query.locn", "AREA[LocationCountry]\"Germany\" AND AREA[LocationCity]\"Berlin\"")
        .containsEntry("filter.geo", "distance(52.52,13.405,50mi)")
        .containsEntry("fields", "BriefTitle,OverallStatus,NCTId,EligibilityCriteria")
        .containsEntry("sort", "LastUpdatePostDate:desc")
        .doesNotContainKey("countTotal");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "EGFR \"L858R\"     | \"EGFR \\\"L858R\\\"\"",
        "EGFR\\L858R        | \"EGFR\\\\L858R\"",
        "EGFR [L858R] (x)   | \"EGFR [L858R] (x)\"",
        "AREA[Phase]PHASE3  | \"AREA[Phase]PHASE3\"",
        "EGFR OR BRAF NOT x | \"EGFR OR BRAF NOT x\"",
        "EGFR  Δ19 外显子    | \"EGFR Δ19 外显子\"",
      })
  void awkwardText_reachesTheServerAsOneEscapedPhrase(String term, String expected)
      throws Exception {
    ClinicalTrialsClient client = client(leaks.manager());

    client.search(StudyQuery.ofTerm(term)).get(10, SECONDS);
    client.search(StudyQuery.ofMutation(term)).get(10, SECONDS);

    assertThat(server.received().get(0).param("query.term")).isEqualTo(expected);
    assertThat(server.received().get(1).param("query.term"))
        .startsWith("(AREA[EligibilityCriteria](" + expected + ") OR ")
        .endsWith("AREA[Keyword](" + expected + "))");
  }

  @ParameterizedTest
  @MethodSource("unusableMutations")
  void unusableMutation_isRefusedWithATypedError_beforeAnyRequest(String mutation, String problem) {
    assertThatThrownBy(() -> StudyQuery.ofMutation(mutation))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            invalid -> assertThat(invalid.argument()).isEqualTo("mutation"))
        .hasMessageContaining(problem);
    assertThat(server.received()).isEmpty();
  }

  static Stream<Arguments> unusableMutations() {
    return Stream.of(
        Arguments.of("", "blank"),
        Arguments.of("   \t ", "blank"),
        Arguments.of("A".repeat(10_000), "10000 characters"),
        Arguments.of("EGFR\u0000L858R", "U+0000"),
        Arguments.of("EGFR \u001B[31mL858R", "U+001B"));
  }

  @Test
  void rankWindow_15to35_acrossPages_returnsExactlyThoseStudies() throws Exception {
    // Given 50 studies and pages of at most 10
    server.withGeneratedStudies(50);
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .maxPageSize(10)
            .configureService(s -> s.rateLimit(null))
            .build();

    // When ranks 15..35 are asked for
    SearchResult result =
        client
            .search(StudyQuery.builder().mutation("BRAF V600E").ranks(15, 35).build())
            .get(10, SECONDS);

    // Then exactly 21 studies come back, ranks 15 to 35, from four pages of 9 (the fewest
    // requests, and the smallest page that needs no more)
    assertThat(result.studies()).hasSize(21);
    assertThat(result.studies().get(0).nctId()).isEqualTo("NCT00000015");
    assertThat(result.studies().get(20).nctId()).isEqualTo("NCT00000035");
    assertThat(result.totalCount()).isEqualTo(50);
    assertThat(server.received()).hasSize(4);
    assertThat(server.received()).extracting(r -> r.param("pageSize")).containsOnly("9");
    assertThat(server.received())
        .extracting(r -> r.param("pageToken"))
        .containsExactly(null, "page-from-9", "page-from-18", "page-from-27");
    // later pages repeat the first page's other parameters
    assertThat(server.received())
        .extracting(r -> r.param("query.term"))
        .containsOnly(server.received().get(0).param("query.term"));
  }

  @Test
  void rankWindow_endingAfterMaxRank_isRefused_becauseEveryEarlierPageWouldBeFetched() {
    assertThatThrownBy(() -> StudyQuery.builder().ranks(2_000_000_000, 2_000_000_009))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.argument()).isEqualTo("ranks"))
        .hasMessageContaining("at most 10000");
    assertThat(StudyQuery.builder().ranks(9_991, 10_000).build().maxRank()).isEqualTo(10_000);
  }

  @Test
  void rankWindow_upTo1000_takesOneRequest() throws Exception {
    server.withGeneratedStudies(40);
    ClinicalTrialsClient client = client(leaks.manager());

    SearchResult result =
        client.search(StudyQuery.builder().term("x").ranks(15, 35).build()).get(10, SECONDS);

    assertThat(result.studies()).hasSize(21);
    assertThat(server.received())
        .singleElement()
        .satisfies(request -> assertThat(request.param("pageSize")).isEqualTo("35"));
  }

  @Test
  void rankWindow_pastTheLastStudy_returnsWhatThereIs() throws Exception {
    server.withGeneratedStudies(12);
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .maxPageSize(5)
            .configureService(s -> s.rateLimit(null))
            .build();

    SearchResult middle =
        client.search(StudyQuery.builder().term("x").ranks(10, 20).build()).get(10, SECONDS);
    SearchResult beyond =
        client.search(StudyQuery.builder().term("x").ranks(13, 20).build()).get(10, SECONDS);

    assertThat(middle.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT00000010", "NCT00000011", "NCT00000012");
    assertThat(beyond.studies()).isEmpty();
  }

  @Test
  void exclusionOnlyStudies_areLeftOutByDefault_andKeptMarkedOnRequest() throws Exception {
    server
        .add(
            FakeClinicalTrials.studyWithCriteria(
                "NCT00000001",
                "Included",
                "Inclusion Criteria:\n* EGFR L858R\n\nExclusion Criteria:\n* none"))
        .add(
            FakeClinicalTrials.studyWithCriteria(
                "NCT00000002",
                "Excluded",
                "Inclusion Criteria:\n* NSCLC\n\nExclusion Criteria:\n* EGFR L858R"))
        .add(FakeClinicalTrials.study("NCT00000003", "EGFR L858R in the title only"));
    ClinicalTrialsClient client = client(leaks.manager());

    SearchResult dropped = client.search(StudyQuery.ofMutation("EGFR L858R")).get(10, SECONDS);
    SearchResult kept =
        client
            .search(StudyQuery.builder().mutation("EGFR L858R").keepExclusionOnly(true).build())
            .get(10, SECONDS);

    assertThat(dropped.studies())
        .extracting(Study::nctId)
        .containsExactly("NCT00000001", "NCT00000003");
    assertThat(dropped.exclusionOnlyDropped()).isEqualTo(1);
    assertThat(kept.studies())
        .extracting(Study::nctId, Study::exclusionOnly)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("NCT00000001", false),
            org.assertj.core.groups.Tuple.tuple("NCT00000002", true),
            org.assertj.core.groups.Tuple.tuple("NCT00000003", false));
    assertThat(kept.exclusionOnlyDropped()).isZero();
  }

  @Test
  void studyWithoutAnNctId_failsThePageAsUnexpectedResponse() throws Exception {
    server.add(FakeClinicalTrials.study("", "No id"));
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .configureService(s -> s.rateLimit(null))
            .configureService(s -> s.retryPolicy(dev.asyncflow.http.HttpRetryPolicy.none()))
            .build();

    assertThat(VirtualTime.failure(client.search(StudyQuery.ofMutation("EGFR L858R"))))
        .isInstanceOf(UnexpectedResponseException.class)
        .hasMessageContaining("nctId");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void termSearch_neverMarksExclusionOnly() throws Exception {
    server.add(
        FakeClinicalTrials.studyWithCriteria(
            "NCT00000002",
            "Excluded",
            "Inclusion Criteria:\n* NSCLC\n\nExclusion Criteria:\n* EGFR L858R"));
    ClinicalTrialsClient client = client(leaks.manager());

    SearchResult result = client.search(StudyQuery.ofTerm("EGFR L858R")).get(10, SECONDS);

    assertThat(result.studies())
        .singleElement()
        .satisfies(study -> assertThat(study.exclusionOnly()).isFalse());
  }

  @Test
  void caffeineCache_servesTheSameQueryWithoutARequest_untilItExpires() throws Exception {
    server.withGeneratedStudies(2);
    AtomicInteger now = new AtomicInteger();
    Cache<SearchCache.Key, SearchResult> store =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10))
            .maximumSize(100)
            .ticker(() -> Duration.ofMinutes(now.get()).toNanos())
            .build();
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .cache(SearchCache.of(store::getIfPresent, store::put))
            .configureService(s -> s.rateLimit(null))
            .build();

    SearchResult first = client.search(StudyQuery.ofMutation("EGFR  L858R")).get(10, SECONDS);
    SearchResult second = client.search(StudyQuery.ofMutation(" EGFR L858R")).get(10, SECONDS);
    client.search(StudyQuery.builder().mutation("EGFR L858R").ranks(1, 5).build()).get(10, SECONDS);
    now.set(11);
    client.search(StudyQuery.ofMutation("EGFR L858R")).get(10, SECONDS);

    assertThat(second).isSameAs(first);
    assertThat(server.received()).hasSize(3); // first, another window, after expiry
  }

  @Test
  void failingCache_isBypassed() throws Exception {
    server.withGeneratedStudies(1);
    SearchCache broken =
        SearchCache.of(
            key -> {
              throw new IllegalStateException("store down");
            },
            (key, result) -> {
              throw new IllegalStateException("store down");
            });
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .cache(broken)
            .configureService(s -> s.rateLimit(null))
            .build();

    SearchResult result = client.search(StudyQuery.ofMutation("EGFR L858R")).get(10, SECONDS);

    assertThat(result.studies()).hasSize(1);
  }

  @Test
  void politeDefaults_forThePublicEndpoint() {
    HttpClientManager manager = leaks.manager();
    ClinicalTrialsClient client = ClinicalTrialsClient.create(manager);

    var config = client.service().config();
    assertThat(config.baseUri()).hasToString("https://clinicaltrials.gov/api/v2/");
    assertThat(config.maxConcurrency()).isEqualTo(4);
    assertThat(config.rateLimit()).isNotNull();
    assertThat(config.rateLimit().requests()).isEqualTo(10);
    assertThat(config.rateLimit().per()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.retryPolicy().retryableStatuses()).contains(429, 500, 502, 503, 504);
    assertThat(config.retryPolicy().retryOnDecodeFailure()).isTrue();
  }

  @Test
  void baseUri_withAPathPrefix_keepsIt() {
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(java.net.URI.create("http://mirror.example/ctgov"))
            .build();

    assertThat(client.service().config().baseUri())
        .hasToString("http://mirror.example/ctgov/api/v2/");
  }

  private ClinicalTrialsClient client(HttpClientManager manager) {
    return ClinicalTrialsClient.builder(manager)
        .baseUri(server.root())
        .configureService(s -> s.rateLimit(null))
        .build();
  }
}
