package dev.asyncflow.http.internal;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.ConnectTimeoutException;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.ResponseTimeoutException;
import dev.asyncflow.http.TransportException;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How JDK failures map to ours, and which failures are retried or count against a service. */
final class Failures {
  private Failures() {}

  /**
   * Turns what the JDK client failed with into one of our exceptions.
   *
   * @param failure the JDK's failure, possibly wrapped
   * @param call the call
   * @param attempts attempts made so far
   * @return our exception
   */
  static HttpCallException fromJdk(Throwable failure, CallInfo call, int attempts) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpCallException ours) {
      return ours;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new ConnectTimeoutException("connect timed out", call, attempts, cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new ResponseTimeoutException("no response in time", call, attempts, cause);
    }
    String what = cause instanceof IOException ? "connection failed" : "request failed";
    return new TransportException(what + ": " + describe(cause), call, attempts, cause);
  }

  /**
   * Describes a failure of the engine itself, or of user code it runs outside a call's reader (a
   * random source, a scheduler), caught where it would otherwise be lost. Never retried.
   *
   * @param what the step that failed, as in "while ..."
   * @param failure what it threw
   * @param call the call
   * @param attempts requests of the call that reached the network
   * @return the failure to end the call or attempt with
   */
  static HttpCallException unexpected(String what, Throwable failure, CallInfo call, int attempts) {
    Throwable cause = unwrap(failure);
    return new TransportException(
        "unexpected failure while " + what + ": " + describe(cause), call, attempts, cause);
  }

  /** How an attempt counts for the circuit breaker. */
  enum Verdict {
    /** The service worked (it answered, even with a 4xx other than 408 and 429). */
    SUCCESS,
    /** The service failed (connection failure, timeout, 5xx, 408, 429 without Retry-After). */
    FAILURE,
    /** No outcome: the attempt was never sent, was cancelled, or the server paced us. */
    NONE
  }

  /**
   * Returns whether a failed attempt may be retried, methods aside.
   *
   * @param failure the failure
   * @param policy the service's retry policy
   * @return true for connection failures, connect/response/read timeouts, the policy's statuses,
   *     and decode failures when the policy retries them
   */
  static boolean retryable(HttpCallException failure, HttpRetryPolicy policy) {
    return switch (failure.kind()) {
      case TRANSPORT -> failure.getCause() instanceof IOException;
      case CONNECT_TIMEOUT, RESPONSE_TIMEOUT, READ_TIMEOUT -> true;
      case HTTP_STATUS ->
          policy.retryableStatuses().contains(((HttpStatusException) failure).status());
      case DECODE -> policy.retryOnDecodeFailure();
      case DEADLINE, ACQUIRE_TIMEOUT, QUEUE_FULL, CIRCUIT_OPEN, CLOSED, CANCELLED -> false;
    };
  }

  /**
   * Returns how an attempt that reached the network and ended with {@code failure} counts for the
   * circuit breaker. A 429 with {@code Retry-After} is the server pacing us, not failing: no
   * verdict. A body that fails to decode came with a 2xx: the service worked. An attempt cut short
   * by the deadline met a slow service; by a cancel or a close, no verdict.
   *
   * @param failure how the attempt ended (a {@link CancellationException} for a cancel)
   * @return the verdict
   */
  static Verdict verdictOf(Throwable failure) {
    return switch (kindOf(failure)) {
      case TRANSPORT, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, READ_TIMEOUT, DEADLINE -> Verdict.FAILURE;
      case HTTP_STATUS -> statusVerdict((HttpStatusException) unwrap(failure));
      case DECODE -> Verdict.SUCCESS;
      case ACQUIRE_TIMEOUT, QUEUE_FULL, CIRCUIT_OPEN, CLOSED, CANCELLED -> Verdict.NONE;
    };
  }

  private static Verdict statusVerdict(HttpStatusException failure) {
    int status = failure.status();
    if (status == 429 && failure.retryAfter() != null) {
      return Verdict.NONE;
    }
    return status >= 500 || status == 408 || status == 429 ? Verdict.FAILURE : Verdict.SUCCESS;
  }

  /**
   * Returns the kind a call outcome is counted under.
   *
   * @param failure how the call ended
   * @return its kind, {@link FailureKind#CANCELLED} for a cancellation
   */
  static FailureKind kindOf(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpCallException ours) {
      return ours.kind();
    }
    return cause instanceof CancellationException ? FailureKind.CANCELLED : FailureKind.TRANSPORT;
  }

  /**
   * Describes a failure for a log line: its kind, and the status for an HTTP error, but never the
   * body, which a server may fill with anything.
   *
   * @param failure the failure
   * @return a short description
   */
  static String brief(HttpCallException failure) {
    return failure instanceof HttpStatusException status
        ? "HTTP " + status.status()
        : failure.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message;
  }
}
