package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.callFailure;
import static dev.asyncflow.http.TestCalls.failureOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checks that a service's circuit breaker opens, rejects, probes and recovers as its policy says.
 */
class CircuitBreakerTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final CircuitBreakerPolicy THREE_FAILURES =
      CircuitBreakerPolicy.builder()
          .consecutiveFailures(3)
          .openDuration(Duration.ofSeconds(30))
          .halfOpenProbes(2)
          .successesToClose(2)
          .build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final ManualScheduler scheduler = new ManualScheduler();
  private final Recorder events = new Recorder();

  @Test
  void threeFailures_openTheBreaker_thenCallsFailAtOnceWithoutServerOrPermit() throws Exception {
    // Given one permit, no queue, and a server answering 503
    server.stubFor(get("/svc").willReturn(aResponse().withStatus(503)));
    try (HttpClientManager manager = manager()) {
      ServiceClient client =
          manager.client(
              config(wireMockUri(), THREE_FAILURES).maxConcurrency(1).maxQueued(0).build());

      // When three calls fail
      for (int i = 0; i < 3; i++) {
        assertThat(failureOf(client.send(request()))).isInstanceOf(HttpStatusException.class);
      }

      // Then the breaker is open
      assertThat(events.transitions()).containsExactly("CLOSED->OPEN");
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);

      // When five more calls are made while it is open
      events.clear();
      for (int i = 0; i < 5; i++) {
        CompletableFuture<ServiceResponse> rejected = client.send(request());
        // Then each fails at once, without reaching the server or taking a permit
        assertThat(rejected).isCompletedExceptionally();
        Throwable failure = failureOf(rejected);
        assertThat(failure).isInstanceOf(CircuitOpenException.class);
        assertThat(((CircuitOpenException) failure).attempts()).isZero();
        assertThat(((CircuitOpenException) failure).kind()).isEqualTo(FailureKind.CIRCUIT_OPEN);
      }
      server.verify(3, getRequestedFor(urlEqualTo("/svc")));
      assertThat(events.calls()).noneMatch(e -> e.startsWith("permitWaitStarted"));
      assertThat(events.calls()).noneMatch(e -> e.startsWith("attemptStarted"));
      // (stats are counted just after the caller's future completes: see ListenerAndStatsTest)
      awaitTrue(() -> client.stats().failures(FailureKind.HTTP_STATUS) == 3, "the counters");
      ServiceStats stats = client.stats();
      assertThat(stats.inFlight()).isZero();
      assertThat(stats.queued()).isZero();
      assertThat(stats.failures(FailureKind.CIRCUIT_OPEN)).isEqualTo(5);
      assertThat(stats.failures(FailureKind.HTTP_STATUS)).isEqualTo(3);

      // When the open interval passes and the server recovers
      server.stubFor(get("/svc").willReturn(aResponse().withStatus(200).withBody("ok")));
      scheduler.advance(Duration.ofSeconds(29));
      assertThat(failureOf(client.send(request()))).isInstanceOf(CircuitOpenException.class);
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.HALF_OPEN);

      // Then two successful probes (each needing the only permit: none leaked) close it
      assertThat(client.send(request()).get(10, SECONDS).status()).isEqualTo(200);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.HALF_OPEN);
      assertThat(client.send(request()).get(10, SECONDS).status()).isEqualTo(200);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(events.transitions())
          .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
      server.verify(5, getRequestedFor(urlEqualTo("/svc")));
    }
  }

  @Test
  void halfOpen_admitsExactlyTwoConcurrentProbes_andTheirSuccessCloses() throws Exception {
    // Given an open breaker whose interval has passed
    ScriptedServer scripted = new ScriptedServer();
    try (LoopbackServer loopback = new LoopbackServer(scripted);
        HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(loopback.baseUri(), THREE_FAILURES).build());
      makeHalfOpen(client);

      // When two probes are held at the server and a third call arrives
      scripted.mode = Mode.HOLD_THEN_OK;
      CompletableFuture<ServiceResponse> probe1 = client.send(request());
      CompletableFuture<ServiceResponse> probe2 = client.send(request());
      CompletableFuture<ServiceResponse> third = client.send(request());

      // Then the third is rejected at once while both probes reach the server
      assertThat(third).isCompletedExceptionally();
      assertThat(failureOf(third)).isInstanceOf(CircuitOpenException.class);
      awaitTrue(() -> loopback.inProgress() == 2, "two probes at the server");
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.HALF_OPEN);

      // When both probes succeed
      loopback.releaseAll();
      assertThat(probe1.get(10, SECONDS).status()).isEqualTo(200);
      assertThat(probe2.get(10, SECONDS).status()).isEqualTo(200);

      // Then the breaker closes and admits calls again
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(events.transitions())
          .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
      assertThat(client.send(request()).get(10, SECONDS).status()).isEqualTo(200);
      assertThat(loopback.received()).hasSize(6);
    }
  }

  @Test
  void halfOpen_oneFailingProbe_reopensForAnotherFullInterval() throws Exception {
    // Given a half-open breaker and a server still failing
    server.stubFor(get("/svc").willReturn(aResponse().withStatus(503)));
    try (HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(wireMockUri(), THREE_FAILURES).build());
      makeHalfOpen(client);

      // When the first probe fails
      assertThat(failureOf(client.send(request()))).isInstanceOf(HttpStatusException.class);

      // Then the breaker is open again, and stays so for another 30 s
      assertThat(events.transitions())
          .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(failureOf(client.send(request()))).isInstanceOf(CircuitOpenException.class);
      scheduler.advance(Duration.ofSeconds(29));
      assertThat(failureOf(client.send(request()))).isInstanceOf(CircuitOpenException.class);
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.HALF_OPEN);
      server.verify(4, getRequestedFor(urlEqualTo("/svc")));
    }
  }

  @Test
  void halfOpen_cancelledProbe_freesItsSlotAndCountsAsNoOutcome() throws Exception {
    // Given a half-open breaker with both probe slots held at the server
    ScriptedServer scripted = new ScriptedServer();
    try (LoopbackServer loopback = new LoopbackServer(scripted);
        HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(loopback.baseUri(), THREE_FAILURES).build());
      makeHalfOpen(client);
      scripted.mode = Mode.HOLD_THEN_OK;
      CompletableFuture<ServiceResponse> cancelled = client.send(request());
      CompletableFuture<ServiceResponse> probe = client.send(request());
      assertThat(failureOf(client.send(request()))).isInstanceOf(CircuitOpenException.class);
      awaitTrue(() -> loopback.inProgress() == 2, "both probes at the server");

      // When the caller cancels one probe
      assertThat(cancelled.cancel(true)).isTrue();

      // Then its slot is free for another call, and the breaker neither reopens nor closes
      CompletableFuture<ServiceResponse> replacement = client.send(request());
      assertThat(replacement).isNotDone();
      assertThat(failureOf(client.send(request()))).isInstanceOf(CircuitOpenException.class);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.HALF_OPEN);

      // When the two live probes succeed, the breaker closes
      awaitTrue(() -> loopback.received().size() == 6, "the replacement probe at the server");
      loopback.releaseAll();
      assertThat(probe.get(10, SECONDS).status()).isEqualTo(200);
      assertThat(replacement.get(10, SECONDS).status()).isEqualTo(200);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(client.stats().failures(FailureKind.CANCELLED)).isEqualTo(1);
      assertThat(events.transitions())
          .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }
  }

  @Test
  void failureRate_belowMinimumCalls_staysClosedEvenAtFullFailure() throws Exception {
    // Given rate mode: 50% over the last 10, counted from 4 calls
    stubOkAndFail();
    try (HttpClientManager manager = manager()) {
      ServiceClient client =
          manager.client(
              config(wireMockUri(), CircuitBreakerPolicy.builder().failureRate(0.5, 10, 4).build())
                  .build());

      // When three calls fail
      openWithFailures(client, "fail", 3);

      // Then it is still closed
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(events.transitions()).isEmpty();

      // When the fourth call fails, the rate counts and it opens
      assertThat(failureOf(client.send(request("fail")))).isInstanceOf(HttpStatusException.class);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(failureOf(client.send(request("ok")))).isInstanceOf(CircuitOpenException.class);
    }
  }

  @Test
  void failureRate_opensExactlyWhenTheShareOfFailuresReachesTheRate() throws Exception {
    // Given rate mode: 50% over the last 10, counted from 4 calls
    stubOkAndFail();
    try (HttpClientManager manager = manager()) {
      ServiceClient client =
          manager.client(
              config(wireMockUri(), CircuitBreakerPolicy.builder().failureRate(0.5, 10, 4).build())
                  .build());

      // When 3 successes and 2 failures are recorded (40%)
      for (String path : List.of("ok", "ok", "ok", "fail", "fail")) {
        client.send(request(path)).handle((r, e) -> null).get(10, SECONDS);
      }

      // Then it stays closed
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);

      // When a third failure makes it 3 of 6 (50%), it opens
      assertThat(failureOf(client.send(request("fail")))).isInstanceOf(HttpStatusException.class);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);
      assertThat(events.transitions()).containsExactly("CLOSED->OPEN");
    }
  }

  @Test
  void clientErrors404And400_doNotCountAsFailures() throws Exception {
    // Given a breaker opening after 3 failures in a row
    stubOkAndFail();
    server.stubFor(get("/missing").willReturn(aResponse().withStatus(404)));
    server.stubFor(get("/bad").willReturn(aResponse().withStatus(400)));
    try (HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(wireMockUri(), THREE_FAILURES).build());

      // When 503, 503, 404, 400, 503, 503 are answered
      for (String path : List.of("fail", "fail", "missing", "bad", "fail", "fail")) {
        assertThat(failureOf(client.send(request(path)))).isInstanceOf(HttpStatusException.class);
      }

      // Then no three failures were in a row, so the breaker is closed
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);

      // And the next 503 is the third in a row and opens it
      assertThat(failureOf(client.send(request("fail")))).isInstanceOf(HttpStatusException.class);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);
    }
  }

  @Test
  void status408And429_countAsFailures() throws Exception {
    // Given a breaker opening after 3 failures in a row
    server.stubFor(get("/timeout").willReturn(aResponse().withStatus(408)));
    server.stubFor(get("/busy").willReturn(aResponse().withStatus(429)));
    server.stubFor(get("/fail").willReturn(aResponse().withStatus(503)));
    try (HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(wireMockUri(), THREE_FAILURES).build());

      // When 408, 429 and 503 are answered
      for (String path : List.of("timeout", "busy")) {
        assertThat(failureOf(client.send(request(path)))).isInstanceOf(HttpStatusException.class);
        assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      }
      assertThat(failureOf(client.send(request("fail")))).isInstanceOf(HttpStatusException.class);

      // Then the three count as three failures in a row
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);
    }
  }

  /**
   * Defect 2: a 429 with Retry-After is the server pacing us, not failing. Five parallel calls that
   * each got one {@code 429 Retry-After: 1} all ended in CircuitOpenException, and the default
   * breaker then stayed open for 30 s.
   */
  @Test
  void fiveParallelCalls_eachPacedOnceWith429RetryAfter_allSucceed_andTheBreakerStaysClosed()
      throws Exception {
    // Given a server that answers each path once with 429 Retry-After: 1, then 200, and a service
    // with the default breaker (5 failures in a row open it) and the default retries
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    LoopbackServer.Handler pacing =
        (request, exchange) -> {
          if (seen.computeIfAbsent(request.target(), t -> new AtomicInteger()).getAndIncrement()
              == 0) {
            exchange.respond(429, Map.of("Retry-After", "1"), new byte[0]);
          } else {
            exchange.respond(200, "ok");
          }
        };
    try (LoopbackServer loopback = new LoopbackServer(pacing);
        HttpClientManager manager = manager()) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("paced", loopback.baseUri()).listener(events).build());

      // When five calls run in parallel and each is paced once
      List<CompletableFuture<ServiceResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(client.send(request("p" + i)));
      }
      awaitTrue(() -> client.stats().retries() == 5, "every call to be paced once");
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      scheduler.advance(Duration.ofSeconds(1));

      // Then every call succeeds on its second attempt, and the breaker never moved
      for (CompletableFuture<ServiceResponse> call : calls) {
        ServiceResponse response = call.get(10, SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.attempts()).isEqualTo(2);
      }
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(events.transitions()).isEmpty();
      assertThat(loopback.received()).hasSize(10);
    }
  }

  /**
   * Defect 5: reading the stats moved an open breaker whose interval had passed to half-open and
   * fired circuitStateChanged on the reading thread.
   */
  @Test
  void stats_ofAnExpiredOpenBreaker_reportHalfOpen_withoutAnEvent() throws Exception {
    // Given a breaker opened by three failures, whose open interval has passed
    server.stubFor(get("/svc").willReturn(aResponse().withStatus(503)));
    try (HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(wireMockUri(), THREE_FAILURES).build());
      makeHalfOpen(client);

      // When the stats are read
      ServiceStats stats = client.stats();

      // Then they show the state the next attempt would find, and nothing moved or was announced
      assertThat(stats.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
      assertThat(events.transitions()).containsExactly("CLOSED->OPEN");
    }
  }

  @Test
  void cancelledCall_whileClosed_isNeitherFailureNorSuccess() throws Exception {
    // Given two failures in a row
    ScriptedServer scripted = new ScriptedServer();
    try (LoopbackServer loopback = new LoopbackServer(scripted);
        HttpClientManager manager = manager()) {
      ServiceClient client = manager.client(config(loopback.baseUri(), THREE_FAILURES).build());
      openWithFailures(client, "svc", 2);

      // When a held call is cancelled by its caller
      scripted.mode = Mode.HOLD_THEN_OK;
      CompletableFuture<ServiceResponse> held = client.send(request());
      awaitTrue(() -> loopback.inProgress() == 1, "the held call at the server");
      held.cancel(true);

      // Then it did not count as a failure (still closed) nor reset the streak (next failure opens)
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
      assertThat(client.stats().failures(FailureKind.CANCELLED)).isEqualTo(1);
      scripted.mode = Mode.FAIL;
      assertThat(failureOf(client.send(request()))).isInstanceOf(HttpStatusException.class);
      assertThat(client.stats().circuitState()).isEqualTo(CircuitState.OPEN);
      loopback.releaseAll();
    }
  }

  /** Regression: an attempt cut short by the call's deadline counts against the service. */
  @Test
  void attemptCutShortByTheDeadline_countsAsAFailureForTheBreaker() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  exchange.awaitRelease();
                  exchange.respond(200, "late");
                });
        HttpClientManager manager =
            leaks.manager(b -> b.scheduler(scheduler).shutdownGracePeriod(Duration.ZERO))) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("svc", server.baseUri())
                  .deadline(Duration.ofSeconds(1))
                  .circuitBreaker(CircuitBreakerPolicy.builder().consecutiveFailures(1).build())
                  .build());
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitTrue(() -> server.inProgress() == 1, "the server holds the attempt");

      scheduler.advance(Duration.ofSeconds(1));

      assertThat(callFailure(call)).isInstanceOf(DeadlineExceededException.class);
      awaitTrue(() -> client.stats().circuitState() == CircuitState.OPEN, "the breaker counted it");
      server.releaseAll();
    }
  }

  @Test
  void policy_successesToCloseAboveProbes_isRejected() {
    assertThatThrownBy(
            () -> CircuitBreakerPolicy.builder().halfOpenProbes(2).successesToClose(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successesToClose (3)")
        .hasMessageContaining("halfOpenProbes (2)");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().halfOpenProbes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("halfOpenProbes must be >= 1, was 0");
  }

  @Test
  void policy_rateOutOfRange_isRejectedNamingTheValue() {
    for (double rate : new double[] {0.0, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(rate, 10, 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("failureRate must be in (0, 1], was " + rate);
    }
    assertThat(CircuitBreakerPolicy.builder().failureRate(1.0, 10, 4).build().failureRate())
        .hasValue(1.0);
  }

  @Test
  void policy_minimumCallsAboveWindow_isRejected() {
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRate(0.5, 10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls (11) must not exceed windowSize (10)");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().consecutiveFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveFailures must be >= 1, was 0");
    assertThatThrownBy(
            () -> CircuitBreakerPolicy.builder(THREE_FAILURES).openDuration(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("openDuration must be positive, was PT0S");
  }

  // ---- helpers ----

  private enum Mode {
    FAIL,
    HOLD_THEN_OK
  }

  /** Answers 503, or holds the request until released and then answers 200. */
  private static final class ScriptedServer implements LoopbackServer.Handler {
    volatile Mode mode = Mode.FAIL;

    @Override
    public void handle(LoopbackServer.Request request, LoopbackServer.Exchange exchange)
        throws IOException, InterruptedException {
      if (mode == Mode.FAIL) {
        exchange.respond(503, "down");
      } else {
        exchange.awaitRelease();
        exchange.respond(200, "ok");
      }
    }
  }

  /** Records breaker transitions and the call events. */
  private static final class Recorder extends HttpEventListener {
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
      transitions.add(from + "->" + to);
    }

    @Override
    public void permitWaitStarted(CallInfo call, int attempt, int queued) {
      calls.add("permitWaitStarted " + call.id());
    }

    @Override
    public void attemptStarted(CallInfo call, int attempt) {
      calls.add("attemptStarted " + call.id());
    }

    List<String> transitions() {
      return new ArrayList<>(transitions);
    }

    List<String> calls() {
      return new ArrayList<>(calls);
    }

    void clear() {
      calls.clear();
    }
  }

  private HttpClientManager manager() {
    return leaks.manager(b -> b.scheduler(scheduler));
  }

  private ServiceConfig.Builder config(URI base, CircuitBreakerPolicy policy) {
    return ServiceConfig.builder("breaker", base)
        .circuitBreaker(policy)
        .retryPolicy(HttpRetryPolicy.none())
        .responseTimeout(Duration.ofMinutes(10))
        .readTimeout(Duration.ofMinutes(10))
        .deadline(Duration.ofMinutes(20))
        .listener(events);
  }

  private static URI wireMockUri() {
    return URI.create(server.baseUrl());
  }

  private static void stubOkAndFail() {
    server.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("ok")));
    server.stubFor(get("/fail").willReturn(aResponse().withStatus(503)));
  }

  private static ServiceRequest request() {
    return request("svc");
  }

  private static ServiceRequest request(String path) {
    return ServiceRequest.get(path).build();
  }

  /** Makes {@code count} calls to {@code path} that each fail with the server's 503. */
  /** Opens the breaker with three failing calls, then lets its 30 s open interval pass. */
  private void makeHalfOpen(ServiceClient client) throws Exception {
    openWithFailures(client, "svc", 3);
    scheduler.advance(Duration.ofSeconds(30));
  }

  private static void openWithFailures(ServiceClient client, String path, int count)
      throws Exception {
    for (int i = 0; i < count; i++) {
      Throwable failure = failureOf(client.send(request(path)));
      assertThat(failure).isInstanceOf(HttpStatusException.class);
      assertThat(((HttpStatusException) failure).status()).isEqualTo(503);
    }
  }
}
