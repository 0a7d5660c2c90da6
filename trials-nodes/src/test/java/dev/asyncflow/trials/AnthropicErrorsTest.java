package dev.asyncflow.trials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.trials.AnthropicHarness.MUTATION;
import static dev.asyncflow.trials.AnthropicHarness.await;
import static dev.asyncflow.trials.AnthropicHarness.error;
import static dev.asyncflow.trials.AnthropicHarness.failureOf;
import static dev.asyncflow.trials.AnthropicHarness.studies;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.CircuitOpenException;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.ResponseTimeoutException;
import dev.asyncflow.http.TransportException;
import dev.asyncflow.http.testing.LeakCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failures carry what the API said (status, error type and message, request id, attempts), or, when
 * it could not be reached, the flow-http failure as their cause.
 */
class AnthropicErrorsTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final AnthropicHarness harness = new AnthropicHarness(leaks, server);

  @ParameterizedTest(name = "HTTP {0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | invalid_request_error | max_tokens: Field required",
        "401 | authentication_error  | invalid x-api-key",
        "403 | permission_error      | Your API key does not have permission to use the model",
        "404 | not_found_error       | model: claude-nonexistent",
        "413 | request_too_large     | Request exceeds the maximum allowed number of bytes"
      })
  void errorBody_givesTheStatusTypeMessageAndRequestId(int status, String type, String message) {
    harness.replies(error(status, type, message, "req_011CTest" + status));
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    assertThat(failure.status()).isEqualTo(status);
    assertThat(failure.errorType()).isEqualTo(type);
    assertThat(failure.errorMessage()).isEqualTo(message);
    assertThat(failure.requestId()).isEqualTo("req_011CTest" + status);
    assertThat(failure.attempts()).isEqualTo(1);
    assertThat(failure)
        .hasMessage(
            "the Anthropic API answered HTTP %d %s: %s (request-id req_011CTest%d, attempts: 1)",
            status, type, message, status)
        .hasCauseInstanceOf(HttpStatusException.class);
  }

  @Test
  void htmlErrorPageFromAProxy_givesNoErrorType_andTheStartOfTheBodyAsMessage() {
    String page = "<html><body><h1>403 Forbidden</h1>blocked by policy</body></html>";
    harness.replies(
        aResponse().withStatus(403).withHeader("Content-Type", "text/html").withBody(page));
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    assertThat(failure.errorType()).isNull();
    assertThat(failure.errorMessage()).isEqualTo(page);
    assertThat(failure.requestId()).isNull();
    assertThat(failure)
        .hasMessage(
            "the Anthropic API answered HTTP 403: " + page + " (request-id none, attempts: 1)");
  }

  @Test
  void jsonErrorBodyOfAnotherShape_givesNoErrorType_andTheBodyAsMessage() {
    String body = "{\"detail\":\"Not Found\"}";
    harness.replies(aResponse().withStatus(404).withBody(body));
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    assertThat(failure.errorType()).isNull();
    assertThat(failure.errorMessage()).isEqualTo(body);
  }

  @Test
  void emptyErrorBody_givesAnEmptyMessage() {
    harness.replies(aResponse().withStatus(404).withHeader("request-id", "req_empty"));
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    assertThat(failure.errorType()).isNull();
    assertThat(failure.errorMessage()).isEmpty();
    assertThat(failure)
        .hasMessage("the Anthropic API answered HTTP 404 (request-id req_empty, attempts: 1)");
  }

  @Test
  void connectionReset_isRetried_thenFailsAsUnreachable_causedByTheTransportFailure() {
    harness.replies(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    TrialSummarizer summarizer = harness.builder().build();

    CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, studies());
    harness.advanceThroughRetries(summary);

    AnthropicException failure = failureOf(summary, AnthropicException.class);
    assertThat(failure.getMessage()).startsWith("the Anthropic API could not be reached: ");
    assertThat(failure).hasCauseInstanceOf(TransportException.class);
    assertThat(failure.attempts()).isEqualTo(3);
    assertThat(harness.requests()).isEqualTo(3);
  }

  @Test
  void closedPort_failsAsUnreachable_causedByTheTransportFailure() throws IOException {
    TrialSummarizer summarizer =
        harness
            .builder()
            .baseUri(URI.create("http://127.0.0.1:" + closedPort()))
            .configureService(service -> service.retryPolicy(HttpRetryPolicy.none()))
            .build();

    AnthropicException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicException.class);

    assertThat(failure.getMessage()).startsWith("the Anthropic API could not be reached: ");
    assertThat(failure).hasCauseInstanceOf(TransportException.class);
    assertThat(failure.attempts()).isEqualTo(1);
  }

  @Test
  void noResponseWithinTheResponseTimeout_failsAsUnreachable_causedByTheTimeout()
      throws IOException {
    try (ServerSocket silent = AnthropicHarness.silentServer()) {
      // Given a server that never answers, and the response timeout of 60 s (virtual time)
      TrialSummarizer summarizer =
          harness
              .builder()
              .baseUri(AnthropicHarness.uriOf(silent))
              .configureService(service -> service.retryPolicy(HttpRetryPolicy.none()))
              .build();
      CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, studies());
      await(() -> harness.client().stats().inFlight() == 1, "the request to be in flight");

      // When 60 s pass
      harness.scheduler.advance(Duration.ofSeconds(60));

      // Then the call fails with the timeout as its cause
      AnthropicException failure = failureOf(summary, AnthropicException.class);
      assertThat(failure.getMessage()).startsWith("the Anthropic API could not be reached: ");
      assertThat(failure).hasCauseInstanceOf(ResponseTimeoutException.class);
    }
  }

  @Test
  void openCircuit_failsAsUnreachable_withoutARequest() {
    // Given a breaker that opens after one failure, and a first call that fails with a 500
    harness.replies(error(500, "api_error", "Internal server error", "req_500"));
    TrialSummarizer summarizer =
        harness
            .builder()
            .configureService(
                service ->
                    service
                        .retryPolicy(HttpRetryPolicy.none())
                        .circuitBreaker(
                            CircuitBreakerPolicy.builder().consecutiveFailures(1).build()))
            .build();
    failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    // When a second call is made
    AnthropicException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicException.class);

    // Then it fails at once, naming the open circuit, and the server saw only the first
    assertThat(failure.getMessage()).startsWith("the Anthropic API could not be reached: ");
    assertThat(failure).hasCauseInstanceOf(CircuitOpenException.class);
    assertThat(failure.attempts()).isZero();
    assertThat(harness.requests()).isEqualTo(1);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
