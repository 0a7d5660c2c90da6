package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checks that secret header values and secret query parameters reach the server but never a
 * toString, an exception message, a listener event or a log record.
 */
class SecretsTest {
  /** Every secret below contains this marker, so one search finds any of them. */
  private static final String MARK = "s3cr3t";

  private static final String API_KEY = "s3cr3t-apikey-AAA";
  private static final String BEARER = "Bearer s3cr3t-token-BBB";
  private static final String CUSTOM = "s3cr3t-custom-CCC";
  private static final String QUERY_KEY = "s3cr3t-query-DDD";
  private static final String REQUEST_BEARER = "Bearer s3cr3t-request-EEE";
  private static final String REQUEST_CUSTOM = "s3cr3t-request-FFF";
  private static final String REDACTED = "[redacted]";

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final Recorder events = new Recorder();
  private final LogCapture logs = new LogCapture();
  private LoopbackServer server;

  @BeforeEach
  void start() throws IOException {
    logs.install();
    server = new LoopbackServer(SecretsTest::answer);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    logs.uninstall();
  }

  @Test
  void serviceConfigToString_redactsEverySensitiveHeader() {
    ServiceConfig config = config("svc", b -> b).build();

    String text = config.toString();

    assertThat(text).doesNotContain(MARK);
    assertThat(text)
        .contains("x-api-key=[redacted]")
        .contains("Authorization=[redacted]")
        .contains("X-Vendor-Secret=[redacted]");
    assertThat(config.sensitiveHeaders()).contains("x-vendor-secret", "x-api-key", "authorization");
  }

  @Test
  void serviceRequestToString_redactsHeadersMarkedSensitive() {
    ServiceRequest request =
        ServiceRequest.get("studies").sensitiveHeader("X-Request-Secret", REQUEST_CUSTOM).build();

    assertThat(request.toString()).doesNotContain(MARK).contains("X-Request-Secret=[redacted]");
  }

  @Test
  void serviceRequestToString_redactsHeadersSensitiveByDefault() {
    // Given headers whose names are sensitive by default, set with the plain header method
    ServiceRequest request =
        ServiceRequest.get("studies")
            .header("Authorization", REQUEST_BEARER)
            .header("X-Api-Key", API_KEY)
            .build();

    // Then toString hides their values, as ServiceConfig.toString does
    assertThat(request.toString()).doesNotContain(MARK);
  }

  @Test
  void serviceRequestToString_redactsSensitiveQueryParametersByDefault() {
    ServiceRequest request =
        ServiceRequest.get("studies").query("q", "egfr").query("api_key", QUERY_KEY).build();

    assertThat(request.toString()).doesNotContain(MARK).contains("egfr");
  }

  @Test
  void redirect_isNotFollowed_soSecretsNeverGoToAnotherLocation() throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client = manager.client(config("svc", b -> b).build());

      HttpStatusException failure =
          TestCalls.failureOf(client.send(secretRequest("moved")), HttpStatusException.class);

      assertThat(failure.status()).isEqualTo(302);
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void secrets_reachTheServerUnredacted() throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client = manager.client(config("svc", b -> b).build());

      ServiceResponse response = client.send(secretRequest("ok")).get(10, SECONDS);

      assertThat(response.status()).isEqualTo(200);
      LoopbackServer.Request received = server.received().get(0);
      assertThat(received.header("x-api-key")).isEqualTo(API_KEY);
      assertThat(received.header("authorization")).isEqualTo(REQUEST_BEARER);
      assertThat(received.header("x-vendor-secret")).isEqualTo(CUSTOM);
      assertThat(received.header("x-request-secret")).isEqualTo(REQUEST_CUSTOM);
      assertThat(received.target()).isEqualTo("/api/ok?q=egfr&api_key=" + QUERY_KEY);
      assertThat(response.call().url())
          .isEqualTo(server.baseUri() + "api/ok?q=egfr&api_key=[redacted]");
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void customSensitiveQueryParameter_isRedactedFromTheUrl() throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client =
          manager.client(config("svc", b -> b.sensitiveQueryParameters("sig")).build());

      ServiceResponse response =
          client
              .send(ServiceRequest.get("ok").query("sig", MARK + "-sig").build())
              .get(10, SECONDS);

