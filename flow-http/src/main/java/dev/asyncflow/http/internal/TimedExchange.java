package dev.asyncflow.http.internal;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.ReadTimeoutException;
import dev.asyncflow.http.ResponseTimeoutException;
import dev.asyncflow.http.ServiceConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's exchange with the JDK client, plus the two timeouts the JDK lacks: one for the
 * response headers, counted from the start, and one for a body that stalls after them, counted from
 * the last bytes received. Both are one {@link Watchdog.Limit} on the service's watchdog. Whatever
 * settles the outcome first wins; a failed or cancelled outcome aborts the JDK exchange. The
 * outcome is always settled on the manager's executor, never on a JDK thread.
 */
final class TimedExchange {
  private final DefaultServiceClient service;
  private final ServiceConfig config;
  private final Watchdog watchdog;
  private final CallInfo info;
  private final int attempt;

  TimedExchange(DefaultServiceClient service, CallInfo info, int attempt) {
    this.service = service;
    this.config = service.config();
    this.watchdog = service.watchdog();
    this.info = info;
    this.attempt = attempt;
  }

  /**
   * Sends {@code request}, settles {@code outcome} with the complete response or the failure, stops
   * watching its timeouts, and only then calls {@code then}. Cancelling {@code outcome} aborts the
   * exchange.
   *
   * @param request the request
   * @param outcome the future to settle
   * @param then told the outcome once the exchange's timeouts are no longer watched
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
    WorkerScheduler scheduler = service.scheduler();
    WatchedBodyHandler body =
        new WatchedBodyHandler(
            scheduler::nanoTime,
            status -> service.listener().responseHeaders(info, attempt, status),
            received -> scheduler.executeOnWorker(() -> outcome.complete(received)));
    Timeouts timeouts = new Timeouts(body, outcome, scheduler.nanoTime());
    watchdog.watch(timeouts);
    CompletableFuture<HttpResponse<byte[]>> exchange = send(request, body);
    Futures.whenDone(
        exchange,
        (response, failure) -> {
          // The JDK completes this on CompletableFuture's default executor once the body is
          // complete, which has usually settled the outcome already: no hop to settle it again.
          if (!outcome.isDone()) {
            scheduler.executeOnWorker(() -> settle(outcome, response, failure));
          }
        });
    Futures.whenDone(
        outcome,
        (response, failure) -> {
          watchdog.unwatch(timeouts);
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

  /** A timeout in nanoseconds, capped (at about 73 years) so that adding it to a time is safe. */
  private static long nanos(Duration timeout) {
    return Math.min(Checks.saturatedNanos(timeout), Long.MAX_VALUE / 4);
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

  /**
   * The exchange's two timeouts as one limit: until the headers arrive, the response timeout from
   * the start; after them, the read timeout from the last bytes received; none once the body has
   * ended.
   */
  private final class Timeouts implements Watchdog.Limit {
    private final WatchedBodyHandler body;
    private final CompletableFuture<ReceivedResponse> outcome;
    private final long start;
    private final long responseNanos = nanos(config.responseTimeout());
    private final long readNanos = nanos(config.readTimeout());

    Timeouts(WatchedBodyHandler body, CompletableFuture<ReceivedResponse> outcome, long start) {
      this.body = body;
      this.outcome = outcome;
      this.start = start;
    }

    /**
     * Before the headers, the earlier of the response timeout and a read timeout counted from now
     * (the headers may arrive at any moment, and the read timeout then runs from them); after them,
     * a read timeout after the last bytes.
     */
    @Override
    public long earliestExpiry(long now) {
      if (body.ended()) {
        return Watchdog.NEVER;
      }
      if (body.headersArrived()) {
        return body.lastActivity() + readNanos;
      }
      return Math.min(start + responseNanos, now + readNanos);
    }

    @Override
    public @Nullable Runnable expiredAt(long now) {
      if (body.ended()) {
        return null;
      }
      if (!body.headersArrived()) {
        return now - start >= responseNanos ? this::headersLate : null;
      }
      return now - body.lastActivity() >= readNanos ? this::bodyStalled : null;
    }

    private void headersLate() {
      outcome.completeExceptionally(
          new ResponseTimeoutException(
              "no response headers within " + config.responseTimeout(), info, attempt, null));
    }

    private void bodyStalled() {
      // Report first: cancelling makes the JDK fail the exchange, on this very thread on some JDKs,
      // and that failure must not overtake the read timeout.
      outcome.completeExceptionally(
          new ReadTimeoutException(
              "the body stalled for longer than " + config.readTimeout(), info, attempt, null));
      body.stopReading();
    }
  }
}
