package dev.asyncflow.trials;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.trials.AnthropicHarness.MUTATION;
import static dev.asyncflow.trials.AnthropicHarness.error;
import static dev.asyncflow.trials.AnthropicHarness.failureOf;
import static dev.asyncflow.trials.AnthropicHarness.ok;
import static dev.asyncflow.trials.AnthropicHarness.studies;
import static dev.asyncflow.trials.AnthropicHarness.valueOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Messages API's retry rules: a 429 with Retry-After (not before it), 529 and 5xx are retried;
 * a 429 without Retry-After and 400, 401, 403, 404, 413 are not.
 */
class AnthropicRetryTest {
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final AnthropicHarness harness = new AnthropicHarness(leaks, server);

  @Test
  void status429WithRetryAfter_isRetried_notBeforeRetryAfterHasPassed() throws Exception {
    // Given a 429 asking to come back in 7 s, then a reply
    harness.replies(
        error(429, "rate_limit_error", "Too many requests", "req_429")
            .withHeader("retry-after", "7"),
        ok());
    TrialSummarizer summarizer = harness.builder().build();

    // When the call waits out its retry
    CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, studies());
    harness.awaitRetryTimer(summary, 0);

    // Then the wait is at least Retry-After, and the retry goes out only once it has passed
    assertThat(harness.retries.delays).singleElement().isEqualTo(Duration.ofSeconds(7));
    assertThat(harness.scheduler.delays()).contains(Duration.ofSeconds(7));
    harness.scheduler.advance(Duration.ofMillis(6_999));
    assertThat(harness.requests()).isEqualTo(1);
    assertThat(summary).isNotDone();
    harness.scheduler.advance(Duration.ofMillis(1));
    assertThat(valueOf(summary).source()).isEqualTo(TrialSummary.Source.LANGUAGE_MODEL);
    assertThat(harness.requests()).isEqualTo(2);
  }

  @Test
  void status429WithoutRetryAfter_isNotRetried() {
    // Given a 429 without Retry-After, as for a spend limit, which waiting does not cure
    harness.replies(error(429, "rate_limit_error", "Spend limit reached", "req_spend"), ok());
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    assertThat(failure.status()).isEqualTo(429);
    assertThat(failure.errorType()).isEqualTo("rate_limit_error");
    assertThat(failure.attempts()).isEqualTo(1);
    assertThat(harness.requests()).isEqualTo(1);
    assertThat(harness.retries.delays).isEmpty();
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @CsvSource({
    "529, overloaded_error",
    "500, api_error",
    "502, api_error",
    "503, api_error",
    "504, api_error"
  })
  void overloadedAndServerErrors_areRetried_thenTheReplyIsRead(int status, String type)
      throws Exception {
    harness.replies(error(status, type, "try again", "req_" + status), ok());
    TrialSummarizer summarizer = harness.builder().build();

    CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, studies());
    harness.advanceThroughRetries(summary);

    assertThat(valueOf(summary).text()).contains("NCT05000001");
    assertThat(harness.requests()).isEqualTo(2);
    assertThat(harness.retries.delays).hasSize(1);
  }

  @Test
  void persistentOverload_failsAfterThreeAttempts_withTheLastError() {
    harness.replies(error(529, "overloaded_error", "Overloaded", "req_busy"));
    TrialSummarizer summarizer = harness.builder().build();

    CompletableFuture<TrialSummary> summary = summarizer.summarize(MUTATION, studies());
    harness.advanceThroughRetries(summary);

    AnthropicApiException failure = failureOf(summary, AnthropicApiException.class);
    assertThat(failure.status()).isEqualTo(529);
    assertThat(failure.errorType()).isEqualTo("overloaded_error");
    assertThat(failure.attempts()).isEqualTo(3);
    assertThat(harness.requests()).isEqualTo(3);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 403, 404, 413})
  void clientErrors_areNotRetried(int status) {
    harness.replies(error(status, "some_error", "no", "req_" + status), ok());
    TrialSummarizer summarizer = harness.builder().build();

    AnthropicApiException failure =
        failureOf(summarizer.summarize(MUTATION, studies()), AnthropicApiException.class);

    assertThat(failure.status()).isEqualTo(status);
    assertThat(failure.attempts()).isEqualTo(1);
    assertThat(harness.requests()).isEqualTo(1);
    assertThat(harness.retries.delays).isEmpty();
  }
}
