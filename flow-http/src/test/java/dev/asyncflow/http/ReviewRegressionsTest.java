package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.callFailure;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regressions found in review: a permit granted at once to an attempt whose call ends in that
 * instant is still released; a retry policy whose numbers overflow nanoseconds still retries; an
 * attempt cut short by the call's deadline counts against the service.
 */
class ReviewRegressionsTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final ManualScheduler scheduler = new ManualScheduler();

  @Test
  void callCancelledWhileItsNextAttemptTakesAPermit_givesThePermitBack() throws Exception {
    AtomicReference<CompletableFuture<ServiceResponse>> call = new AtomicReference<>();
    // Cancels the call from inside the next attempt's breaker check, just before it takes a
    // permit: the narrowest window between "the call is still running" and "the step is recorded".
    HttpEventListener cancelOnHalfOpen =
        new HttpEventListener() {
          @Override
          public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
            if (to == CircuitState.HALF_OPEN) {
              call.get().cancel(false);
            }
          }
        };
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(503, ""));
        HttpClientManager manager = leaks.manager(b -> b.scheduler(scheduler))) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("svc", server.baseUri())
                  .maxConcurrency(1)
                  .circuitBreaker(
                      CircuitBreakerPolicy.builder()
                          .consecutiveFailures(1)
                          .openDuration(Duration.ofSeconds(1))
                          .build())
                  .retryPolicy(
                      HttpRetryPolicy.builder()
                          .maxAttempts(2)
                          .hook(candidate -> RetryDecision.after(Duration.ofSeconds(5)))
                          .build())
                  .listener(cancelOnHalfOpen)
                  .build());
      call.set(client.send(ServiceRequest.get("x").build()));
      // the retry is on the scheduler: its deadline and its retry wait are all that is pending
      awaitTrue(
          () -> client.stats().retries() == 1 && scheduler.pendingCount() == 2,
          "the retry is scheduled");

      scheduler.advance(Duration.ofSeconds(5));

      awaitTrue(() -> call.get().isCancelled(), "the call is cancelled");
      awaitTrue(() -> client.stats().inFlight() == 0, "the permit is back");
      assertThat(server.received()).hasSize(1);
    }
  }

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
                          .hook(candidate -> RetryDecision.after(Duration.ZERO))
                          .build())
                  .build());

      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      awaitTrue(
          () -> client.stats().retries() == 1 && scheduler.pendingCount() == 2,
          "the retry is scheduled");
      scheduler.advance(Duration.ZERO);

      assertThat(callFailure(call).attempts()).isEqualTo(2);
      assertThat(server.received()).hasSize(2);
    }
  }

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
}
