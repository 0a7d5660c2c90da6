package dev.asyncflow.trials.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.ResponseDecodeException;
import dev.asyncflow.http.ServiceResponse;
import dev.asyncflow.trials.AnthropicApiException;
import dev.asyncflow.trials.AnthropicException;
import dev.asyncflow.trials.TrialSummary;
import dev.asyncflow.trials.TrialSummary.TokenUsage;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** Reads the Anthropic Messages API's replies and error bodies, and maps call failures. */
public final class AnthropicReplies {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AnthropicReplies() {}

  /**
   * What a 2xx reply said.
   *
   * @param text the text of its {@code content[]} items of type {@code text}, concatenated
   * @param model {@code model}
   * @param stopReason {@code stop_reason}
   * @param usage {@code usage}, when both counts are present
   * @param attempts how many requests the call took
   */
  public record Reply(
      String text,
      @Nullable String model,
      @Nullable String stopReason,
      @Nullable TokenUsage usage,
      int attempts) {}

  /**
   * Reads a 2xx reply, as the call's body reader.
   *
   * @param response the reply
   * @return what it said
   * @throws ResponseDecodeException if the body is not JSON
   */
  public static Reply read(ServiceResponse response) {
    JsonNode body = response.json();
    return new Reply(
        text(body.path("content")),
        textual(body.path("model")),
        textual(body.path("stop_reason")),
        usage(body.path("usage")),
        response.attempts());
  }

  private static String text(JsonNode content) {
    StringBuilder text = new StringBuilder();
    for (JsonNode item : content) {
      if ("text".equals(item.path("type").asText()) && item.path("text").isTextual()) {
        text.append(item.path("text").asText());
      }
    }
    return text.toString();
  }

  private static @Nullable String textual(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  private static @Nullable TokenUsage usage(JsonNode usage) {
    JsonNode input = usage.path("input_tokens");
    JsonNode output = usage.path("output_tokens");
    if (!input.canConvertToInt() || !output.canConvertToInt()) {
      return null;
    }
    return new TokenUsage(input.intValue(), output.intValue());
  }

  /**
   * Returns the summary a reply gives.
   *
   * @param reply the reply
   * @param studyCount how many studies the summarizer was given
   * @return the summary
   * @throws AnthropicException if the reply holds no text
   */
  public static TrialSummary summary(Reply reply, int studyCount) {
    if (reply.text().isBlank()) {
      throw new AnthropicException(
          "the Anthropic API's reply held no text (stop_reason: " + reply.stopReason() + ")",
          reply.attempts(),
          null);
    }
    return new TrialSummary(
        reply.text(),
        TrialSummary.Source.LANGUAGE_MODEL,
        reply.model(),
        reply.stopReason(),
        reply.usage(),
        studyCount);
  }

  /**
   * Returns the failure a summarizer reports for a failed call: an {@link AnthropicApiException}
   * for a status outside 2xx, an {@link AnthropicException} for any other flow-http failure, and
   * anything else unchanged.
   *
   * @param thrown the failure, possibly wrapped in {@link CompletionException}
   * @return the failure to report
   */
  public static Throwable failure(Throwable thrown) {
    Throwable failure = unwrapped(thrown);
    if (failure instanceof HttpStatusException status) {
      return apiException(status);
    }
    if (failure instanceof ResponseDecodeException decode) {
      return new AnthropicException(
          "the Anthropic API's reply could not be read: " + decode.getMessage(),
          decode.attempts(),
          decode);
    }
    if (failure instanceof HttpCallException call) {
      return new AnthropicException(
          "the Anthropic API could not be reached: " + call.getMessage(), call.attempts(), call);
    }
    return failure;
  }

  private static Throwable unwrapped(Throwable thrown) {
    Throwable cause = thrown.getCause();
    return thrown instanceof CompletionException && cause != null ? unwrapped(cause) : thrown;
  }

  /**
   * Maps a status failure, reading Anthropic's error body {@code
   * {"type":"error","error":{"type":...,"message":...}}} from its (redacted) start; any other body
   * is kept as the message and leaves the error type null.
   *
   * @param status the failure
   * @return the exception
   */
  static AnthropicApiException apiException(HttpStatusException status) {
    @Nullable JsonNode error = errorOf(status.bodyStart());
    return new AnthropicApiException(
        status.status(),
        error == null ? null : error.path("type").asText(),
        error == null ? status.bodyStart() : error.path("message").asText(),
        status.requestId(),
        status.attempts(),
        status);
  }

  private static @Nullable JsonNode errorOf(String body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      JsonNode error = root.path("error");
      boolean anthropic = "error".equals(root.path("type").asText());
      return anthropic && error.path("type").isTextual() ? error : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
