package dev.asyncflow.http.internal;

import dev.asyncflow.http.BodyReader;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpEventListener;
import dev.asyncflow.http.HttpScheduler;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.ResponseDecodeException;
import dev.asyncflow.http.internal.AsyncPermits.Permit;
import dev.asyncflow.http.internal.Failures.Verdict;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a call and the owner of everything it holds. Its steps run one after another:
 * backoff wait (for a retry), breaker ticket, permit, rate-limit wait, exchange (with its response
 * and read timeouts, watched by the service's {@link Watchdog}), then reading the body into the
 * call's value. Each step acquires its resource in one place and hands it to a {@link Held}; {@link
 * #end} is the single completion path, run exactly once however the attempt ends (its own outcome,
 * a refusal, or {@link #abort} when the call ends first). It stops the exchange and the timers,
 * records the breaker's verdict, then releases the ticket and the permit, closes the open event
 * pairs, and only then completes {@link #ended}, so the call sees the attempt's outcome with
 * everything already released and reported.
 *
 * <p>The move to SENT and its bookkeeping (the send time, the call's count of requests sent, {@code
 * attemptStarted}) happen under the lock {@code sending}, as does {@link #end}'s read of the phase,
 * so an attempt ended from another thread is either still preparing (no attempt events, no verdict,
 * its rate-limit start given back) or fully started. Every step that runs in a completion callback
 * or on a timer is guarded: whatever it throws ends the attempt instead of being lost in a future,
 * which would leave the call hanging with its permit until its deadline.
 *
 * @param <T> the value the call reads from the body
 */
final class Attempt<T> {
  private static final System.Logger LOG = System.getLogger(Attempt.class.getName());
  private static final int PREPARING = 0;
  private static final int SENT = 1;
  private static final int ENDED = 2;

  private final Call<T> call;
  private final DefaultServiceClient service;
  private final HttpEventListener listener;
  private final CallInfo info;
  private final int number;
  private final CompletableFuture<Outcome<T>> ended = new CompletableFuture<>();
  private final AtomicInteger phase = new AtomicInteger(PREPARING);
  private final Object sending = new Object();
  private final AtomicBoolean permitWaiting = new AtomicBoolean();
  private final AtomicBoolean rateWaiting = new AtomicBoolean();
  private final Held<HttpScheduler.Cancellable> backoff =
      new Held<>(HttpScheduler.Cancellable::cancel);
  private final Held<CircuitBreaker.Ticket> ticket = new Held<>(this::settleTicket);
  private final Held<CompletableFuture<Permit>> permit = new Held<>(Attempt::releasePermit);
  private final Held<HttpScheduler.Cancellable> rateWait = new Held<>(this::stopRateWait);
  private final Held<CompletableFuture<ReceivedResponse>> exchange =
      new Held<>(outcome -> outcome.cancel(false));
  private volatile Verdict verdict = Verdict.NONE;
  private volatile long permitWaitStart;
  private volatile long sentAt;

  /** The rate limiter's start this attempt reserved and has not used yet; guarded by sending. */
  private long reservedStart;

  private boolean reserved;

  Attempt(Call<T> call, int number) {
    this.call = call;
    this.service = call.service();
    this.listener = service.listener();
    this.info = call.info();
    this.number = number;
  }

  /**
   * Starts the attempt after {@code delay}.
   *
   * @param delay the backoff before it, zero for the first attempt
   * @return how it ended, completed once everything it held is released
   */
  CompletableFuture<Outcome<T>> run(Duration delay) {
    if (delay.isZero()) {
      askBreaker();
    } else {
      backoff.hold(
          service
              .scheduler()
              .schedule(delay, () -> guarded("asking the circuit breaker", this::askBreaker)));
    }
    return ended;
  }

  /**
   * Ends the attempt because its call ended first (deadline, cancel, close); does nothing if it
   * already ended.
   *
   * @param callFailure how the call ended
   */
  void abort(Throwable callFailure) {
    end(Outcome.failed(callFailure));
  }

  private void askBreaker() {
    if (phase.get() == ENDED) {
      return;
    }
    CircuitBreaker.Ticket granted = service.breaker().tryAcquire();
    if (granted == null) {
      end(Outcome.failed(call.breakerRefusal()));
    } else if (ticket.hold(granted)) {
      askPermit();
    }
  }

  private void askPermit() {
    CompletableFuture<Permit> request = service.permits().acquire(this::permitWaitStarted);
    permit.hold(request);
    // Registered even when the attempt just ended: it closes the wait's event pair.
    Futures.whenDone(
        request,
        (granted, failure) -> guarded("going on with a permit", () -> onPermit(granted, failure)));
  }

  private void onPermit(@Nullable Permit granted, @Nullable Throwable failure) {
    permitWaitFinished();
    if (phase.get() == ENDED) {
      return; // end() released or will release the permit
    }
    if (granted == null) {
      end(Outcome.failed(call.permitRefusal(failure)));
    } else {
      waitForRateLimit();
    }
  }

  private void waitForRateLimit() {
    RateLimiter limiter = service.rateLimiter();
    if (limiter == null) {
      send();
      return;
    }
    long now = service.scheduler().nanoTime();
    long left = call.deadlineNanos() - now;
    long wait = limiter.reserve(now, left);
    if (wait > 0 && wait >= left) {
      end(
          Outcome.failed(
              call.deadlinePassedBy("the rate limit's wait of " + Duration.ofNanos(wait))));
    } else if (keepReservation(limiter, now + Math.max(0, wait))) {
      if (wait <= 0) {
        send();
      } else {
        rateWaiting.set(true);
        listener.rateLimitWaitStarted(info, number, Duration.ofNanos(wait));
        rateWait.hold(
            service
                .scheduler()
                .schedule(
                    Duration.ofNanos(wait),
                    () -> guarded("sending after the rate-limit wait", this::afterRateWait)));
      }
    }
  }

  /**
   * Notes the start reserved, so that {@link #end} gives it back if the attempt ends unsent; if it
   * already has, gives it back now.
   *
   * @return false if the attempt has already ended
   */
  private boolean keepReservation(RateLimiter limiter, long start) {
    synchronized (sending) {
      if (phase.get() != ENDED) {
        reservedStart = start;
        reserved = true;
        return true;
      }
    }
    limiter.release(start);
    return false;
  }

  private void afterRateWait() {
    rateWaitFinished();
    send();
  }

  private void send() {
    synchronized (sending) {
      if (!phase.compareAndSet(PREPARING, SENT)) {
        return;
      }
      reserved = false; // used
      sentAt = service.scheduler().nanoTime();
      call.markSent(number);
      // under the lock, which listeners' quickness makes cheap: end() waits for this event
      listener.attemptStarted(info, number);
    }
    CompletableFuture<ReceivedResponse> outcome = new CompletableFuture<>();
    if (exchange.hold(outcome)) {
      new TimedExchange(service, info, number)
          .run(
              call.httpRequest(),
              outcome,
              (response, failure) ->
                  guarded("judging the response", () -> onExchange(response, failure)));
    }
  }

  private void onExchange(@Nullable ReceivedResponse response, @Nullable Throwable failure) {
    if (phase.get() != ENDED) {
      end(judge(response, failure));
    }
  }

  /**
   * Runs one step of the attempt from a completion callback or a timer, where CompletableFuture or
   * the executor would swallow what it throws: anything unexpected ends the attempt with a {@link
   * dev.asyncflow.http.TransportException} saying so, and is logged (a {@link VirtualMachineError}
   * is rethrown after that).
   *
   * @param what the step, for the message: "while ..."
   * @param step the step
   */
  private void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error unexpected) {
      LOG.log(
          Level.WARNING,
          "unexpected failure while " + what + " in attempt " + number + " of " + info,
          unexpected);
      end(Outcome.failed(Failures.unexpected(what, unexpected, info, call.sent())));
      if (unexpected instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  private Outcome<T> judge(@Nullable ReceivedResponse response, @Nullable Throwable failure) {
    if (response == null) {
      return Outcome.failed(
          Failures.fromJdk(failure == null ? new IOException() : failure, info, number));
    }
    if (response.status() / 100 != 2) {
      return Outcome.failed(statusFailure(response));
    }
    return read(response);
  }

  /** Reads a 2xx body into the call's value: un-gzips it, then runs the call's reader. */
  private Outcome<T> read(ReceivedResponse response) {
    byte[] body;
    try {
      body = Gzip.isGzip(response.headers()) ? Gzip.decode(response.body()) : response.body();
    } catch (IOException badGzip) {
      return Outcome.failed(
          new ResponseDecodeException(
              "cannot un-gzip the body: " + badGzip.getMessage(), info, number, badGzip));
    }
    DefaultServiceResponse whole =
        new DefaultServiceResponse(
            info,
            number,
            response.status(),
            response.headers(),
            body,
            service.mapper(),
            call.redactor());
    BodyReader<T> reader = call.reader();
    try {
      return Outcome.succeeded(new Success<>(reader.read(whole), response.status(), number));
    } catch (ResponseDecodeException decode) {
      return Outcome.failed(decode);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (RuntimeException | Error readerFailure) {
      return Outcome.failed(readerFailed(readerFailure));
    }
  }

  private ResponseDecodeException readerFailed(Throwable readerFailure) {
    Redactor redactor = call.redactor();
    // The reader's exception is chained only when no message in it needed redacting: one quoting a
    // secret would carry it past the redacted message, to wherever the failure is logged.
    Throwable cause = quotesASecret(readerFailure, redactor) ? null : readerFailure;
    return new ResponseDecodeException(
        "the body reader failed: " + redactor.redact(String.valueOf(readerFailure)),
        info,
        number,
        cause);
  }

  /** Whether redaction would change the text of {@code failure}, its causes or suppressed ones. */
  private static boolean quotesASecret(Throwable failure, Redactor redactor) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> toCheck = new ArrayDeque<>(List.of(failure));
    while (!toCheck.isEmpty()) {
      Throwable next = toCheck.pop();
      if (!seen.add(next)) {
        continue;
      }
      String text = String.valueOf(next);
      if (!redactor.redact(text).equals(text)) {
        return true;
      }
      Throwable cause = next.getCause();
      if (cause != null) {
        toCheck.push(cause);
      }
      toCheck.addAll(Arrays.asList(next.getSuppressed()));
    }
    return false;
  }

  private HttpStatusException statusFailure(ReceivedResponse response) {
    HttpHeaders headers = response.headers();
    return new HttpStatusException(
        info,
        number,
        response.status(),
        BodyText.start(
            Gzip.decodeOrKeep(headers, response.body()),
            DefaultServiceResponse.charsetOf(headers),
            call.redactor()),
        DefaultServiceResponse.requestIdOf(headers),
        RetryAfter.parse(headers, service.scheduler().now()));
  }

  /** The single completion path: runs once, whoever gets here first. */
  private void end(Outcome<T> outcome) {
    int before;
    boolean unusedStart;
    long start;
    synchronized (sending) {
      before = phase.getAndSet(ENDED);
      unusedStart = reserved;
      start = reservedStart;
      reserved = false;
    }
    if (before == ENDED) {
      return;
    }
    try {
      backoff.release();
      exchange.release();
      rateWait.release();
      if (unusedStart) {
        giveBackStart(start);
      }
      verdict = before == SENT ? outcome.verdict() : Verdict.NONE;
      ticket.release();
      permit.release();
      if (before == SENT) {
        reportEnd(outcome);
      }
    } finally {
      ended.complete(outcome); // even after a throw above, so the call does not wait for it
    }
  }

  private void giveBackStart(long start) {
    RateLimiter limiter = service.rateLimiter();
    if (limiter != null) {
      limiter.release(start);
    }
  }

  private void reportEnd(Outcome<T> outcome) {
    Duration elapsed = Duration.ofNanos(service.scheduler().nanoTime() - sentAt);
    Success<T> success = outcome.success();
    Throwable failure = outcome.failure();
    if (success != null) {
      listener.attemptSucceeded(info, number, success.status(), elapsed);
    } else if (failure != null) {
      listener.attemptFailed(info, number, Failures.unwrap(failure), elapsed);
    }
  }

  private void settleTicket(CircuitBreaker.Ticket held) {
    held.settle(verdict);
  }

  private static void releasePermit(CompletableFuture<Permit> request) {
    request.cancel(false); // leaves the queue if still waiting
    Permit granted = Futures.valueOf(request);
    if (granted != null) {
      granted.release();
    }
  }

  private void stopRateWait(HttpScheduler.Cancellable timer) {
    timer.cancel();
    rateWaitFinished();
  }

  private void permitWaitStarted(int queued) {
    permitWaitStart = service.scheduler().nanoTime();
    permitWaiting.set(true);
    listener.permitWaitStarted(info, number, queued);
  }

  private void permitWaitFinished() {
    if (permitWaiting.compareAndSet(true, false)) {
      Duration waited = Duration.ofNanos(service.scheduler().nanoTime() - permitWaitStart);
      listener.permitWaitFinished(info, number, waited);
    }
  }

  private void rateWaitFinished() {
    if (rateWaiting.compareAndSet(true, false)) {
      listener.rateLimitWaitFinished(info, number);
    }
  }

  /**
   * A value read from a 2xx response.
   *
   * @param value the value
   * @param status the HTTP status
   * @param attempts the number of the attempt that read it
   * @param <T> the value type
   */
  record Success<T>(T value, int status, int attempts) {}

  /**
   * How an attempt ended: a success, or a failure ({@link HttpCallException}, or the call's own
   * failure when it was aborted, possibly a {@link java.util.concurrent.CancellationException}).
   *
   * @param success the value read, or null
   * @param failure the failure, or null
   * @param <T> the value type
   */
  record Outcome<T>(@Nullable Success<T> success, @Nullable Throwable failure) {
    static <T> Outcome<T> succeeded(Success<T> success) {
      return new Outcome<>(success, null);
    }

    static <T> Outcome<T> failed(Throwable failure) {
      return new Outcome<>(null, failure);
    }

    Verdict verdict() {
      return failure == null ? Verdict.SUCCESS : Failures.verdictOf(failure);
    }
  }
}
