package dev.asyncflow.trials;

import org.jspecify.annotations.Nullable;

/**
 * The Anthropic API answered with a status outside 2xx, after the retries its rules allow. Carries
 * what the server said: the status, the error type and message of its error body ({@code
 * {"type":"error","error":{"type":"rate_limit_error","message":"..."}}}) and the {@code request-id}
 * header to quote to Anthropic's support.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class AnthropicApiException extends AnthropicException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  private final int status;

  /** The error body's {@code error.type}, if the body had that shape. */
  private final @Nullable String errorType;

  /** The error body's {@code error.message}, or the start of the body. */
  private final String errorMessage;

  /** The {@code request-id} header, if sent. */
  private final @Nullable String requestId;

  /**
   * Creates the exception; its message names the status, the error type and message, the request id
   * and the attempts.
   *
   * @param status the HTTP status
   * @param errorType the error body's {@code error.type}, or null when the body was not Anthropic's
   *     error JSON
   * @param errorMessage the error body's {@code error.message}, or else the start of the body
   *     (secrets redacted), possibly empty
   * @param requestId the {@code request-id} header, or null
   * @param attempts how many requests of the call reached the network
   * @param cause the flow-http failure, or null
   */
  public AnthropicApiException(
      int status,
      @Nullable String errorType,
      String errorMessage,
      @Nullable String requestId,
      int attempts,
      @Nullable Throwable cause) {
    super(describe(status, errorType, errorMessage, requestId, attempts), attempts, cause);
    this.status = status;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.requestId = requestId;
  }

  private static String describe(
      int status,
      @Nullable String errorType,
      String errorMessage,
      @Nullable String requestId,
      int attempts) {
    StringBuilder text = new StringBuilder("the Anthropic API answered HTTP ").append(status);
    if (errorType != null) {
      text.append(' ').append(errorType);
    }
    if (!errorMessage.isEmpty()) {
      text.append(": ").append(errorMessage);
    }
    text.append(" (request-id ").append(requestId == null ? "none" : requestId);
    return text.append(", attempts: ").append(attempts).append(')').toString();
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status, outside 200..299
   */
  public int status() {
    return status;
  }

  /**
   * Returns the error type the API named, such as {@code "rate_limit_error"} or {@code
   * "overloaded_error"}.
   *
   * @return the type, or null when the body was not Anthropic's error JSON (an HTML page from a
   *     proxy, an empty body)
   */
  public @Nullable String errorType() {
    return errorType;
  }

  /**
   * Returns the error message the API gave, or, when the body was not Anthropic's error JSON, the
   * start of the body (at most 512 characters, secrets redacted).
   *
   * @return the message, possibly empty
   */
  public String errorMessage() {
    return errorMessage;
  }

  /**
   * Returns the {@code request-id} header of the failed response.
   *
   * @return the id, or null when the server sent none
   */
  public @Nullable String requestId() {
    return requestId;
  }
}