      assertThat(response.call().url()).endsWith("/api/ok?sig=[redacted]");
      assertThat(server.received().get(0).target()).isEqualTo("/api/ok?sig=" + MARK + "-sig");
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void failures_keepSecretsOutOfMessagesEventsAndLogs() throws Exception {
    List<Throwable> failures = new ArrayList<>();
    try (HttpClientManager manager = realTimeManager()) {
      // HTTP status after a retry (logged at DEBUG), listener throwing on every event (WARNING)
      ServiceClient retrying =
          manager.client(
              config("status", b -> b)
                  .retryPolicy(
                      HttpRetryPolicy.builder().maxAttempts(2).delay(Duration.ofMillis(1)).build())
                  .build());
      failures.add(expect(retrying.send(secretRequest("fail")), HttpStatusException.class));

      // Circuit open
      ServiceClient breaking =
          manager.client(
              config("breaker", b -> b)
                  .circuitBreaker(CircuitBreakerPolicy.builder().consecutiveFailures(1).build())
                  .build());
      failures.add(expect(breaking.send(secretRequest("fail")), HttpStatusException.class));
      failures.add(expect(breaking.send(secretRequest("ok")), CircuitOpenException.class));

      // Decode
      ServiceClient decoding = manager.client(config("decode", b -> b).build());
      failures.add(expect(decoding.json(secretRequest("bad-json")), ResponseDecodeException.class));

      // Queue full, then the held call cancelled by its caller
      ServiceClient queue =
          manager.client(config("queue", b -> b.maxConcurrency(1).maxQueued(0)).build());
      CompletableFuture<ServiceResponse> held = queue.send(secretRequest("hold"));
      awaitTrue(() -> server.received().size() == 5, "the held call at the server");
      failures.add(expect(queue.send(secretRequest("ok")), QueueFullException.class));
      held.cancel(true);
      // (six failed calls: the decode failure inside json() is a failed call too)
      awaitTrue(() -> events.contains("callFailed") == 6, "the cancellation event");

      // Client closed
      manager.close();
      failures.add(expect(decoding.send(secretRequest("ok")), ClientClosedException.class));
    }

    for (Throwable failure : failures) {
      assertThat(describe(failure)).as(failure.getClass().getSimpleName()).doesNotContain(MARK);
    }
    assertThat(logs.text()).contains("retrying").contains("threw on callStarted");
    assertThat(events.contains("retryScheduled")).isEqualTo(1);
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void timeouts_keepSecretsOutOfMessagesEventsAndLogs() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    List<Throwable> failures = new ArrayList<>();
    try (HttpClientManager manager =
        leaks.manager(b -> b.scheduler(scheduler).shutdownGracePeriod(Duration.ofMillis(100)))) {
      ServiceClient client =
          manager.client(
              config(
                      "timeouts",
                      b ->
                          b.maxConcurrency(1)
                              .acquireTimeout(Duration.ofSeconds(5))
                              .responseTimeout(Duration.ofSeconds(30))
                              .readTimeout(Duration.ofSeconds(30))
                              .deadline(Duration.ofMinutes(10)))
                  .build());

      // Acquire timeout for a call queued behind a held one; then the held one's deadline passes
      CompletableFuture<ServiceResponse> held =
          client.send(secretRequest("hold", Duration.ofSeconds(20)));
      awaitTrue(() -> server.received().size() == 1, "the held call at the server");
      CompletableFuture<ServiceResponse> queued = client.send(secretRequest("ok"));
      scheduler.advance(Duration.ofSeconds(5));
      failures.add(expect(queued, AcquireTimeoutException.class));
      scheduler.advance(Duration.ofSeconds(15));
      failures.add(expect(held, DeadlineExceededException.class));

      // Response timeout
      CompletableFuture<ServiceResponse> noHeaders = client.send(secretRequest("hold"));
      awaitTrue(() -> server.received().size() == 2, "the second held call at the server");
      scheduler.advance(Duration.ofSeconds(30));
      failures.add(expect(noHeaders, ResponseTimeoutException.class));

      // Read timeout: the body stalls after the headers
      CompletableFuture<ServiceResponse> stalled = client.send(secretRequest("stall"));
      awaitTrue(() -> events.contains("responseHeaders") == 1, "the stalled call's headers");
      for (int i = 0; i < 10 && !stalled.isDone(); i++) {
        scheduler.advance(Duration.ofSeconds(30));
        LockSupport.parkNanos(10_000_000);
      }
      failures.add(expect(stalled, ReadTimeoutException.class));
    }

    for (Throwable failure : failures) {
      assertThat(describe(failure)).as(failure.getClass().getSimpleName()).doesNotContain(MARK);
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void statusBodyEchoingTheServiceHeaders_isRedactedInMessageBodyStartAndLogs() throws Exception {
    // Given a server that answers 401 quoting every credential it received
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client = manager.client(config("svc", b -> b).build());

      // When a request carrying only the service's default headers is refused
      HttpStatusException failure =
          TestCalls.failureOf(
              client.send(ServiceRequest.get("unauthorized").build()), HttpStatusException.class);

      // Then the echoed x-api-key, the bearer token and the custom secret are redacted
      assertThat(failure.status()).isEqualTo(401);
      assertThat(server.received().get(0).header("x-api-key")).isEqualTo(API_KEY);
      assertEchoRedacted(failure);
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void statusBodyEchoingTheRequestHeaders_isRedacted() throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client = manager.client(config("svc", b -> b).build());

      HttpStatusException failure =
          TestCalls.failureOf(
              client.send(
                  ServiceRequest.get("unauthorized")
                      .header("Authorization", REQUEST_BEARER)
                      .sensitiveHeader("X-Request-Secret", REQUEST_CUSTOM)
                      .build()),
              HttpStatusException.class);

      assertThat(server.received().get(0).header("x-request-secret")).isEqualTo(REQUEST_CUSTOM);
      assertEchoRedacted(failure);
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void statusBodyEchoingASensitiveQueryParameter_isRedacted() throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("bare", server.baseUri().resolve("api"))
                  .retryPolicy(HttpRetryPolicy.none())
                  .listener(events)
                  .build());

      HttpStatusException failure =
          TestCalls.failureOf(
              client.send(ServiceRequest.get("unauthorized").query("api_key", QUERY_KEY).build()),
              HttpStatusException.class);

      assertThat(server.received().get(0).target()).contains(QUERY_KEY);
      assertEchoRedacted(failure);
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void undecodableBodyEchoingTheKey_isRedactedInTheDecodeMessage() throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client = manager.client(config("svc", b -> b).build());

      ResponseDecodeException failure =
          TestCalls.failureOf(
              client.json(secretRequest("echo-not-json")), ResponseDecodeException.class);

      assertThat(failure.getMessage()).contains(REDACTED);
      assertThat(describe(failure)).doesNotContain(MARK);
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void zeroWidthSpacePastedAfterAnApiKey_isRejectedByBothBuildersWithoutShowingTheKey() {
    String pasted = API_KEY + "\u200B";
    List<Runnable> attempts =
        List.of(
            () -> ServiceRequest.get("s").header("x-api-key", pasted),
            () -> ServiceRequest.get("s").sensitiveHeader("X-Key", pasted),
            () -> ServiceConfig.builder("svc", server.baseUri()).header("X-Api-Key", pasted),
            () -> ServiceConfig.builder("svc", server.baseUri()).sensitiveHeader("X-Key", pasted));
    for (Runnable attempt : attempts) {
      assertThatThrownBy(attempt::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching(
              "value of sensitive header (x-api-key|X-Api-Key|X-Key) contains a character above"
                  + " U\\+00FF.* at index "
                  + API_KEY.length()
                  + "; the value is not shown")
          .hasMessageNotContaining(MARK);
    }
  }

  @Test
  void pathWithACharacterUriRejects_isRefusedByTheBuilder_soNoSendFailureShowsTheQuery()
      throws Exception {
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client = manager.client(config("svc", b -> b).build());

      // When a path holds a backslash, which java.net.URI refuses along with the whole URL
      Throwable failure =
          catchThrowable(
              () ->
                  client
                      .send(ServiceRequest.get("a\\b").query("api_key", QUERY_KEY).build())
                      .get(10, SECONDS));

      // Then the builder refuses it naming the path, and nothing shows the key
      assertThat(failure)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("path \"a\\b\" contains");
      assertThat(describe(failure)).doesNotContain(MARK);
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void undecodableBodyStartingWithTheKey_keepsItOutOfTheMessageTheCausesAndTheStackTrace()
      throws Exception {
    // Given a key Jackson reads as one unrecognized token, which its own message quotes
    String key = MARK + "apikeyAAA";
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("bare", server.baseUri().resolve("api"))
                  .header("x-api-key", key)
                  .retryPolicy(HttpRetryPolicy.none())
                  .listener(events)
                  .build());

      // When the 200 body starts with the key itself
      ResponseDecodeException failure =
          TestCalls.failureOf(
              client.json(ServiceRequest.get("key-first").build()), ResponseDecodeException.class);

      // Then the message keeps the parser's reason and place, and no cause or trace has the key
      assertThat(describe(failure)).doesNotContain(MARK);
      assertThat(failure.getMessage())
          .contains("Unrecognized token '[redacted]'")
          .contains("line 1, column ");
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(MARK);
    }
    assertNoSecretInEventsOrLogs();
  }

  @Test
  void statusBodyRepeatingALongKey_showsNoPartOfACopyCutAtTheEndOfTheReadWindow() throws Exception {
    // Given a 100-character key, which redaction shrinks to the 10-character marker
    String key = MARK + "-" + "L".repeat(93);
    try (HttpClientManager manager = realTimeManager()) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("bare", server.baseUri().resolve("api"))
                  .sensitiveHeader("X-Long-Key", key)
                  .retryPolicy(HttpRetryPolicy.none())
                  .listener(events)
                  .build());

      // When a 401 body repeats it 30 times, so the bytes read for the message end inside a copy
      HttpStatusException failure =
          TestCalls.failureOf(
              client.send(ServiceRequest.get("repeat-key").build()), HttpStatusException.class);

      // Then the body start shows markers only, cut, and not the start of the cut copy
      assertThat(failure.bodyStart()).startsWith(REDACTED + REDACTED).endsWith("...");
      assertThat(failure.bodyStart()).doesNotContain(MARK).doesNotContain("LLL");
      assertThat(failure.bodyStart().replace(REDACTED, "")).isEqualTo("...");
      assertThat(describe(failure)).doesNotContain(MARK);
    }
    assertNoSecretInEventsOrLogs();
  }

