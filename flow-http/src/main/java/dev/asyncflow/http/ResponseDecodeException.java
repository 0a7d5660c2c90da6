package dev.asyncflow.http;

import org.jspecify.annotations.Nullable;

/**
 * The response body could not be decoded: a broken gzip stream, malformed JSON, JSON that does not
 * fit the requested type, or a {@link BodyReader} that threw (then its cause). The message names
 * the target and the start of the body, not a parser stack trace. Inside a call ({@link
 * ServiceClient#json(ServiceRequest)} and the other reading methods) it fails the call, counted
 * under {@link FailureKind#DECODE}; thrown by {@link ServiceResponse#json()} after the call, it is
 * the caller's own.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class ResponseDecodeException extends HttpCallException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what happened
   * @param call the call that failed
   * @param attempts how many requests reached the network
   * @param cause the underlying failure, if any
   */
  public ResponseDecodeException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(detail, call, attempts, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.DECODE;
  }
}
