package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.http.TestCalls.awaitStats;
import static dev.asyncflow.http.TestCalls.awaitTrue;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service whose permits are all taken and whose queue is long does not slow another service; the
 * manager lists its services in registration order.
 */
class ServiceIsolationTest {
  private static final int A_LIMIT = 2;
  private static final int A_QUEUED = 100;
  private static final int B_CALLS = 50;
  private static final Duration B_BOUND = Duration.ofSeconds(5);

  @RegisterExtension
  static WireMockExtension serviceB =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void services_listsTheRegisteredClientsInRegistrationOrder_asAnImmutableSnapshot() {
    HttpClientManager manager = leaks.manager();
    assertThat(manager.services()).isEmpty();

    // Given three services registered out of alphabetical order
    ServiceClient c =
        manager.client(ServiceConfig.builder("c", URI.create(serviceB.baseUrl())).build());
    ServiceClient a =
        manager.client(ServiceConfig.builder("a", URI.create(serviceB.baseUrl())).build());
    ServiceClient b =
        manager.client(ServiceConfig.builder("b", URI.create(serviceB.baseUrl())).build());

    // When the services are listed
    List<ServiceClient> services = manager.services();

    // Then they are the same clients, in registration order
    assertThat(services).containsExactly(c, a, b);
    // And the list cannot be changed, and does not follow later registrations
    assertThatThrownBy(() -> services.add(c)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> services.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    ServiceClient d =
        manager.client(ServiceConfig.builder("d", URI.create(serviceB.baseUrl())).build());
    assertThat(services).containsExactly(c, a, b);
    assertThat(manager.services()).containsExactly(c, a, b, d);
  }

  @Test
  void saturatedService_doesNotDelayAnotherService() throws Exception {
    serviceB.stubFor(
        get(urlPathEqualTo("/b/ping")).willReturn(aResponse().withStatus(200).withBody("pong")));
    try (LoopbackServer serviceA =
            new LoopbackServer(
                (request, exchange) -> {
                  exchange.awaitRelease();
                  exchange.respond(200, "late");
                });
        HttpClientManager manager = leaks.manager()) {
      ServiceClient a =
          manager.client(
              ServiceConfig.builder("a", serviceA.baseUri())
                  .maxConcurrency(A_LIMIT)
                  .maxQueued(A_QUEUED)
                  .build());
      ServiceClient b =
          manager.client(ServiceConfig.builder("b", URI.create(serviceB.baseUrl() + "/b")).build());

      // Given A with every permit held at its server and a full queue behind them
      List<CompletableFuture<ServiceResponse>> callsA = new ArrayList<>();
      for (int i = 0; i < A_LIMIT + A_QUEUED; i++) {
        callsA.add(a.send(ServiceRequest.get("slow").build()));
      }
      awaitTrue(() -> serviceA.inProgress() == A_LIMIT, "A's server holds " + A_LIMIT);
      assertThat(a.stats().queued()).isEqualTo(A_QUEUED);

      // When B is called 50 times
      long start = System.nanoTime();
      AtomicLong slowest = new AtomicLong();
      List<CompletableFuture<ServiceResponse>> callsB = new ArrayList<>();
      for (int i = 0; i < B_CALLS; i++) {
        long sent = System.nanoTime();
        callsB.add(
            b.send(ServiceRequest.get("ping").build())
                .whenComplete(
                    (response, failure) ->
                        slowest.accumulateAndGet(System.nanoTime() - sent, Math::max)));
      }
      CompletableFuture.allOf(callsB.toArray(CompletableFuture[]::new))
          .get(B_BOUND.toMillis(), MILLISECONDS);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // Then every B call succeeded promptly
      assertThat(callsB).allSatisfy(call -> assertThat(call.join().text()).isEqualTo("pong"));
      assertThat(elapsed).isLessThan(B_BOUND);
      assertThat(Duration.ofNanos(slowest.get())).isLessThan(B_BOUND);
      serviceB.verify(B_CALLS, getRequestedFor(urlPathEqualTo("/b/ping")));
      awaitStats(b, stats -> stats.successes() == B_CALLS, B_CALLS + " successes of B");

      // And A's state did not move
      assertThat(a.stats().inFlight()).isEqualTo(A_LIMIT);
      assertThat(a.stats().queued()).isEqualTo(A_QUEUED);
      assertThat(serviceA.received()).hasSize(A_LIMIT);
      assertThat(callsA).noneMatch(CompletableFuture::isDone);

      // And A recovers once its server answers
      serviceA.releaseAll();
      for (CompletableFuture<ServiceResponse> call : callsA) {
        assertThat(call.get(10, SECONDS).text()).isEqualTo("late");
      }
      assertThat(serviceA.received()).hasSize(A_LIMIT + A_QUEUED);
    }
  }
}