  // ---- helpers ----

  /** The start of the 401 body: every credential echoed is gone, the rest of the text stays. */
  private static void assertEchoRedacted(HttpStatusException failure) {
    assertThat(failure.bodyStart()).startsWith("invalid credentials:").contains("[redacted]");
    assertThat(failure.bodyStart()).doesNotContain(MARK);
    assertThat(failure.getMessage()).contains("HTTP 401").doesNotContain(MARK);
    assertThat(describe(failure)).doesNotContain(MARK);
  }

  /** Everything a server might quote back: each credential header, a bearer token, the key. */
  private static String echoed(LoopbackServer.Request request) {
    StringBuilder text = new StringBuilder();
    for (String header :
        List.of("x-api-key", "authorization", "x-vendor-secret", "x-request-secret")) {
      String value = request.header(header);
      if (!value.isEmpty()) {
        text.append(' ').append(header).append('=').append(value);
        if (value.startsWith("Bearer ")) {
          text.append(" token=").append(value.substring(7));
        }
      }
    }
    int key = request.target().indexOf("api_key=");
    if (key >= 0) {
      text.append(" key=").append(request.target().substring(key + 8).split("&", 2)[0]);
    }
    return text.toString();
  }

  private static void answer(LoopbackServer.Request request, LoopbackServer.Exchange exchange)
      throws IOException, InterruptedException {
    String path = request.target().split("\\?", 2)[0];
    switch (path) {
      case "/api/fail" -> exchange.respond(503, "unavailable");
      case "/api/bad-json" -> exchange.respond(200, "{not json");
      case "/api/unauthorized" -> exchange.respond(401, "invalid credentials:" + echoed(request));
      case "/api/echo-not-json" -> exchange.respond(200, "{not json" + echoed(request));
      case "/api/key-first" -> exchange.respond(200, request.header("x-api-key") + "{");
      case "/api/repeat-key" -> exchange.respond(401, request.header("x-long-key").repeat(30));
      case "/api/hold" -> {
        exchange.awaitRelease();
        exchange.respond(200, "late");
      }
      case "/api/stall" -> exchange.respondThenStall(200, 100, new byte[0]);
      case "/api/moved" ->
          exchange.respond(302, java.util.Map.of("Location", "/elsewhere"), new byte[0]);
      default -> exchange.respond(200, "{\"ok\":true}");
    }
  }

