package dev.asyncflow.trials.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo server's HTTP protocol, spoken directly: paging, parameters, errors, headers. */
class DemoTrialsServerProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String BRAF_QUERY =
      "(AREA[EligibilityCriteria](\"BRAF V600E\") OR AREA[BriefTitle](\"BRAF V600E\")"
          + " OR AREA[OfficialTitle](\"BRAF V600E\") OR AREA[BriefSummary](\"BRAF V600E\")"
          + " OR AREA[Keyword](\"BRAF V600E\"))";

  private static final int BRAF_COUNT = 14;

  private static DemoTrialsServer server;
  private static HttpClient http;

  @BeforeAll
  static void startServer() {
    server = DemoTrialsServer.start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void search_answersJson_withTheDemoHeader() throws Exception {
    HttpResponse<String> response = get("api/v2/studies");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("X-Demo-Data")).hasValue("true");
    JsonNode page = JSON.readTree(response.body());
    assertThat(page.path("studies")).hasSize(10);
    assertThat(page.has("totalCount")).isFalse();
    assertThat(page.path("nextPageToken").asText()).isNotEmpty();
  }

  @Test
  void pages_followTokens_totalOnTheFirstOnly_noTokenOnTheLast() throws Exception {
    List<String> ids = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String query = query("query.term", BRAF_QUERY, "countTotal", "true", "pageSize", "3");
      JsonNode page = json(get("api/v2/studies?" + query + tokenParameter(token)), 200);
      if (pages == 0) {
        assertThat(page.path("totalCount").asInt()).isEqualTo(BRAF_COUNT);
      } else {
        assertThat(page.has("totalCount")).isFalse();
      }
      page.path("studies").forEach(s -> ids.add(nctId(s)));
      token = page.has("nextPageToken") ? page.path("nextPageToken").asText() : null;
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(5);
    assertThat(ids).hasSize(BRAF_COUNT).doesNotHaveDuplicates();
    assertThat(ids).first().isEqualTo("NCT09900001");
  }

  @Test
  void pageSize_mayChangeBetweenPages() throws Exception {
    JsonNode first = json(get("api/v2/studies?pageSize=2"), 200);
    String token = first.path("nextPageToken").asText();
    JsonNode second = json(get("api/v2/studies?pageSize=5" + tokenParameter(token)), 200);

    assertThat(second.path("studies")).hasSize(5);
    assertThat(nctId(second.path("studies").get(0))).isEqualTo("NCT09900003");
  }

  @Test
  void aPageToken_withOtherParameters_isRefused() throws Exception {
    JsonNode first = json(get("api/v2/studies?pageSize=2&query.term=melanoma"), 200);
    String token = first.path("nextPageToken").asText();

    HttpResponse<String> response =
        get("api/v2/studies?pageSize=2&query.term=lung" + tokenParameter(token));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("pageToken");
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "MTAwOmFiYw", "", "%2B%2B%2B"})
  void aBadPageToken_isRefused(String token) throws Exception {
    HttpResponse<String> response = get("api/v2/studies?pageToken=" + token);

    assertBadRequest(response, "Invalid pageToken");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1001", "ten", "", "2147483648"})
  void aBadPageSize_isRefused(String size) throws Exception {
    assertBadRequest(get("api/v2/studies?pageSize=" + size), "Invalid pageSize");
  }

  @Test
  void theLargestPageSize_isAccepted() throws Exception {
    JsonNode page = json(get("api/v2/studies?pageSize=1000&countTotal=true"), 200);

    assertThat(page.path("studies")).hasSize(page.path("totalCount").asInt());
    assertThat(page.has("nextPageToken")).isFalse();
  }

  @Test
  void anUnknownParameter_isRefusedLikeTheRealApi() throws Exception {
    assertBadRequest(get("api/v2/studies?min_rnk=1"), "Invalid prefix in parameter name: min_rnk");
    assertBadRequest(get("api/v2/studies?query.bogus=x"), "query.bogus");
  }

  @Test
  void aRepeatedParameter_isRefused() throws Exception {
    assertBadRequest(get("api/v2/studies?query.term=a&query.term=b"), "query.term");
  }

  @Test
  void aPlainPhrase_searchesTitlesSummaryKeywordsEligibilityConditionsInterventions()
      throws Exception {
    assertThat(ids(query("query.term", "\"hairy cell leukaemia\""))) // brief title
        .containsExactly("NCT09900013");
    assertThat(ids(query("query.term", "\"Infantile Fibrosarcoma\""))) // condition
        .containsExactly("NCT09900027");
    assertThat(ids(query("query.term", "\"Trifluridine and tipiracil\""))) // intervention
        .containsExactly("NCT09900021");
    assertThat(ids(query("query.term", "\"completed childbearing\""))) // eligibility
        .containsExactly("NCT09900030");
    assertThat(ids(query("query.term", "\"Harborview Cancer Center\""))) // a facility: not here
        .isEmpty();
  }

  @Test
  void phrases_ignoreCaseAndSpacing_butNotWordOrder() throws Exception {
    List<String> exact = ids(query("query.term", "\"BRAF V600E\"", "pageSize", "100"));

    assertThat(exact).hasSize(BRAF_COUNT);
    assertThat(ids(query("query.term", "\"braf \t  v600e\"", "pageSize", "100"))).isEqualTo(exact);
    assertThat(ids(query("query.term", "\"V600E BRAF\"", "pageSize", "100"))).isEmpty();
  }

  @Test
  void escapedQuotesAndBackslashes_areUnescaped() throws Exception {
    assertThat(ids(query("query.term", "\"\\\"BRAF\\\\V600E\\\"\"", "pageSize", "100")))
        .hasSize(BRAF_COUNT);
  }

  @Test
  void areasAndOperators_combine() throws Exception {
    assertThat(ids(query("query.term", "AREA[BriefTitle]\"BRCA1 mutation\"")))
        .containsExactly("NCT09900030");
    assertThat(ids(query("query.term", "BRCA1 AND AREA[Phase]PHASE3")))
        .containsExactly("NCT09900029");
    assertThat(ids(query("query.term", "BRCA1 NOT AREA[Phase]PHASE3")))
        .containsExactly("NCT09900030");
    assertThat(ids(query("query.term", "(\"ROS1 fusion\" OR \"MET exon 14 skipping\")")))
        .containsExactly("NCT09900022", "NCT09900028");
    assertThat(ids(query("query.spons", "\"Halvard Pharmaceuticals\"")))
        .containsExactly("NCT09900015", "NCT09900023", "NCT09900029");
    assertThat(ids(query("query.titles", "glioma"))).containsExactly("NCT09900011", "NCT09900026");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(AREA[BriefTitle](\"x\")",
        "\"unterminated",
        "AREA[Bogus]\"x\"",
        "AREA[BriefTitle \"x\"",
        "RANGE[2020,MAX]",
        "\"\"",
        "\"x\" OR",
        "NOT",
        "\"x\" \\",
        "a ) b"
      })
  void anExpressionThatCannotBeParsed_isRefused(String expression) throws Exception {
    HttpResponse<String> response = get("api/v2/studies?" + query("query.term", expression));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.body()).isNotBlank();
  }

  @Test
  void deeplyNestedParentheses_areRefused_notOverflowed() throws Exception {
    String nested = "(".repeat(200) + "x" + ")".repeat(200);

    assertBadRequest(get("api/v2/studies?" + query("query.term", nested)), "nest");
  }

  @Test
  void statusFilter_takesACommaList_ofKnownStatuses() throws Exception {
    List<String> ids =
        ids(query("filter.overallStatus", "NOT_YET_RECRUITING,withdrawn", "pageSize", "100"));

    assertThat(ids).containsExactly("NCT09900007", "NCT09900024", "NCT09900028");
    assertBadRequest(get("api/v2/studies?filter.overallStatus=RECRUITING,OPEN"), "OPEN");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"distance(52.5,13.4)", "distance(52.5,13.4,50lightyears)", "distance(95,0,1km)"})
  void aBadGeoFilter_isRefused(String geo) throws Exception {
    assertBadRequest(get("api/v2/studies?" + query("filter.geo", geo)), "filter.geo");
  }

  @Test
  void locationQuery_needsOneLocationToMatchAll() throws Exception {
    String berlinInGermany = "AREA[LocationCountry]\"Germany\" AND AREA[LocationCity]\"Berlin\"";
    String berlinInFrance = "AREA[LocationCountry]\"France\" AND AREA[LocationCity]\"Berlin\"";

    assertThat(ids(query("query.locn", berlinInGermany)))
        .containsExactly("NCT09900001", "NCT09900021");
    assertThat(ids(query("query.locn", berlinInFrance))).isEmpty();
  }

  @Test
  void idFilter_andSort() throws Exception {
    List<String> ids =
        ids(query("filter.ids", "NCT09900013,nct9900008 NCT09900001", "sort", "StartDate:asc"));

    assertThat(ids).containsExactly("NCT09900013", "NCT09900008", "NCT09900001");
  }

  @Test
  void fieldsAndFormatJson_areAccepted_andOtherFormatsRefused() throws Exception {
    JsonNode page =
        json(get("api/v2/studies?" + query("fields", "NCTId,BriefTitle", "format", "json")), 200);

    assertThat(page.path("studies").get(0).path("protocolSection").has("eligibilityModule"))
        .isTrue();
    assertBadRequest(get("api/v2/studies?format=csv"), "csv");
    assertBadRequest(get("api/v2/studies?countTotal=yes"), "countTotal");
  }

  @Test
  void oneStudy_byId_caseAndLeadingZerosIgnored() throws Exception {
    JsonNode study = json(get("api/v2/studies/nct9900001"), 200);

    assertThat(nctId(study)).isEqualTo("NCT09900001");
    assertThat(json(get("api/v2/studies/NCT09900031?fields=NCTId&format=json"), 200)).isNotNull();
  }

  @Test
  void oneStudy_unknown_isAPlainText404() throws Exception {
    HttpResponse<String> response = get("api/v2/studies/NCT09999999");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.headers().firstValue("X-Demo-Data")).hasValue("true");
    assertThat(response.body()).contains("NCT09999999");
    assertThat(get("api/v2/studies/not-an-id").statusCode()).isEqualTo(404);
    assertBadRequest(get("api/v2/studies/NCT09900001?pageSize=3"), "pageSize");
  }

  @Test
  void otherPaths_are404_andOtherMethods405() throws Exception {
    assertThat(get("api/v2/version").statusCode()).isEqualTo(404);
    assertThat(get("api/v2/studies/NCT09900001/history").statusCode()).isEqualTo(404);
    assertThat(get("").statusCode()).isEqualTo(404);

    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve("api/v2/studies"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(post.headers().firstValue("X-Demo-Data")).hasValue("true");
  }

  @Test
  void concurrentRequests_areAllAnswered() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> responses =
        IntStream.range(0, 24)
            .mapToObj(
                i ->
                    http.sendAsync(
                        request("api/v2/studies?" + query("query.term", BRAF_QUERY)),
                        HttpResponse.BodyHandlers.ofString()))
            .toList();

    for (CompletableFuture<HttpResponse<String>> response : responses) {
      HttpResponse<String> answered = response.get(10, TimeUnit.SECONDS);
      assertThat(answered.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(answered.body()).path("studies")).hasSize(10);
    }
  }

  private static List<String> ids(String query) throws Exception {
    JsonNode page = json(get("api/v2/studies?" + query), 200);
    List<String> ids = new ArrayList<>();
    page.path("studies").forEach(study -> ids.add(nctId(study)));
    return ids;
  }

  private static String nctId(JsonNode study) {
    return study.path("protocolSection").path("identificationModule").path("nctId").asText();
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static void assertBadRequest(HttpResponse<String> response, String mentioned) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.headers().firstValue("X-Demo-Data")).hasValue("true");
    assertThat(response.body()).contains(mentioned);
  }

  private static String tokenParameter(String token) {
    return token == null ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** Encodes name, value, name, value, ... as a query string. */
  private static String query(String... nameValues) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < nameValues.length; i += 2) {
      if (i > 0) {
        query.append('&');
      }
      query
          .append(nameValues[i])
          .append('=')
          .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
    }
    return query.toString();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.baseUri() + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .build();
  }
}
