package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.http.TestCalls.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that every failure is a typed exception carrying the call's context and a clear message.
 */
class ErrorsTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final HttpRetryPolicy THREE_QUICK_ATTEMPTS =
      HttpRetryPolicy.builder()
          .maxAttempts(3)
          .delay(Duration.ofMillis(1))
          .backoff(2.0, Duration.ofMillis(2))
          .build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private HttpClientManager manager;
  private ServiceClient client;

  @BeforeEach
  void startClient() {
    manager = leaks.manager();
    client = manager.client(config(server.baseUrl() + "/api").build());
  }

  @Test
  void httpStatusException_carriesServiceMethodRedactedUrlAttemptsStatusBodyAndRequestId()
      throws Exception {
    // Given a server failing every attempt with 503
    server.stubFor(
        get(urlPathEqualTo("/api/studies"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("request-id", "req-42")
                    .withBody("{\"error\":\"down\"}")));
    try (HttpClientManager retrying = leaks.manager()) {
      ServiceClient service =
          retrying.client(
              config(server.baseUrl() + "/api").retryPolicy(THREE_QUICK_ATTEMPTS).build());

      // When a call with a secret query parameter runs out of attempts
      Throwable failure =
          failureOf(
              service.send(
                  ServiceRequest.get("studies").query("q", "a b").query("api_key", "k1").build()));

      // Then the exception carries the whole context
      assertThat(failure).isInstanceOf(HttpStatusException.class);
      HttpStatusException status = (HttpStatusException) failure;
      String url = server.baseUrl() + "/api/studies?q=a%20b&api_key=[redacted]";
      assertThat(status.service()).isEqualTo("errors");
      assertThat(status.call().service()).isEqualTo("errors");
      assertThat(status.call().method()).isEqualTo("GET");
      assertThat(status.call().url()).isEqualTo(url);
      assertThat(status.attempts()).isEqualTo(3);
      assertThat(status.status()).isEqualTo(503);
      assertThat(status.bodyStart()).isEqualTo("{\"error\":\"down\"}");
      assertThat(status.requestId()).isEqualTo("req-42");
      assertThat(status.retryAfter()).isNull();
      assertThat(status.kind()).isEqualTo(FailureKind.HTTP_STATUS);
      assertThat(status.getMessage())
          .isEqualTo(
              "HTTP 503, request-id req-42: {\"error\":\"down\"} [errors GET "
                  + url
                  + ", attempts: 3]");
      server.verify(3, getRequestedFor(urlPathEqualTo("/api/studies")));
    }
  }

  @Test
  void bodyStart_longerThan512Chars_isCutWithEllipsis() throws Exception {
    String body = "a".repeat(500) + "b".repeat(100);
    stub("/long", aResponse().withStatus(400).withBody(body));

    HttpStatusException status = statusFailure("long");

    assertThat(status.bodyStart()).isEqualTo("a".repeat(500) + "b".repeat(12) + "...");
    assertThat(status.getMessage()).contains(status.bodyStart() + " [errors GET");
  }

  @Test
  void bodyStart_ofExactly512Chars_isWhole() throws Exception {
    String body = "c".repeat(512);
    stub("/exact", aResponse().withStatus(400).withBody(body));

    assertThat(statusFailure("exact").bodyStart()).isEqualTo(body);
  }

  @Test
  void bodyStart_controlCharacters_becomeSpaces() throws Exception {
    stub("/lines", aResponse().withStatus(500).withBody("line one\nline\ttwo\r\n"));

    HttpStatusException status = statusFailure("lines");

    assertThat(status.bodyStart()).isEqualTo("line one line two  ");
    assertThat(status.getMessage()).doesNotContain("\n");
  }

  @Test
  void bodyStart_ofEmptyBody_isEmptyAndLeftOutOfTheMessage() throws Exception {
    stub("/empty", aResponse().withStatus(404));

    HttpStatusException status = statusFailure("empty");

    assertThat(status.bodyStart()).isEmpty();
    assertThat(status.getMessage()).startsWith("HTTP 404 [errors GET ");
  }

  @Test
  void requestId_isReadFromXRequestIdToo_andRequestIdWins() throws Exception {
    stub("/x", aResponse().withStatus(500).withHeader("X-Request-Id", "x-7"));
    stub(
        "/both",
        aResponse()
            .withStatus(500)
            .withHeader("x-request-id", "x-8")
            .withHeader("Request-Id", "r-8"));

    assertThat(statusFailure("x").requestId()).isEqualTo("x-7");
    assertThat(statusFailure("both").requestId()).isEqualTo("r-8");
  }

  @Test
  void retryAfter_inSeconds_isCarried() throws Exception {
    stub("/busy", aResponse().withStatus(429).withHeader("Retry-After", "7"));

    HttpStatusException status = statusFailure("busy");

    assertThat(status.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(status.getMessage()).startsWith("HTTP 429, Retry-After 7000 ms [errors GET ");
  }

  @Test
  void retryAfter_asHttpDate_isMeasuredFromTheTimersClock() throws Exception {
    // Given a scheduler whose wall clock reads 2026-11-29T12:00:00Z
    stub(
        "/busy",
        aResponse().withStatus(503).withHeader("Retry-After", "Sun, 29 Nov 2026 12:00:30 GMT"));
    try (HttpClientManager timed = leaks.manager(b -> b.scheduler(new ManualScheduler()))) {
      ServiceClient service = timed.client(config(server.baseUrl() + "/api").build());

      // When the server asks to come back at 12:00:30
      Throwable failure = failureOf(service.send(ServiceRequest.get("busy").build()));

      // Then the delay is 30 s
      assertThat(((HttpStatusException) failure).retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void retryAfter_unreadable_isNull() throws Exception {
    stub("/busy", aResponse().withStatus(503).withHeader("Retry-After", "soon"));

    assertThat(statusFailure("busy").retryAfter()).isNull();
  }

  @Test
  void malformedJson_failsWithDecodeExceptionNamingTargetAndBodyStart() throws Exception {
    stub("/bad", aResponse().withStatus(200).withBody("{\"id\": oops}"));

    ResponseDecodeException decode = decodeFailure(client.json(ServiceRequest.get("bad").build()));

    assertThat(decode.getMessage())
        .startsWith("cannot read the body as a JSON tree: Unrecognized token 'oops'")
        .contains("; body starts: {\"id\": oops} [errors GET " + server.baseUrl() + "/api/bad")
        .endsWith(", attempts: 1]");
    assertOneLineWithoutParserLocation(decode);
    assertThat(decode.getCause()).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void jsonThatDoesNotFitTheRecord_failsWithDecodeExceptionNamingTheType() throws Exception {
    stub("/study", aResponse().withStatus(200).withBody("{\"id\":\"NCT01\",\"phase\":\"three\"}"));

    ResponseDecodeException decode =
        decodeFailure(client.json(ServiceRequest.get("study").build(), Study.class));

    assertThat(decode.getMessage())
        .startsWith("cannot read the body as " + Study.class.getName() + ": ")
        .contains("\"three\"")
        .contains("body starts: {\"id\":\"NCT01\",\"phase\":\"three\"}");
    assertOneLineWithoutParserLocation(decode);
  }

  @Test
  void jsonThatDoesNotFitAGenericType_namesTheFullType() throws Exception {
    stub("/study", aResponse().withStatus(200).withBody("{\"id\":\"NCT01\",\"phase\":3}"));

    ResponseDecodeException decode =
        decodeFailure(
            client.json(ServiceRequest.get("study").build(), new TypeReference<List<Study>>() {}));

    assertThat(decode.getMessage())
        .startsWith("cannot read the body as java.util.List<" + Study.class.getName() + ">: ");
    assertOneLineWithoutParserLocation(decode);
  }

  @Test
  void emptyBody_failsWithDecodeExceptionForTreesAndRecords() throws Exception {
    stub("/empty", aResponse().withStatus(200));
    ServiceRequest request = ServiceRequest.get("empty").build();

    ResponseDecodeException tree = decodeFailure(client.json(request));
    ResponseDecodeException record = decodeFailure(client.json(request, Study.class));

    assertThat(tree.getMessage())
        .startsWith("cannot read the body as a JSON tree: the body is empty");
    assertThat(record.getMessage()).startsWith("cannot read the body as " + Study.class.getName());
    assertOneLineWithoutParserLocation(tree);
    assertOneLineWithoutParserLocation(record);
  }

  @Test
  void connectionRefused_failsWithTransportExceptionCountingEveryAttempt() throws Exception {
    // Given a port nobody listens on
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    try (HttpClientManager retrying = leaks.manager()) {
      ServiceClient refused =
          retrying.client(
              config("http://127.0.0.1:" + port + "/api")
                  .retryPolicy(THREE_QUICK_ATTEMPTS)
                  .build());

      // When called with three attempts allowed
      Throwable failure = failureOf(refused.send(ServiceRequest.get("studies").build()));

      // Then every attempt was made and the failure is a transport error
      assertThat(failure).isInstanceOf(TransportException.class);
      TransportException transport = (TransportException) failure;
      assertThat(transport.kind()).isEqualTo(FailureKind.TRANSPORT);
      assertThat(transport.attempts()).isEqualTo(3);
      assertThat(transport.getMessage())
          .startsWith("connection failed: ConnectException")
          .endsWith("[errors GET http://127.0.0.1:" + port + "/api/studies, attempts: 3]");
      assertThat(causes(transport)).anyMatch(ConnectException.class::isInstance);
      assertThat(refused.stats().retries()).isEqualTo(2);
    }
  }

  static Stream<Arguments> everyFailure() {
    CallInfo c = new CallInfo(1, "svc", "GET", "http://h/x");
    return Stream.of(
        Arguments.of(new HttpStatusException(c, 1, 500, "", null, null), FailureKind.HTTP_STATUS),
        Arguments.of(new TransportException("t", c, 1, null), FailureKind.TRANSPORT),
        Arguments.of(new ConnectTimeoutException("t", c, 1, null), FailureKind.CONNECT_TIMEOUT),
        Arguments.of(new ResponseTimeoutException("t", c, 1, null), FailureKind.RESPONSE_TIMEOUT),
        Arguments.of(new ReadTimeoutException("t", c, 1, null), FailureKind.READ_TIMEOUT),
        Arguments.of(new DeadlineExceededException("t", c, 1, null), FailureKind.DEADLINE),
        Arguments.of(new AcquireTimeoutException("t", c, 0, null), FailureKind.ACQUIRE_TIMEOUT),
        Arguments.of(new QueueFullException("t", c, 0, null), FailureKind.QUEUE_FULL),
        Arguments.of(new CircuitOpenException("t", c, 0, null), FailureKind.CIRCUIT_OPEN),
        Arguments.of(new ClientClosedException("t", c, 0, null), FailureKind.CLOSED),
        Arguments.of(new ResponseDecodeException("t", c, 1, null), FailureKind.DECODE));
  }

  @ParameterizedTest
  @MethodSource("everyFailure")
  void everyFailure_isAnHttpCallExceptionOfItsKind(HttpCallException failure, FailureKind kind) {
    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure).isInstanceOf(RuntimeException.class);
    assertThat(failure.service()).isEqualTo("svc");
    assertThat(failure.getMessage())
        .endsWith("[svc GET http://h/x, attempts: " + failure.attempts() + "]");
    switch (kind) {
      case CONNECT_TIMEOUT, RESPONSE_TIMEOUT, READ_TIMEOUT, DEADLINE, ACQUIRE_TIMEOUT ->
          assertThat(failure).isInstanceOf(CallTimeoutException.class);
      case QUEUE_FULL, CIRCUIT_OPEN, CLOSED ->
          assertThat(failure).isInstanceOf(CallRejectedException.class);
      default ->
          assertThat(failure)
              .isNotInstanceOf(CallTimeoutException.class)
              .isNotInstanceOf(CallRejectedException.class);
    }
  }

  @Test
  void everyKindButCancelled_hasAnExceptionClass() {
    List<FailureKind> covered =
        everyFailure().map(arguments -> (FailureKind) arguments.get()[1]).toList();

    assertThat(covered)
        .containsExactlyInAnyOrder(
            Stream.of(FailureKind.values())
                .filter(kind -> kind != FailureKind.CANCELLED)
                .toArray(FailureKind[]::new));
  }

  // ---- helpers ----

  /** A record JSON bodies bind to. */
  record Study(String id, int phase) {}

  private static ServiceConfig.Builder config(String base) {
    return ServiceConfig.builder("errors", URI.create(base)).retryPolicy(HttpRetryPolicy.none());
  }

  private static void stub(String path, ResponseDefinitionBuilder response) {
    server.stubFor(get(urlPathEqualTo("/api" + path)).willReturn(response));
  }

  private HttpStatusException statusFailure(String path) throws Exception {
    Throwable failure = failureOf(client.send(ServiceRequest.get(path).build()));
    assertThat(failure).isInstanceOf(HttpStatusException.class);
    return (HttpStatusException) failure;
  }

  private static ResponseDecodeException decodeFailure(CompletableFuture<?> future)
      throws Exception {
    Throwable failure = failureOf(future);
    assertThat(failure).isInstanceOf(ResponseDecodeException.class);
    ResponseDecodeException decode = (ResponseDecodeException) failure;
    assertThat(decode.kind()).isEqualTo(FailureKind.DECODE);
    assertThat(decode.attempts()).isEqualTo(1);
    assertThat(decode.service()).isEqualTo("errors");
    return decode;
  }

  private static void assertOneLineWithoutParserLocation(ResponseDecodeException decode) {
    assertThat(decode.getMessage())
        .doesNotContain("\n")
        .doesNotContain("[Source:")
        .doesNotContain("line: ")
        .doesNotContain("reference chain");
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
