package dev.asyncflow.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a status outside 2xx, after any retries the service's policy allowed.
 * Carries the status, the start of the body, the {@code request-id} header and the {@code
 * Retry-After} delay when the server sent them.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class HttpStatusException extends HttpCallException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  private final int status;

  /** The start of the body as text. */
  private final String bodyStart;

  /** The server's request id, if sent. */
  private final @Nullable String requestId;

  /** The Retry-After delay, if sent. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param status the HTTP status code
   * @param bodyStart the start of the response body as text, possibly empty
   * @param requestId the {@code request-id} (or {@code x-request-id}) header, if any
   * @param retryAfter the delay the {@code Retry-After} header asked for, if any
   */
  public HttpStatusException(
      CallInfo call,
      int attempts,
      int status,
      String bodyStart,
      @Nullable String requestId,
      @Nullable Duration retryAfter) {
    super(describe(status, bodyStart, requestId, retryAfter), call, attempts, null);
    this.status = status;
    this.bodyStart = bodyStart;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }

  private static String describe(
      int status, String bodyStart, @Nullable String requestId, @Nullable Duration retryAfter) {
    StringBuilder text = new StringBuilder("HTTP ").append(status);
    if (requestId != null) {
      text.append(", request-id ").append(requestId);
    }
    if (retryAfter != null) {
      text.append(", Retry-After ").append(retryAfter.toMillis()).append(" ms");
    }
    if (!bodyStart.isEmpty()) {
      text.append(": ").append(bodyStart);
    }
    return text.toString();
  }

  /**
   * Returns the HTTP status code.
   *
   * @return the status, outside 200..299
   */
  public int status() {
    return status;
  }

  /**
   * Returns the start of the response body as text (at most 512 characters).
   *
   * @return the body start, empty when the body was empty
   */
  public String bodyStart() {
    return bodyStart;
  }

  /**
   * Returns the server's request id from the {@code request-id} or {@code x-request-id} header.
   *
   * @return the request id, or null when the server sent none
   */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * Returns the delay the server asked for with {@code Retry-After}.
   *
   * @return the delay, or null when the header was absent or unreadable
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public FailureKind kind() {
    return FailureKind.HTTP_STATUS;
  }
}
