package dev.asyncflow.http.internal;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.ConnectTimeoutException;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.ResponseTimeoutException;
import dev.asyncflow.http.TransportException;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
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
   * Returns whether a failed attempt may be retried, methods aside.
   *
   * @param failure the failure
   * @param statuses the retryable statuses
   * @return true for connection failures, connect/response/read timeouts and listed statuses
   */
  static boolean retryable(HttpCallException failure, Set<Integer> statuses) {
    return switch (failure.kind()) {
      case TRANSPORT -> failure.getCause() instanceof IOException;
      case CONNECT_TIMEOUT, RESPONSE_TIMEOUT, READ_TIMEOUT -> true;
      case HTTP_STATUS -> statuses.contains(((HttpStatusException) failure).status());
      default -> false;
    };
  }

  /**
   * Returns whether a failed attempt counts against the service's circuit breaker.
   *
   * @param failure the failure
   * @return true for connection failures, timeouts, 5xx, 408 and 429
   */
  static boolean countsAgainstService(HttpCallException failure) {
    return switch (failure.kind()) {
      case TRANSPORT, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, READ_TIMEOUT -> true;
      case HTTP_STATUS -> isServiceFault(((HttpStatusException) failure).status());
      default -> false;
    };
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

  private static boolean isServiceFault(int status) {
    return status >= 500 || status == 408 || status == 429;
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