  private ServiceConfig.Builder config(String name, UnaryOperator<ServiceConfig.Builder> tune) {
    ServiceConfig.Builder builder =
        ServiceConfig.builder(name, server.baseUri().resolve("api"))
            .header("x-api-key", API_KEY)
            .header("Authorization", BEARER)
            .sensitiveHeader("X-Vendor-Secret", CUSTOM)
            .retryPolicy(HttpRetryPolicy.none())
            .listener(HttpEventListener.composite(List.of(new Throwing(), events)));
    return tune.apply(builder);
  }

  private static ServiceRequest secretRequest(String path) {
    return secretRequestBuilder(path).build();
  }

  private static ServiceRequest secretRequest(String path, Duration deadline) {
    return secretRequestBuilder(path).deadline(deadline).build();
  }

  private static ServiceRequest.Builder secretRequestBuilder(String path) {
    return ServiceRequest.get(path)
        .query("q", "egfr")
        .query("api_key", QUERY_KEY)
        .sensitiveHeader("Authorization", REQUEST_BEARER)
        .sensitiveHeader("X-Request-Secret", REQUEST_CUSTOM);
  }

  private HttpClientManager realTimeManager() {
    return leaks.manager(b -> b.shutdownGracePeriod(Duration.ofMillis(100)));
  }

