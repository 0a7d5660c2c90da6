package dev.asyncflow.trials.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.CircuitOpenException;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.trials.AnthropicApiException;
import dev.asyncflow.trials.AnthropicException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Error bodies of every shape map to an AnthropicApiException; other failures as documented. */
class AnthropicRepliesTest {
  private static final CallInfo CALL =
      new CallInfo(1, "anthropic", "POST", "https://api.anthropic.com/v1/messages");

  @Test
  void apiException_readsAnthropicsErrorBody() {
    AnthropicApiException failure =
        AnthropicReplies.apiException(
            status(
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

    assertThat(failure.errorType()).isEqualTo("overloaded_error");
    assertThat(failure.errorMessage()).isEqualTo("Overloaded");
    assertThat(failure.requestId()).isEqualTo("req_1");
    assertThat(failure.attempts()).isEqualTo(2);
  }

  @Test
  void apiException_errorWithoutMessage_givesAnEmptyMessage() {
    AnthropicApiException failure =
        AnthropicReplies.apiException(
            status(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\"}}"));

    assertThat(failure.errorType()).isEqualTo("api_error");
    assertThat(failure.errorMessage()).isEmpty();
  }

  @Test
  void apiException_bodyCutShort_keepsTheBodyAsMessage_withoutAType() {
    String cut =
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"a";

    AnthropicApiException failure = AnthropicReplies.apiException(status(400, cut));

    assertThat(failure.errorType()).isNull();
    assertThat(failure.errorMessage()).isEqualTo(cut);
  }

  @Test
  void apiException_jsonOfAnotherType_hasNoErrorType() {
    String body = "{\"type\":\"message\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}";

    AnthropicApiException failure = AnthropicReplies.apiException(status(500, body));

    assertThat(failure.errorType()).isNull();
    assertThat(failure.errorMessage()).isEqualTo(body);
  }

  @Test
  void failure_unwrapsCompletionExceptions() {
    Throwable mapped =
        AnthropicReplies.failure(new CompletionException(new CompletionException(status(503, ""))));

    assertThat(mapped).isInstanceOf(AnthropicApiException.class);
  }

  @Test
  void failure_ofAnotherHttpKind_isAnAnthropicException_causedByIt() {
    CircuitOpenException open = new CircuitOpenException("circuit open", CALL, 0, null);

    Throwable mapped = AnthropicReplies.failure(new CompletionException(open));

    assertThat(mapped)
        .isExactlyInstanceOf(AnthropicException.class)
        .hasCause(open)
        .hasMessageStartingWith("the Anthropic API could not be reached: ");
  }

  @Test
  void failure_thatIsNoHttpFailure_isKeptAsItIs() {
    IllegalStateException bug = new IllegalStateException("bug");

    assertThat(AnthropicReplies.failure(new CompletionException(bug))).isSameAs(bug);
  }

  private static HttpStatusException status(int status, String body) {
    return new HttpStatusException(CALL, 2, status, body, "req_1", null);
  }
}
