package dev.asyncflow.trials.internal;

import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.ResponseDecodeException;
import dev.asyncflow.trials.ClinicalTrialsException;
import dev.asyncflow.trials.ClinicalTrialsStatusException;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import dev.asyncflow.trials.QueryRejectedException;
import dev.asyncflow.trials.RateLimitedException;
import dev.asyncflow.trials.ServerErrorException;
import dev.asyncflow.trials.StudyNotFoundException;
import dev.asyncflow.trials.UnexpectedResponseException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Maps what a flow-http call failed with to the ClinicalTrials.gov exceptions. */
final class CallFailures {
  private CallFailures() {}

  /**
   * Returns a future that completes as {@code call} does, its value converted and its failure
   * mapped, and that cancels {@code call} when it is cancelled itself.
   *
   * @param call the flow-http call
   * @param convert turns the call's value into the result; what it throws is mapped too
   * @param what the request, for messages: "searching ..." or "looking up ..."
   * @param nctId the id looked up, for a 404, or null for a search
   * @param <T> the call's value type
   * @param <R> the result type
   * @return the mapped future
   */
  static <T, R> CompletableFuture<R> mapped(
      CompletableFuture<T> call, Function<T, R> convert, String what, @Nullable String nctId) {
    CompletableFuture<R> result = new CompletableFuture<>();
    Futures.whenDone(
        call,
        (value, failure) -> {
          if (failure != null) {
            result.completeExceptionally(map(failure, what, nctId));
            return;
          }
          try {
            result.complete(convert.apply(value));
          } catch (RuntimeException conversionFailure) {
            result.completeExceptionally(map(conversionFailure, what, nctId));
          }
        });
    Futures.cancelWith(result, call);
    return result;
  }

  /**
   * Maps one failure; a cancellation, an {@link IllegalArgumentException} (bad input) and a failure
   * already mapped pass through.
   *
   * @param failure the failure, possibly wrapped in a {@link CompletionException}
   * @param what the request, for messages
   * @param nctId the id looked up, or null
   * @return the failure to report
   */
  static Throwable map(Throwable failure, String what, @Nullable String nctId) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpStatusException status) {
      return fromStatus(status, what, nctId);
    }
    if (cause instanceof ResponseDecodeException decode) {
      return new UnexpectedResponseException(
          "unexpected response while " + what + ": " + decode.getMessage(),
          decode.attempts(),
          decode);
    }
    if (cause instanceof HttpCallException http) {
      return new ClinicalTrialsUnreachableException(
          "ClinicalTrials.gov could not be reached while " + what + ": " + http.getMessage(),
          http.attempts(),
          http);
    }
    if (cause instanceof CancellationException
        || cause instanceof IllegalArgumentException
        || cause instanceof ClinicalTrialsException) {
      return cause;
    }
    return new ClinicalTrialsException("failed while " + what + ": " + cause, 0, cause);
  }

  private static ClinicalTrialsException fromStatus(
      HttpStatusException failure, String what, @Nullable String nctId) {
    int status = failure.status();
    String said = failure.bodyStart().strip();
    int attempts = failure.attempts();
    String message =
        "ClinicalTrials.gov answered "
            + status
            + " while "
            + what
            + (said.isEmpty() ? "" : ": " + said);
    if (status == 404 && nctId != null) {
      return new StudyNotFoundException(nctId, said, attempts, failure);
    }
    if (status == 400) {
      return new QueryRejectedException(message, status, said, attempts, failure);
    }
    if (status == 429) {
      return new RateLimitedException(message, said, failure.retryAfter(), attempts, failure);
    }
    if (status >= 500) {
      return new ServerErrorException(message, status, said, attempts, failure);
    }
    return new ClinicalTrialsStatusException(message, status, said, attempts, failure);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