  private void assertNoSecretInEventsOrLogs() {
    assertThat(events.all()).isNotEmpty();
    assertThat(events.all()).allSatisfy(event -> assertThat(event).doesNotContain(MARK));
    assertThat(logs.text()).doesNotContain(MARK);
  }

  /** Everything a failure could show: toString, messages and call of it and its causes. */
  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t).append('\n').append(t.getLocalizedMessage()).append('\n');
      if (t instanceof HttpCallException call) {
        text.append(call.call()).append('\n').append(call.call().url()).append('\n');
      }
      Arrays.stream(t.getSuppressed()).forEach(s -> text.append(describe(s)));
    }
    return text.toString();
  }

  private static Throwable expect(CompletableFuture<?> future, Class<? extends Throwable> type)
      throws InterruptedException, TimeoutException {
    try {
      future.get(10, SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(type);
      return e.getCause();
    }
    throw new AssertionError("expected the call to fail with " + type.getSimpleName());
  }

  /** A listener that throws on every event, to make the engine log a warning. */
  private static final class Throwing extends HttpEventListener {
    @Override
    public void callStarted(CallInfo call) {
      throw new IllegalStateException("listener failure on " + call);
    }

    @Override
    public void attemptStarted(CallInfo call, int attempt) {
      throw new IllegalStateException("listener failure on " + call);
    }

    @Override
    public void callFailed(CallInfo call, Throwable failure, Duration elapsed) {
      throw new IllegalStateException("listener failure on " + call, failure);
    }
  }

  /** Records every argument of every event as text. */
  private static final class Recorder extends HttpEventListener {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private void add(String event, Object... arguments) {
      events.add(
          event
              + " "
              + Arrays.stream(arguments)
                  .map(a -> a instanceof Throwable t ? describe(t) : String.valueOf(a))
                  .collect(Collectors.joining(" | ")));
    }

    List<String> all() {
      return List.copyOf(events);
    }

    long contains(String event) {
      return events.stream().filter(e -> e.startsWith(event + " ")).count();
    }

    @Override
    public void callStarted(CallInfo call) {
      add("callStarted", call, call.url());
    }

    @Override
    public void permitWaitStarted(CallInfo call, int attempt, int queued) {
      add("permitWaitStarted", call, call.url(), attempt, queued);
    }

    @Override
    public void attemptStarted(CallInfo call, int attempt) {
      add("attemptStarted", call, call.url(), attempt);
    }

    @Override
    public void responseHeaders(CallInfo call, int attempt, int status) {
      add("responseHeaders", call, call.url(), attempt, status);
    }

    @Override
    public void retryScheduled(
        CallInfo call, int attempt, HttpCallException reason, Duration delay) {
      add("retryScheduled", call, call.url(), attempt, reason, delay);
    }

    @Override
    public void callSucceeded(CallInfo call, int status, int attempts, Duration elapsed) {
      add("callSucceeded", call, call.url(), status, attempts, elapsed);
    }

    @Override
    public void callFailed(CallInfo call, Throwable failure, Duration elapsed) {
      add("callFailed", call, call.url(), failure, elapsed);
    }

    @Override
    public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
      add("circuitStateChanged", service, from, to);
    }
  }

  /**
   * Captures the library's log records: System.Logger maps to java.util.logging here, so a handler
   * on the root logger at ALL sees them. Restores the root logger afterwards.
   */
  private static final class LogCapture extends Handler {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private Level previousLevel;

    LogCapture() {
      setLevel(Level.ALL);
    }

    void install() {
      previousLevel = root.getLevel();
      root.setLevel(Level.ALL);
      root.addHandler(this);
    }

    void uninstall() {
      root.removeHandler(this);
      root.setLevel(previousLevel);
    }

    String text() {
      SimpleFormatter formatter = new SimpleFormatter();
      return records.stream()
          .filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("dev.asyncflow"))
          .map(formatter::format)
          .collect(Collectors.joining());
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
