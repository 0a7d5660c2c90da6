package dev.asyncflow.trials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.trials.AnthropicHarness.KEY;
import static dev.asyncflow.trials.AnthropicHarness.MUTATION;
import static dev.asyncflow.trials.AnthropicHarness.errorBody;
import static dev.asyncflow.trials.AnthropicHarness.failureOf;
import static dev.asyncflow.trials.AnthropicHarness.studies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.HttpEventListener;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.testing.LeakCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API key reaches the server and nothing else: no message, event, log or toString. */
class AnthropicSecretsTest {
  /** A part of the key that no redaction marker or other text contains. */
  private static final String KEY_PART = "s3cr3t";

  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final AnthropicHarness harness = new AnthropicHarness(leaks, server);
  private final EventText events = new EventText();
  private final LogText logs = new LogText();

  @BeforeEach
  void captureLogs() {
    logs.install();
  }

  @AfterEach
  void releaseLogs() {
    logs.uninstall();
  }

  @Test
  void a401WhoseBodyEchoesTheKey_reportsTheErrorWithTheKeyRedacted() {
    // Given a server that quotes the key it was sent in its 401 body
    server.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("request-id", "req_auth")
                    .withBody(errorBody("authentication_error", "invalid x-api-key: " + KEY))));
    TrialSummarizer summarizer =
        harness.builder().configureService(service -> service.listener(events)).build();

    // When a summary is asked for
    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    // Then the error is reported, the key redacted in every text the failure carries
    assertThat(failure.errorType()).isEqualTo("authentication_error");
    assertThat(failure.errorMessage()).isEqualTo("invalid x-api-key: [redacted]");
    assertThat(stackTrace(failure)).contains("[redacted]").doesNotContain(KEY_PART);
    assertThat(events.text()).isNotEmpty().doesNotContain(KEY_PART);
    assertThat(logs.text()).doesNotContain(KEY_PART);
    assertThat(harness.requests()).isEqualTo(1);
  }

  @Test
  void anUnreachableApi_failsWithoutTheKeyInAnyText() {
    server.stubFor(post("/v1/messages").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    TrialSummarizer summarizer =
        harness
            .builder()
            .configureService(
                service -> service.listener(events).retryPolicy(HttpRetryPolicy.none()))
            .build();

    AnthropicException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicException.class);

    assertThat(stackTrace(failure)).doesNotContain(KEY_PART);
    assertThat(events.text()).doesNotContain(KEY_PART);
    assertThat(logs.text()).doesNotContain(KEY_PART);
  }

  @Test
  void toStrings_showNoKey() {
    AnthropicSummarizer summarizer = harness.builder().build();

    assertThat(summarizer.toString()).doesNotContain(KEY_PART);
    assertThat(harness.client().config().toString())
        .contains("x-api-key=[redacted]")
        .doesNotContain(KEY_PART);
  }

  @Test
  void aKeyHoldingAControlCharacter_isRejected_withoutShowingIt() {
    AnthropicSummarizer.Builder builder =
        harness.builder().apiKey("sk-ant-" + KEY_PART + "\u0007x");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(KEY_PART);
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text + " " + failure;
  }

  /** Every event of the service, as text. */
  private static final class EventText extends HttpEventListener {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    String text() {
      return String.join("\n", lines);
    }

    @Override
    public void callStarted(CallInfo call) {
      lines.add("callStarted " + call);
    }

    @Override
    public void attemptFailed(CallInfo call, int attempt, Throwable failure, Duration elapsed) {
      lines.add("attemptFailed " + call + " " + stackTrace(failure));
    }

    @Override
    public void callFailed(CallInfo call, Throwable failure, Duration elapsed) {
      lines.add("callFailed " + call + " " + stackTrace(failure));
    }
  }

  /** Every log record of asyncflow's loggers, formatted, while installed. */
  private static final class LogText extends Handler {
    private final Logger logger = Logger.getLogger("dev.asyncflow");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Level previous;

    void install() {
      previous = logger.getLevel();
      logger.setLevel(Level.ALL);
      setFormatter(new SimpleFormatter());
      logger.addHandler(this);
    }

    void uninstall() {
      logger.removeHandler(this);
      logger.setLevel(previous);
    }

    String text() {
      return String.join("\n", lines);
    }

    @Override
    public void publish(LogRecord record) {
      lines.add(getFormatter().format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
