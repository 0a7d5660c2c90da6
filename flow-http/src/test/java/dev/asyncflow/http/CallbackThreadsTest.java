package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The caller's continuations and the final events run on the manager's worker threads, never on a
 * JDK thread: not the selector, and not the per-task threads {@code CompletableFuture}'s default
 * executor starts on JDK 17 with two processors.
 */
class CallbackThreadsTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final List<String> eventThreads = new CopyOnWriteArrayList<>();

  private final HttpEventListener recorder =
      new HttpEventListener() {
        @Override
        public void callSucceeded(CallInfo call, int status, int attempts, Duration elapsed) {
          eventThreads.add(Thread.currentThread().getName());
        }

        @Override
        public void callFailed(CallInfo call, Throwable failure, Duration elapsed) {
          eventThreads.add(Thread.currentThread().getName());
        }
      };

  @Test
  void successAndFailure_reachTheCallerOnWorkerThreads() throws Exception {
    server.stubFor(get("/ok").willReturn(aResponse().withFixedDelay(200).withBody("{}")));
    server.stubFor(get("/down").willReturn(aResponse().withFixedDelay(200).withStatus(503)));
    try (HttpClientManager manager = leaks.manager()) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("threads", URI.create(server.baseUrl()))
                  .retryPolicy(HttpRetryPolicy.none())
                  .listener(recorder)
                  .build());

      // Given continuations attached while the server still delays its answers
      CompletableFuture<String> success =
          client.send(ServiceRequest.get("ok").build()).handle((r, e) -> threadName());
      CompletableFuture<String> failure =
          client.send(ServiceRequest.get("down").build()).handle((r, e) -> threadName());

      // Then they run on the manager's workers, as do the final events
      assertThat(success.get(10, SECONDS)).startsWith("asyncflow-http-").contains("-worker-");
      assertThat(failure.get(10, SECONDS)).startsWith("asyncflow-http-").contains("-worker-");
      assertThat(eventThreads)
          .hasSize(2)
          .allSatisfy(name -> assertThat(name).startsWith("asyncflow-http-").contains("-worker-"));
    }
  }

  private static String threadName() {
    return Thread.currentThread().getName();
  }
}
