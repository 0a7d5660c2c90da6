package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A retry never arrives before the server's Retry-After, in either form, and never past the
 * deadline.
 */
class RetryAfterTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

  @Test
  void retryAfterSeconds_holdsTheRetryBackUntilItPasses() throws Exception {
    try (LoopbackServer server = new LoopbackServer(busyThenOk("3"));
        HttpClientManager manager = manager()) {
      // Given a 503 asking for 3 s, with a backoff of at most 100 ms
      ServiceClient client = client(manager, server, Duration.ofMillis(100), Duration.ofMinutes(2));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitRetryScheduled();

      // When less than 3 s pass, no retry reaches the server
      scheduler.advance(Duration.ofMillis(2999));
      assertThat(server.received()).hasSize(1);
      assertThat(call).isNotDone();

      // When 3 s have passed, the retry goes out and succeeds
      scheduler.advance(Duration.ofMillis(1));
      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
      assertThat(retryDelays).containsExactly(Duration.ofSeconds(3));
    }
  }

  @Test
  void retryAfterHttpDate_holdsTheRetryBackUntilThatTime() throws Exception {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            scheduler.now().plusSeconds(4).atZone(ZoneOffset.UTC));
    try (LoopbackServer server = new LoopbackServer(busyThenOk(date));
        HttpClientManager manager = manager()) {
      // Given a 503 asking to come back at now + 4 s, as an HTTP-date
      ServiceClient client = client(manager, server, Duration.ofMillis(100), Duration.ofMinutes(2));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitRetryScheduled();

      // When less than 4 s pass, no retry reaches the server
      scheduler.advance(Duration.ofMillis(3999));
      assertThat(server.received()).hasSize(1);

      // When that time has come, the retry goes out
      scheduler.advance(Duration.ofMillis(1));
      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
      assertThat(retryDelays).containsExactly(Duration.ofSeconds(4));
    }
  }

  @Test
  void backoffLongerThanRetryAfter_isTheWait() throws Exception {
    try (LoopbackServer server = new LoopbackServer(busyThenOk("3"));
        HttpClientManager manager = manager()) {
      // Given a 503 asking for 3 s and a jittered backoff that draws its full 10 s ceiling
      ServiceClient client = client(manager, server, Duration.ofSeconds(10), Duration.ofMinutes(2));

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitRetryScheduled();

      // Then the wait is max(backoff, Retry-After) = 10 s
      assertThat(retryDelays).containsExactly(Duration.ofSeconds(10));
      scheduler.advance(Duration.ofMillis(9999));
      assertThat(server.received()).hasSize(1);
      scheduler.advance(Duration.ofMillis(1));
      assertThat(call.get(10, SECONDS).attempts()).isEqualTo(2);
    }
  }

  @Test
  void retryAfterBeyondTheDeadline_failsAtOnceWithTheStatus() throws Exception {
    try (LoopbackServer server = new LoopbackServer(busyThenOk("30"));
        HttpClientManager manager = manager()) {
      // Given a deadline of 10 s and a 503 asking for 30 s
      ServiceClient client =
          client(manager, server, Duration.ofMillis(100), Duration.ofSeconds(10));

      // When the call gets that 503
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

      // Then it fails without any time passing, with the status and its Retry-After
      ExecutionException thrown =
          catchThrowableOfType(ExecutionException.class, () -> call.get(10, SECONDS));
      assertThat(thrown.getCause())
          .isInstanceOfSatisfying(
              HttpStatusException.class,
              status -> {
                assertThat(status.status()).isEqualTo(503);
                assertThat(status.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                assertThat(status.attempts()).isEqualTo(1);
              });
      assertThat(server.received()).hasSize(1);
      assertThat(retryDelays).isEmpty();
    }
  }

  private HttpClientManager manager() {
    return leaks.manager(
        b -> b.scheduler(scheduler).random(FULL_JITTER_CEILING).shutdownGracePeriod(Duration.ZERO));
  }

  private ServiceClient client(
      HttpClientManager manager, LoopbackServer server, Duration backoff, Duration deadline) {
    HttpRetryPolicy policy = HttpRetryPolicy.builder().delay(backoff).backoff(2.0, backoff).build();
    return manager.client(
        ServiceConfig.builder("svc", server.baseUri())
            .retryPolicy(policy)
            .deadline(deadline)
            .circuitBreaker(CircuitBreakerPolicy.disabled())
            .listener(
                new HttpEventListener() {
                  @Override
                  public void retryScheduled(
                      CallInfo call, int attempt, HttpCallException reason, Duration delay) {
                    retryDelays.add(delay);
                  }
                })
            .build());
  }

  /** Waits until the retry is on the scheduler: then it holds only the deadline and the retry. */
  private void awaitRetryScheduled() {
    awaitTrue(() -> retryDelays.size() == 1 && scheduler.pendingCount() == 2);
  }

  /** Answers 503 with the given Retry-After first, then 200. */
  private static LoopbackServer.Handler busyThenOk(String retryAfter) {
    AtomicInteger count = new AtomicInteger();
    return (request, exchange) -> {
      if (count.incrementAndGet() == 1) {
        exchange.respond(503, Map.of("Retry-After", retryAfter), new byte[0]);
      } else {
        exchange.respond(200, "ok");
      }
    };
  }

  /** Draws the top of every jitter range, so the backoff equals its ceiling. */
  private static final RandomGenerator FULL_JITTER_CEILING =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return 0;
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };
}
