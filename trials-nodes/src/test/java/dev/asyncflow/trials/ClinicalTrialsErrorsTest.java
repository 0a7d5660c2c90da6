package dev.asyncflow.trials;

import static dev.asyncflow.trials.FakeClinicalTrials.okBody;
import static dev.asyncflow.trials.FakeClinicalTrials.status;
import static dev.asyncflow.trials.VirtualTime.failure;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server answers maps to typed exceptions carrying what it said; transient failures are
 * retried within the call's budget (the polite default: 3 attempts), in virtual time.
 */
class ClinicalTrialsErrorsTest {
  private static final Duration STEP = Duration.ofMillis(100);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final VirtualTime time = new VirtualTime();
  private final FakeClinicalTrials server;
  private final ClinicalTrialsClient client;

  ClinicalTrialsErrorsTest() throws Exception {
    server = new FakeClinicalTrials().withGeneratedStudies(3);
    client =
        ClinicalTrialsClient.builder(leaks.manager(b -> b.scheduler(time.scheduler)))
            .baseUri(server.root())
            .configureService(
                s ->
                    s.rateLimit(null)
                        .circuitBreaker(CircuitBreakerPolicy.disabled())
                        .readTimeout(Duration.ofSeconds(5))
                        .listener(time))
            .build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void badRequest_carriesTheServersPlainTextMessage_andIsNotRetried() throws Exception {
    server.fail(status(400, "Invalid prefix in parameter name: query.bogus"));

    Throwable failure = failure(search());

    assertThat(failure)
        .isInstanceOfSatisfying(
            QueryRejectedException.class,
            rejected -> {
              assertThat(rejected.status()).isEqualTo(400);
              assertThat(rejected.serverMessage())
                  .isEqualTo("Invalid prefix in parameter name: query.bogus");
              assertThat(rejected.attempts()).isEqualTo(1);
            });
    assertThat(failure.getMessage())
        .contains("400", "mutation \"EGFR L858R\"", "Invalid prefix in parameter name");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void unknownStudy_failsWithStudyNotFound() throws Exception {
    Throwable failure = failure(client.study("nct09999999"));

    assertThat(failure)
        .isInstanceOfSatisfying(
            StudyNotFoundException.class,
            missing -> {
              assertThat(missing.nctId()).isEqualTo("NCT09999999");
              assertThat(missing.serverMessage()).contains("NCT09999999");
            });
    assertThat(server.received())
        .singleElement()
        .satisfies(request -> assertThat(request.path()).isEqualTo("/api/v2/studies/NCT09999999"));
  }

  @Test
  void knownStudy_isParsed() throws Exception {
    Study study = client.study(" NCT00000002 ").get(10, SECONDS);

    assertThat(study.nctId()).isEqualTo("NCT00000002");
    assertThat(study.title()).isEqualTo("Study 2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "NCT",
        "NCT0",
        "NCT000000000",
        "NCT123456789",
        "ABC123",
        "NCT12 34",
        "NCT1/../x",
        "NCT1234\u00005678"
      })
  void malformedNctId_failsBeforeAnyRequest(String id) throws Exception {
    assertThat(failure(client.study(id)))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            invalid -> assertThat(invalid.argument()).isEqualTo("nctId"));
    assertThat(server.received()).isEmpty();
  }

  @Test
  void rateLimited429_withRetryAfter_isRetriedNoSoonerThanAsked() throws Exception {
    server.fail(status(429, "Too many requests", "Retry-After", "2"));

    SearchResult result = time.drive(search(), STEP).get(10, SECONDS);

    assertThat(result.studies()).hasSize(3);
    assertThat(server.received()).hasSize(2);
    long waited = time.attemptStarts.get(1) - time.attemptFailures.get(0);
    assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(time.retryDelays)
        .singleElement()
        .satisfies(delay -> assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void persistent429_failsAsRateLimited_afterThreeAttempts() throws Exception {
    server.fail(
        status(429, "slow down", "Retry-After", "1"),
        status(429, "slow down", "Retry-After", "1"),
        status(429, "slow down", "Retry-After", "1"));

    Throwable failure = failure(time.drive(search(), STEP));

    assertThat(failure)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            limited -> {
              assertThat(limited.attempts()).isEqualTo(3);
              assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
              assertThat(limited.serverMessage()).isEqualTo("slow down");
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void serverError_isRetried_thenSucceeds(int status) throws Exception {
    server.fail(status(status, "upstream trouble"));

    SearchResult result = time.drive(search(), STEP).get(10, SECONDS);

    assertThat(result.studies()).hasSize(3);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void persistentServerError_failsAsServerError_withTheStatusAndMessage() throws Exception {
    server.fail(status(503, "down"), status(503, "down"), status(503, "still down"));

    Throwable failure = failure(time.drive(search(), STEP));

    assertThat(failure)
        .isInstanceOfSatisfying(
            ServerErrorException.class,
            error -> {
              assertThat(error.status()).isEqualTo(503);
              assertThat(error.serverMessage()).isEqualTo("still down");
              assertThat(error.attempts()).isEqualTo(3);
            });
  }

  @Test
  void otherClientError_failsWithTheStatus() throws Exception {
    server.fail(status(403, "Forbidden"));

    assertThat(failure(search()))
        .isExactlyInstanceOf(ClinicalTrialsStatusException.class)
        .satisfies(e -> assertThat(((ClinicalTrialsStatusException) e).status()).isEqualTo(403));
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void truncatedPage_isRetriedLikeA503() throws Exception {
    server.fail(
        okBody(
            "{\"studies\":[{\"protocolSection\":{\"identificationModule\":", "application/json"));

    SearchResult result = time.drive(search(), STEP).get(10, SECONDS);

    assertThat(result.studies()).hasSize(3);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void persistentlyTruncatedPage_failsAsUnexpectedResponse() throws Exception {
    String cut = "{\"studies\":[{\"protocolSection\"";
    server.fail(
        okBody(cut, "application/json"),
        okBody(cut, "application/json"),
        okBody(cut, "application/json"));

    Throwable failure = failure(time.drive(search(), STEP));

    assertThat(failure).isInstanceOf(UnexpectedResponseException.class);
    assertThat(((UnexpectedResponseException) failure).attempts()).isEqualTo(3);
    assertThat(failure.getCause())
        .isInstanceOfSatisfying(
            HttpCallException.class, http -> assertThat(http.kind()).isEqualTo(FailureKind.DECODE));
  }

  @Test
  void htmlPage_failsAsUnexpectedResponse_namingTheBody() throws Exception {
    String html = "<html><body>Service maintenance</body></html>";
    server.fail(okBody(html, "text/html"), okBody(html, "text/html"), okBody(html, "text/html"));

    Throwable failure = failure(time.drive(search(), STEP));

    assertThat(failure).isInstanceOf(UnexpectedResponseException.class);
    assertThat(failure.getMessage()).contains("<html>");
  }

  @Test
  void pageOfAnotherShape_failsAsUnexpectedResponse() throws Exception {
    String other = "{\"studies\":{\"not\":\"an array\"}}";
    server.fail(
        okBody(other, "application/json"),
        okBody(other, "application/json"),
        okBody(other, "application/json"));

    assertThat(failure(time.drive(search(), STEP))).isInstanceOf(UnexpectedResponseException.class);
  }

  @Test
  void stalledBody_failsAfterTheReadTimeout_asUnreachable() throws Exception {
    ClinicalTrialsClient once = clientWithoutRetries();
    server.fail(server.stallBody());

    Throwable failure = failure(time.drive(once.search(StudyQuery.ofMutation("EGFR L858R")), STEP));

    assertThat(failure)
        .isInstanceOfSatisfying(
            ClinicalTrialsUnreachableException.class,
            unreachable ->
                assertThat(((HttpCallException) unreachable.getCause()).kind())
                    .isEqualTo(FailureKind.READ_TIMEOUT));
    assertThat(failure.getMessage()).contains("could not be reached");
    server.releaseStalled();
  }

  @Test
  void closedPort_failsAsUnreachable() throws Exception {
    java.net.URI root = server.root();
    server.close();
    ClinicalTrialsClient nowhere =
        ClinicalTrialsClient.builder(leaks.manager())
            .serviceName("nowhere")
            .baseUri(root)
            .configureService(s -> s.rateLimit(null).retryPolicy(HttpRetryPolicy.none()))
            .build();

    assertThat(failure(nowhere.search(StudyQuery.ofMutation("EGFR L858R"))))
        .isInstanceOf(ClinicalTrialsUnreachableException.class);
  }

  @Test
  void cancellingASearch_cancelsTheRequestInFlight() throws Exception {
    server.fail(server.stallBody());
    CompletableFuture<SearchResult> search = search();
    server.awaitReceived(1);

    search.cancel(true);

    assertThat(search).isCancelled();
    VirtualTime.awaitIdle(client.service()); // before the server is released
    server.releaseStalled();
  }

  @Test
  void cancellingASearch_onItsSecondPage_cancelsThatPage() throws Exception {
    ClinicalTrialsClient paging = clientWithPagesOf(2);
    server.fail(server.normally(), server.stallBody());
    CompletableFuture<SearchResult> search =
        paging.search(StudyQuery.builder().term("x").ranks(1, 3).build());
    server.awaitReceived(2);

    search.cancel(true);

    assertThat(search).isCancelled();
    assertThat(server.received().get(1).param("pageToken")).isEqualTo("page-from-2");
    VirtualTime.awaitIdle(paging.service());
    server.releaseStalled();
  }

  @Test
  void cancellingALookup_cancelsTheRequest() throws Exception {
    server.fail(server.stallBody());
    CompletableFuture<Study> lookup = client.study("NCT00000001");
    server.awaitReceived(1);

    lookup.cancel(true);

    assertThat(lookup).isCancelled();
    VirtualTime.awaitIdle(client.service());
    server.releaseStalled();
  }

  @Test
  void pageWithATokenButNoStudies_endsTheSearch() throws Exception {
    server.fail(okBody("{\"studies\":[],\"nextPageToken\":\"more\"}", "application/json"));

    SearchResult result = search().get(10, SECONDS);

    assertThat(result.studies()).isEmpty();
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void rateLimited429_withoutRetryAfter_isRetriedAfterBackoff() throws Exception {
    server.fail(status(429, "Too many requests"));

    SearchResult result = time.drive(search(), STEP).get(10, SECONDS);

    assertThat(result.studies()).hasSize(3);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void lookup_retriesAServerError_andAPageCutShort_thenParses() throws Exception {
    server.fail(
        status(503, "<html>busy</html>"),
        okBody("{\"protocolSection\":{\"identificationModule\"", "application/json"));

    Study study = time.drive(client.study("NCT00000003"), STEP).get(10, SECONDS);

    assertThat(study.nctId()).isEqualTo("NCT00000003");
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void lookup_ofARecordWithoutAnId_failsAtOnce_asUnexpectedResponse() throws Exception {
    server.fail(okBody("{\"protocolSection\":{}}", "application/json"));

    Throwable failure = failure(client.study("NCT00000003"));

    assertThat(failure).isInstanceOf(UnexpectedResponseException.class);
    assertThat(((UnexpectedResponseException) failure).attempts()).isEqualTo(1);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void failedSearches_areNotCached() throws Exception {
    java.util.Map<dev.asyncflow.trials.SearchCache.Key, SearchResult> store =
        new java.util.concurrent.ConcurrentHashMap<>();
    ClinicalTrialsClient cached =
        ClinicalTrialsClient.builder(leaks.manager())
            .serviceName("cached")
            .baseUri(server.root())
            .cache(SearchCache.of(store::get, store::put))
            .configureService(s -> s.rateLimit(null))
            .build();
    server.fail(status(400, "bad"));

    assertThat(failure(cached.search(StudyQuery.ofMutation("EGFR L858R"))))
        .isInstanceOf(QueryRejectedException.class);
    assertThat(store).isEmpty();
    cached.search(StudyQuery.ofMutation("EGFR L858R")).get(10, SECONDS);

    assertThat(store).hasSize(1);
    assertThat(server.received()).hasSize(2);
  }

  private CompletableFuture<SearchResult> search() {
    return client.search(StudyQuery.ofMutation("EGFR L858R"));
  }

  private ClinicalTrialsClient clientWithPagesOf(int pageSize) {
    return ClinicalTrialsClient.builder(leaks.manager(b -> b.scheduler(time.scheduler)))
        .serviceName("paging")
        .baseUri(server.root())
        .maxPageSize(pageSize)
        .configureService(s -> s.rateLimit(null))
        .build();
  }

  private ClinicalTrialsClient clientWithoutRetries() {
    return ClinicalTrialsClient.builder(leaks.manager(b -> b.scheduler(time.scheduler)))
        .serviceName("once")
        .baseUri(server.root())
        .configureService(
            s ->
                s.rateLimit(null)
                    .readTimeout(Duration.ofSeconds(5))
                    .retryPolicy(HttpRetryPolicy.none()))
        .build();
  }
}
