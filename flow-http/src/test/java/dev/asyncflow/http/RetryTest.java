package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.callFailure;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries stay within maxAttempts, follow method idempotence and statuses, and obey the hook. */
class RetryTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final ManualScheduler scheduler = new ManualScheduler();
  private final RetryEvents events = new RetryEvents();

  @Test
  void persistent503_makesExactlyMaxAttempts() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(503));
        HttpClientManager manager = manager()) {
      // Given a server that always answers 503 and a policy of 4 attempts
      ServiceClient client = client(manager, server, policy().maxAttempts(4));

      // When the call runs through all its backoffs
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      // Then the server saw exactly 4 requests and the failure says 4 attempts
      HttpCallException failure = callFailure(call);
      assertThat(failure)
          .isInstanceOfSatisfying(
              HttpStatusException.class, status -> assertThat(status.status()).isEqualTo(503));
      assertThat(failure.attempts()).isEqualTo(4);
      assertThat(server.received()).hasSize(4);
      assertThat(events.retries).extracting(Retry::attempt).containsExactly(1, 2, 3);
      assertThat(client.stats().retries()).isEqualTo(3);
    }
  }

  @Test
  void post_isNotRetriedByDefault() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(503, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy());

      // When a POST gets a 503
      CompletableFuture<ServiceResponse> call =
          client.send(ServiceRequest.post("orders").jsonBody(Map.of("a", 1)).build());

      // Then it fails at once, without a retry
      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(HttpStatusException.class);
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(server.received()).hasSize(1);
      assertThat(events.retries).isEmpty();
    }
  }

  @Test
  void post_markedIdempotent_isRetried() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(503, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy());

      // When a POST marked idempotent gets a 503, then a 200
      CompletableFuture<ServiceResponse> call =
          client.send(
              ServiceRequest.post("orders").jsonBody(Map.of("a", 1)).idempotent(true).build());
      advanceThroughRetries(call);

      // Then it succeeds on the second attempt, the body sent twice
      ServiceResponse response = call.get(10, SECONDS);
      assertThat(response.attempts()).isEqualTo(2);
      assertThat(server.received())
          .extracting(request -> new String(request.body(), StandardCharsets.UTF_8))
          .containsExactly("{\"a\":1}", "{\"a\":1}");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503, 504})
  void retryableStatus_isRetriedThenSucceeds(int status) throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(status, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy());

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
      assertThat(events.retries).singleElement().satisfies(retry -> assertStatus(retry, status));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 529})
  void nonRetryableStatus_failsAfterOneAttempt(int status) throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(status, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy());

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

      HttpCallException failure = callFailure(call);
      assertThat(failure)
          .isInstanceOfSatisfying(
              HttpStatusException.class, http -> assertThat(http.status()).isEqualTo(status));
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(server.received()).hasSize(1);
      assertThat(events.retries).isEmpty();
    }
  }

  @Test
  void status529_isRetriedOnceAddedWithRetryOnStatus() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(529, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy().retryOnStatus(529));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void connectionReset_isRetriedThenSucceeds() throws Exception {
    AtomicInteger count = new AtomicInteger();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  if (count.incrementAndGet() == 1) {
                    exchange.reset();
                  } else {
                    exchange.respond(200, "ok");
                  }
                });
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy());

      // When the first attempt's connection is reset (a POST marked idempotent: the JDK resends a
      // reset GET once on its own, which would hide the retry under test)
      CompletableFuture<ServiceResponse> call =
          client.send(ServiceRequest.post("x").jsonBody(Map.of()).idempotent(true).build());
      advanceThroughRetries(call);

      // Then the retry succeeds, and the retry event names the transport failure
      ServiceResponse response = call.get(10, SECONDS);
      assertThat(response.attempts()).isEqualTo(2);
      assertThat(response.text()).isEqualTo("ok");
      assertThat(server.received()).hasSize(2);
      assertThat(events.retries)
          .singleElement()
          .satisfies(retry -> assertThat(retry.reason()).isInstanceOf(TransportException.class));
    }
  }

  /**
   * The JDK resends an idempotent request once by itself when the connection closes before any
   * response byte (meant for stale pooled connections), inside one of our attempts. We cannot turn
   * that off per client, so the server may see up to twice {@code maxAttempts} requests; our
   * attempt count and budget are still exact.
   */
  @Test
  void persistentResetOfAGet_countsOurAttemptsExactly_whileTheJdkMayResendEachOnce()
      throws Exception {
    try (LoopbackServer server = new LoopbackServer((request, exchange) -> exchange.reset());
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy().maxAttempts(2));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(TransportException.class);
      assertThat(failure.attempts()).isEqualTo(2);
      assertThat(events.retries).hasSize(1);
      assertThat(server.received()).hasSizeBetween(2, 4);
    }
  }

  @Test
  void persistentResetOfAPost_reachesTheServerOncePerAttempt() throws Exception {
    try (LoopbackServer server = new LoopbackServer((request, exchange) -> exchange.reset());
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy().maxAttempts(2));

      CompletableFuture<ServiceResponse> call =
          client.send(ServiceRequest.post("x").idempotent(true).build());
      advanceThroughRetries(call);

      assertThat(callFailure(call).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void retryScheduled_carriesTheReasonAndTheDelay() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(502, 503, 200));
        HttpClientManager manager = manager()) {
      // Given backoff ceilings of 1 s then 2 s
      ServiceClient client =
          client(
              manager,
              server,
              policy().delay(Duration.ofSeconds(1)).backoff(2.0, Duration.ofSeconds(10)));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(3);
      assertThat(events.retries).hasSize(2);
      assertStatus(events.retries.get(0), 502);
      assertStatus(events.retries.get(1), 503);
      assertThat(events.retries.get(0).delay()).isBetween(Duration.ZERO, Duration.ofSeconds(1));
      assertThat(events.retries.get(1).delay()).isBetween(Duration.ZERO, Duration.ofSeconds(2));
      assertThat(events.retries)
          .allSatisfy(retry -> assertThat(retry.reason().attempts()).isPositive());
    }
  }

  @Test
  void retryHappensOnlyWhenTheBackoffHasPassed() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(503, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(
              manager,
              server,
              policy().hook(candidate -> RetryDecision.after(Duration.ofSeconds(3))));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitRetryTimer(call, 0);

      scheduler.advance(Duration.ofMillis(2999));
      assertThat(server.received()).hasSize(1);
      scheduler.advance(Duration.ofMillis(1));

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
    }
  }

  @Test
  void requireRetryAfterHook_stopsA429WithoutRetryAfter() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(429, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(manager, server, policy().hook(RetryHook.requireRetryAfter(429)));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(HttpStatusException.class);
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void requireRetryAfterHook_retriesA429WithRetryAfter() throws Exception {
    AtomicInteger count = new AtomicInteger();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  if (count.incrementAndGet() == 1) {
                    exchange.respond(429, Map.of("Retry-After", "2"), new byte[0]);
                  } else {
                    exchange.respond(200, "ok");
                  }
                });
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(manager, server, policy().hook(RetryHook.requireRetryAfter(429)));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(events.retries)
          .singleElement()
          .extracting(Retry::delay)
          .isEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void hookDelay_replacesTheBackoff() throws Exception {
    try (LoopbackServer server = new LoopbackServer(replies(503, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(
              manager,
              server,
              policy().hook(candidate -> RetryDecision.after(Duration.ofSeconds(7))));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(events.retries)
          .singleElement()
          .extracting(Retry::delay)
          .isEqualTo(Duration.ofSeconds(7));
      assertThat(scheduler.delays()).contains(Duration.ofSeconds(7));
    }
  }

  @Test
  void hookDelay_isNeverShorterThanRetryAfter() throws Exception {
    AtomicInteger count = new AtomicInteger();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  if (count.incrementAndGet() == 1) {
                    exchange.respond(503, Map.of("Retry-After", "5"), new byte[0]);
                  } else {
                    exchange.respond(200, "ok");
                  }
                });
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(
              manager,
              server,
              policy().hook(candidate -> RetryDecision.after(Duration.ofSeconds(1))));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(events.retries)
          .singleElement()
          .extracting(Retry::delay)
          .isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void hookThatThrows_failsTheCallWithTheOriginalFailure() throws Exception {
    IllegalStateException hookFailure = new IllegalStateException("hook broke");
    try (LoopbackServer server = new LoopbackServer(replies(503, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(
              manager,
              server,
              policy()
                  .hook(
                      candidate -> {
                        throw hookFailure;
                      }));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

      HttpCallException failure = callFailure(call);
      assertThat(failure)
          .isInstanceOfSatisfying(
              HttpStatusException.class, status -> assertThat(status.status()).isEqualTo(503));
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(failure.getSuppressed()).containsExactly(hookFailure);
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void hookCandidate_carriesTheFailedAttemptAndTheProposedDelay() throws Exception {
    List<RetryHook.Candidate> seen = new CopyOnWriteArrayList<>();
    try (LoopbackServer server = new LoopbackServer(replies(500, 200));
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(
              manager,
              server,
              policy()
                  .hook(
                      candidate -> {
                        seen.add(candidate);
                        return RetryDecision.proceed();
                      }));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(seen)
          .singleElement()
          .satisfies(
              candidate -> {
                assertThat(candidate.attempt()).isEqualTo(1);
                assertThat(candidate.failure()).isInstanceOf(HttpStatusException.class);
                assertThat(candidate.proposedDelay()).isEqualTo(events.retries.get(0).delay());
              });
    }
  }

  /** Regression: a retry policy whose numbers overflow nanoseconds still retries. */
  @Test
  void backoffBeyondNanosecondRange_stillRetries() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(503, ""));
        HttpClientManager manager = leaks.manager(b -> b.scheduler(scheduler))) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("svc", server.baseUri())
                  .deadline(Duration.ofHours(1))
                  .circuitBreaker(CircuitBreakerPolicy.disabled())
                  .retryPolicy(
                      HttpRetryPolicy.builder()
                          .maxAttempts(2)
                          .delay(Duration.ofDays(365_000))
                          .backoff(2.0, Duration.ofDays(365_000))
                          // The policy's own delay overflows nanoseconds; the hook still sees
                          // it and picks a wait the scheduler holds (a zero wait would start the
                          // retry at once, and the wait below could miss it).
                          .hook(candidate -> RetryDecision.after(Duration.ofSeconds(1)))
                          .build())
                  .build());

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitTrue(
          () -> client.stats().retries() == 1 && scheduler.pendingCount() == 2,
          "the retry is scheduled");
      scheduler.advance(Duration.ofSeconds(1));

      assertThat(callFailure(call).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
    }
  }

  /**
   * Review finding: a random source that threw while the backoff was computed escaped the attempt's
   * completion callback, where it was lost: the call hung, holding its permit, until its deadline.
   */
  @Test
  void randomSourceThrowingWhileARetryIsPlanned_failsTheCallAtOnce_withItsPermitBack()
      throws Exception {
    // Given a manual scheduler whose time never moves, and a random source that always throws
    IllegalStateException broken = new IllegalStateException("no randomness today");
    RandomGenerator random =
        () -> {
          throw broken;
        };
    try (LoopbackServer server = new LoopbackServer(replies(503, 200));
        HttpClientManager manager =
            leaks.manager(
                b -> b.scheduler(scheduler).random(random).shutdownGracePeriod(Duration.ZERO))) {
      ServiceClient client = client(manager, server, policy().jitter(1.0));

      // When the first attempt gets a 503 and a retry with jitter is planned
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

      // Then the call fails at once with that 503, the planning failure attached, permit back
      awaitTrue(call::isDone, "the call to fail without waiting for its deadline");
      HttpCallException failure = callFailure(call);
      assertThat(failure)
          .isInstanceOfSatisfying(
              HttpStatusException.class, status -> assertThat(status.status()).isEqualTo(503));
      assertThat(failure.getSuppressed()).containsExactly(broken);
      assertThat(server.received()).hasSize(1);
      assertThat(events.retries).isEmpty();
      assertThat(client.stats().inFlight()).isZero();
    }
  }

  @Test
  void truncatedJson_isNotRetriedByDefault() throws Exception {
    try (LoopbackServer server = new LoopbackServer(jsonReplies("{\"studies\":[", "{}"));
        HttpClientManager manager = manager()) {
      ServiceClient client = client(manager, server, policy());

      CompletableFuture<?> call = client.json(ServiceRequest.get("x").build());

      assertThat(callFailure(call)).isInstanceOf(ResponseDecodeException.class);
      assertThat(server.received()).hasSize(1);
      assertThat(events.retries).isEmpty();
    }
  }

  @Test
  void truncatedJson_isRetriedLikeA503_whenThePolicyRetriesDecodeFailures() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer(jsonReplies("{\"studies\":[{\"a\":1}", "{\"studies\":[]}"));
        HttpClientManager manager = manager()) {
      // Given a server whose first 200 carries a JSON page cut short
      ServiceClient client = client(manager, server, policy().retryOnDecodeFailure(true));

      // When the call reads the body as JSON
      CompletableFuture<com.fasterxml.jackson.databind.JsonNode> call =
          client.json(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      // Then the second attempt's complete page is the result, after one retry with backoff
      assertThat(call.get(10, SECONDS).toString()).isEqualTo("{\"studies\":[]}");
      assertThat(server.received()).hasSize(2);
      assertThat(events.retries)
          .singleElement()
          .satisfies(
              retry -> {
                assertThat(retry.reason()).isInstanceOf(ResponseDecodeException.class);
                assertThat(retry.delay()).isPositive();
              });
    }
  }

  @Test
  void persistentlyTruncatedJson_failsAsADecodeError_afterMaxAttempts() throws Exception {
    try (LoopbackServer server = new LoopbackServer(jsonReplies("{\"studies\":["));
        HttpClientManager manager = manager()) {
      ServiceClient client =
          client(manager, server, policy().maxAttempts(3).retryOnDecodeFailure(true));

      CompletableFuture<?> call = client.json(ServiceRequest.get("x").build());
      advanceThroughRetries(call);

      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(ResponseDecodeException.class);
      assertThat(failure.attempts()).isEqualTo(3);
      assertThat(server.received()).hasSize(3);
      assertThat(client.stats().failures(FailureKind.DECODE)).isEqualTo(1);
    }
  }

  private HttpClientManager manager() {
    return leaks.manager(b -> b.scheduler(scheduler).shutdownGracePeriod(Duration.ZERO));
  }

  private ServiceClient client(
      HttpClientManager manager, LoopbackServer server, HttpRetryPolicy.Builder policy) {
    return manager.client(
        ServiceConfig.builder("svc", server.baseUri())
            .retryPolicy(policy.build())
            .circuitBreaker(CircuitBreakerPolicy.disabled())
            .listener(events)
            .build());
  }

  private static HttpRetryPolicy.Builder policy() {
    return HttpRetryPolicy.builder()
        .delay(Duration.ofMillis(100))
        .backoff(2.0, Duration.ofSeconds(1));
  }

  /** Answers the i-th request with the i-th status (the last one repeats), with a short body. */
  private static LoopbackServer.Handler replies(int... statuses) {
    AtomicInteger count = new AtomicInteger();
    return (request, exchange) -> {
      int index = Math.min(count.getAndIncrement(), statuses.length - 1);
      exchange.respond(statuses[index], "reply " + (index + 1));
    };
  }

  /** Answers the i-th request with a 200 carrying the i-th JSON text (the last one repeats). */
  private static LoopbackServer.Handler jsonReplies(String... bodies) {
    AtomicInteger count = new AtomicInteger();
    return (request, exchange) ->
        exchange.respond(200, bodies[Math.min(count.getAndIncrement(), bodies.length - 1)]);
  }

  /**
   * Moves virtual time through each backoff as soon as it is scheduled, until the call ends; checks
   * on the way that no retry reaches the server before its backoff has passed.
   */
  private void advanceThroughRetries(CompletableFuture<?> call) {
    for (int retry = 0; retry < 50; retry++) {
      awaitRetryTimer(call, retry);
      if (call.isDone()) {
        return;
      }
      Retry next = events.retries.get(retry);
      assertThat(next.attempt()).isEqualTo(retry + 1);
      scheduler.advance(next.delay());
    }
    throw new AssertionError("more than 50 retries");
  }

  /** Waits until the call ended or retry number {@code index} (0-based) is on the scheduler. */
  private void awaitRetryTimer(CompletableFuture<?> call, int index) {
    // While a call waits out its backoff, the scheduler holds exactly its deadline and its retry.
    awaitTrue(
        () -> call.isDone() || (events.retries.size() > index && scheduler.pendingCount() == 2));
  }

  private static void assertStatus(Retry retry, int status) {
    assertThat(retry.reason())
        .isInstanceOfSatisfying(
            HttpStatusException.class, http -> assertThat(http.status()).isEqualTo(status));
  }

  private record Retry(int attempt, HttpCallException reason, Duration delay) {}

  /** Records retryScheduled events in order. */
  private static final class RetryEvents extends HttpEventListener {
    final List<Retry> retries = new CopyOnWriteArrayList<>();

    @Override
    public void retryScheduled(
        CallInfo call, int attempt, HttpCallException reason, Duration delay) {
      retries.add(new Retry(attempt, reason, delay));
    }
  }
}
