package dev.asyncflow.http.internal;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.HttpScheduler;
import dev.asyncflow.http.ReadTimeoutException;
import dev.asyncflow.http.ResponseTimeoutException;
import dev.asyncflow.http.ServiceConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's exchange with the JDK client, plus the two timeouts the JDK lacks: one for the
 * response headers, counted from the start, and one for a body that stalls after them. Whatever
 * settles the outcome first wins; a failed or cancelled outcome aborts the JDK exchange. The
 * outcome is always settled on the manager's executor, never on a JDK thread.
 */
final class TimedExchange {
  private final DefaultServiceClient service;
  private final ServiceConfig config;
  private final CallInfo info;
  private final int attempt;

  TimedExchange(DefaultServiceClient service, CallInfo info, int attempt) {
    this.service = service;
    this.config = service.config();
    this.info = info;
    this.attempt = attempt;
  }

  /**
   * Sends {@code request}, settles {@code outcome} with the complete response or the failure, stops
   * the timers, and only then calls {@code then}. Cancelling {@code outcome} aborts the exchange.
   *
   * @param request the request
   * @param outcome the future to settle
   * @param then told the outcome once the exchange's own timers are stopped
   */
  void run(
      HttpRequest request,
      CompletableFuture<ReceivedResponse> outcome,
      BiConsumer<@Nullable ReceivedResponse, @Nullable Throwable> then) {
    if (outcome.isDone()) {
      // The call ended while this attempt was being set up: nothing goes on the network.
      Futures.whenDone(outcome, then);
      return;
    }
    HttpScheduler.Cancellable headersTimer =
        service.scheduler().schedule(config.responseTimeout(), () -> headersLate(outcome));
    WatchedBodyHandler body =
        new WatchedBodyHandler(
            service.scheduler(),
            config.readTimeout(),
            status -> {
              headersTimer.cancel();
              service.listener().responseHeaders(info, attempt, status);
            },
            () -> bodyStalled(outcome),
            received -> service.scheduler().executeOnWorker(() -> outcome.complete(received)));
    CompletableFuture<HttpResponse<byte[]>> exchange = send(request, body);
    Futures.whenDone(
        exchange,
        (response, failure) ->
            service.scheduler().executeOnWorker(() -> settle(outcome, response, failure)));
    Futures.whenDone(
        outcome,
        (response, failure) -> {
          headersTimer.cancel();
          body.stop();
          if (failure != null) {
            exchange.cancel(true);
          }
          then.accept(response, failure);
        });
  }

  private CompletableFuture<HttpResponse<byte[]>> send(
      HttpRequest request, WatchedBodyHandler body) {
    HttpClient client = service.jdkClient();
    if (client == null) {
      return CompletableFuture.failedFuture(new IOException("the HTTP client manager is closed"));
    }
    try {
      return client.sendAsync(request, body);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void settle(
      CompletableFuture<ReceivedResponse> outcome,
      @Nullable HttpResponse<byte[]> response,
      @Nullable Throwable failure) {
    if (response != null) {
      outcome.complete(
          new ReceivedResponse(response.statusCode(), response.headers(), response.body()));
    } else {
      outcome.completeExceptionally(failure == null ? new IllegalStateException() : failure);
    }
  }

  private void headersLate(CompletableFuture<ReceivedResponse> outcome) {
    outcome.completeExceptionally(
        new ResponseTimeoutException(
            "no response headers within " + config.responseTimeout(), info, attempt, null));
  }

  private void bodyStalled(CompletableFuture<ReceivedResponse> outcome) {
    outcome.completeExceptionally(
        new ReadTimeoutException(
            "the body stalled for longer than " + config.readTimeout(), info, attempt, null));
  }
}
