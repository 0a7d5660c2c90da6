package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.http.TestCalls.awaitStats;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client side uses a fixed number of threads, however many requests it has carried. */
class ThreadCountTest {
  private static final int WORKERS = 4;
  private static final int CONCURRENCY = 200;
  private static final int MANY = 10_000;

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().disableRequestJournal())
          .build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void threadCount_after10000Requests_equalsCountAfter10() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/fast")).willReturn(aResponse().withStatus(200).withBody("ok")));
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (HttpClientManager manager = leaks.manager(b -> b.workerThreads(WORKERS))) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("fast", URI.create(server.baseUrl()))
                  .maxConcurrency(CONCURRENCY)
                  .maxQueued(MANY)
                  .build());

      runAll(client, 10);
      List<String> afterFew = newClientThreads(before);

      long start = System.nanoTime();
      runAll(client, MANY);
      long millis = (System.nanoTime() - start) / 1_000_000;
      List<String> afterMany = newClientThreads(before);

      assertThat(afterMany)
          .as("threads after %d requests (%d ms)", MANY, millis)
          .isEqualTo(afterFew);
      // workers + the scheduler + the JDK client's selector thread
      assertThat(afterMany).hasSizeLessThanOrEqualTo(WORKERS + 2);
      assertThat(afterMany)
          .filteredOn(name -> name.startsWith("asyncflow-http-"))
          .hasSize(WORKERS + 1);
      awaitStats(client, stats -> stats.successes() == 10 + MANY, "every call counted");
    }
  }

  private static void runAll(ServiceClient client, int count) throws Exception {
    List<CompletableFuture<ServiceResponse>> calls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      calls.add(client.send(ServiceRequest.get("fast").build()));
    }
    if (count > CONCURRENCY) {
      assertThat(client.stats().inFlight()).as("requests on the network").isEqualTo(CONCURRENCY);
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, SECONDS);
  }

  /** Names of live client-side threads started since {@code before}, sorted. */
  private static List<String> newClientThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .filter(name -> name.startsWith("asyncflow-http-") || name.startsWith("HttpClient-"))
        .sorted()
        .collect(Collectors.toList());
  }
}
