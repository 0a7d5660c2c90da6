package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A service's rate limit holds requests back on the timer so no window sees more than N. */
class RateLimitTest {
  private final ManualTimer timer = new ManualTimer();

  @Test
  void twoPerSecond_sendsFiveCallsAsTwoThenTwoThenOne() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(200, "ok"));
        HttpClientManager manager = manager()) {
      // Given a limit of 2 requests per second
      ServiceClient client =
          manager.client(service(server).rateLimit(RateLimit.of(2, Duration.ofSeconds(1))).build());

      // When 5 calls start at once
      List<CompletableFuture<ServiceResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(client.send(ServiceRequest.get("c" + i).build()));
      }

      // Then 2 reach the server at once
      awaitDone(calls.subList(0, 2));
      assertThat(server.received()).hasSize(2);
      timer.advance(Duration.ofMillis(999));
      assertThat(server.received()).hasSize(2);
      assertThat(calls.subList(2, 5)).noneMatch(CompletableFuture::isDone);

      // and 2 more when a second has passed
      timer.advance(Duration.ofMillis(1));
      awaitDone(calls.subList(2, 4));
      assertThat(server.received()).hasSize(4);
      assertThat(calls.get(4)).isNotDone();

      // and the last after another second
      timer.advance(Duration.ofSeconds(1));
      awaitDone(calls.subList(4, 5));
      assertThat(server.received()).hasSize(5);
      for (CompletableFuture<ServiceResponse> call : calls) {
        assertThat(call.get(10, SECONDS).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void rateLimitWaitBeyondTheDeadline_failsAtOnceWithDeadlineExceeded() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(200, "ok"));
        HttpClientManager manager = manager()) {
      // Given 1 request per 10 s and a deadline of 5 s
      ServiceClient client =
          manager.client(
              service(server)
                  .rateLimit(RateLimit.of(1, Duration.ofSeconds(10)))
                  .deadline(Duration.ofSeconds(5))
                  .build());
      assertThat(client.send(ServiceRequest.get("first").build()).get(10, SECONDS).status())
          .isEqualTo(200);

      // When a second call would have to wait 10 s
      CompletableFuture<ServiceResponse> second = client.send(ServiceRequest.get("second").build());

      // Then it fails at once, having sent nothing
      ExecutionException thrown =
          catchThrowableOfType(ExecutionException.class, () -> second.get(10, SECONDS));
      assertThat(thrown.getCause()).isInstanceOf(DeadlineExceededException.class);
      assertThat(((HttpCallException) thrown.getCause()).attempts()).isZero();
      assertThat(server.received()).hasSize(1);
    }
  }

  /**
   * Fails today: the call refused for its deadline still keeps its reserved start, so the next
   * caller waits behind a request that was never sent; callers arriving once per window are then
   * refused forever.
   */
  @Test
  void callRefusedForItsDeadline_doesNotHoldBackTheNextWindow() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(200, "ok"));
        HttpClientManager manager = manager()) {
      // Given 1 request per 10 s, a deadline of 5 s, one call sent and one refused
      ServiceClient client =
          manager.client(
              service(server)
                  .rateLimit(RateLimit.of(1, Duration.ofSeconds(10)))
                  .deadline(Duration.ofSeconds(5))
                  .build());
      assertThat(client.send(ServiceRequest.get("first").build()).get(10, SECONDS).status())
          .isEqualTo(200);
      CompletableFuture<ServiceResponse> refused = client.send(ServiceRequest.get("r").build());
      catchThrowableOfType(ExecutionException.class, () -> refused.get(10, SECONDS));

      // When the window of the one request actually sent has passed
      timer.advance(Duration.ofSeconds(10));

      // Then the next call is sent at once
      CompletableFuture<ServiceResponse> next = client.send(ServiceRequest.get("next").build());
      assertThat(next.get(10, SECONDS).status()).isEqualTo(200);
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void rateLimit_validatesItsComponents() {
    assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("per")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> RateLimit.of(1, null)).isInstanceOf(NullPointerException.class);
    assertThat(RateLimit.of(3, Duration.ofSeconds(2)))
        .isEqualTo(RateLimit.of(3, Duration.ofSeconds(2)));
  }

  private HttpClientManager manager() {
    return HttpClientManager.builder().timer(timer).shutdownGracePeriod(Duration.ZERO).build();
  }

  private static ServiceConfig.Builder service(LoopbackServer server) {
    return ServiceConfig.builder("svc", server.baseUri())
        .retryPolicy(HttpRetryPolicy.none())
        .circuitBreaker(CircuitBreakerPolicy.disabled());
  }

  private static void awaitDone(List<CompletableFuture<ServiceResponse>> calls) {
    awaitTrue(() -> calls.stream().allMatch(CompletableFuture::isDone));
  }
}
