package dev.asyncflow.trials;

import static dev.asyncflow.trials.SummaryStudies.criteria;
import static dev.asyncflow.trials.SummaryStudies.study;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpEventListener;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the Anthropic summarizer tests share: a manager on virtual time, a recorder of retries, a
 * summarizer pointed at a WireMock server, canned replies, and bounded waits (nothing sleeps for a
 * fixed time).
 */
final class AnthropicHarness {
  /** A key that looks real; every test checks it never shows where it must not. */
  static final String KEY = "sk-ant-api03-s3cr3t-Q1w2E3r4T5y6U7i8O9p0";

  static final String MUTATION = "EGFR L858R";

  /** A reply as the Messages API sends it, its text in two content items. */
  static final String REPLY =
      """
      {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
       "model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"## EGFR L858R trials\\n\\n"},
                  {"type":"text","text":"- NCT05000001 is recruiting."}],
       "stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":812,"output_tokens":95}}
      """;

  static final Duration WAIT = Duration.ofSeconds(10);

  final ManualScheduler scheduler = new ManualScheduler();
  final RetryRecorder retries = new RetryRecorder();
  final HttpClientManager manager;
  private final WireMockExtension server;

  AnthropicHarness(LeakCheck leaks, WireMockExtension server) {
    this.manager = leaks.manager(b -> b.scheduler(scheduler).shutdownGracePeriod(Duration.ZERO));
    this.server = server;
  }

  /** Two studies: one naming the mutation among its inclusion criteria, one bare. */
  static List<Study> studies() {
    return List.of(
        study("NCT05000001")
            .title("Osimertinib in EGFR L858R lung cancer")
            .status("RECRUITING")
            .phases("PHASE2")
            .sponsor("AstraZeneca")
            .criteria(criteria("EGFR L858R mutation", "Pregnancy"))
            .build(),
        study("NCT05000002").build());
  }

  /** A builder with the test key, the server as its root and the retry recorder attached. */
  AnthropicSummarizer.Builder builder() {
    return AnthropicSummarizer.builder(manager)
        .apiKey(KEY)
        .baseUri(URI.create(server.baseUrl()))
        .configureService(service -> service.listener(retries));
  }

  /**
   * Returns a loopback socket that completes connections (through its backlog) but never reads nor
   * answers: a server that stalls, without a thread. Close it after the test.
   */
  static ServerSocket silentServer() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** The root URI of {@code socket}. */
  static URI uriOf(ServerSocket socket) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** The summarizer's service client: the manager's only one. */
  ServiceClient client() {
    return manager.services().get(0);
  }

  /** Anthropic's error body. */
  static String errorBody(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\""
        + type
        + "\",\"message\":\""
        + message
        + "\"}}";
  }

  /** An error reply carrying Anthropic's error body and a request id. */
  static ResponseDefinitionBuilder error(int status, String type, String message, String id) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("request-id", id)
        .withBody(errorBody(type, message));
  }

  /** The successful reply {@link #REPLY}. */
  static ResponseDefinitionBuilder ok() {
    return WireMock.okJson(REPLY).withHeader("request-id", "req_ok");
  }

  /** Answers the i-th POST to /v1/messages with the i-th reply; the last one repeats. */
  void replies(ResponseDefinitionBuilder... replies) {
    for (int i = 0; i < replies.length; i++) {
      String state = i == 0 ? Scenario.STARTED : "reply " + i;
      String next = i == replies.length - 1 ? state : "reply " + (i + 1);
      server.stubFor(
          WireMock.post("/v1/messages")
              .inScenario("replies")
              .whenScenarioStateIs(state)
              .willReturn(replies[i])
              .willSetStateTo(next));
    }
  }

  /** How many requests the server received. */
  int requests() {
    return server.getAllServeEvents().size();
  }

  /**
   * Moves virtual time through each retry wait as soon as it is scheduled, until the call ends;
   * checks that no retry reaches the server before its wait has passed.
   */
  void advanceThroughRetries(CompletableFuture<?> call) {
    for (int retry = 0; retry < 10; retry++) {
      awaitRetryTimer(call, retry);
      if (call.isDone()) {
        return;
      }
      Duration wait = retries.delays.get(retry);
      scheduler.advance(wait.minusMillis(1));
      assertThat(requests())
          .as("requests before retry %d's wait passed", retry + 1)
          .isEqualTo(retry + 1);
      scheduler.advance(Duration.ofMillis(1));
    }
    throw new AssertionError("more than 10 retries");
  }

  /** Waits until the call ended or retry number {@code index} (0-based) is on the scheduler. */
  void awaitRetryTimer(CompletableFuture<?> call, int index) {
    // While a call waits out a retry, the scheduler holds exactly its deadline and its retry.
    await(
        () -> call.isDone() || (retries.delays.size() > index && scheduler.pendingCount() == 2),
        "the call to end or retry " + (index + 1) + " to be scheduled");
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after 10 s. */
  static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
  }

  /** Waits for {@code future} to fail and returns why. */
  static Throwable failureOf(CompletableFuture<?> future) {
    try {
      Object value = future.get(WAIT.toSeconds(), SECONDS);
      throw new AssertionError("expected a failure, but got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not end within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits for {@code future} to fail with a {@code type}, and returns the failure. */
  static <T extends Throwable> T failureOf(CompletableFuture<?> future, Class<T> type) {
    Throwable failure = failureOf(future);
    assertThat(failure).isExactlyInstanceOf(type);
    return type.cast(failure);
  }

  /** Waits for {@code future} to succeed and returns its value. */
  static <T> T valueOf(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), SECONDS);
  }

  /** Records the delay of every retry the service schedules, in order. */
  static final class RetryRecorder extends HttpEventListener {
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public void retryScheduled(
        CallInfo call, int attempt, HttpCallException reason, Duration delay) {
      delays.add(delay);
    }
  }
}
