package dev.asyncflow.http.internal;

import dev.asyncflow.http.AcquireTimeoutException;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.CircuitOpenException;
import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.ClientClosedException;
import dev.asyncflow.http.DeadlineExceededException;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpStatusException;
import dev.asyncflow.http.HttpTimer;
import dev.asyncflow.http.QueueFullException;
import dev.asyncflow.http.ResponseDecodeException;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceResponse;
import dev.asyncflow.http.internal.AsyncPermits.Permit;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One call as a small state machine: breaker ticket, permit, rate-limit slot, exchange with
 * response and read timeouts, then success, retry after a backoff, or failure. Steps run one after
 * another; {@link #result} is the single authority on the outcome. Whatever completes it first
 * (success, failure, the deadline, the caller's cancel, the manager's close) wins, and {@link
 * #finish} then aborts the step in progress, which releases what that step held, and updates the
 * counters and listeners before the caller's future completes, so a caller that sees the outcome
 * also sees it counted (except when the caller itself cancels: its own callbacks may run first).
 */
final class Call {
  private static final System.Logger LOG = System.getLogger(Call.class.getName());

  private final DefaultServiceClient service;
  private final ServiceConfig config;
  private final HttpRequest httpRequest;
  private final boolean idempotent;
  private final CallInfo info;
  private final Redactor redactor;
  private final CompletableFuture<ServiceResponse> result = new CompletableFuture<>();
  private final CompletableFuture<ServiceResponse> caller = new CompletableFuture<>();
  private final Timing timing;
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration deadline;
  private volatile HttpTimer.@Nullable Cancellable deadlineTimer;
  private volatile @Nullable Runnable abortCurrent;
  private int attempt;
  private volatile int sent;
  private volatile @Nullable HttpCallException lastFailure;

  Call(
      DefaultServiceClient service,
      HttpRequest httpRequest,
      boolean idempotent,
      @Nullable Duration deadline,
      CallInfo info,
      Redactor redactor) {
    this.service = service;
    this.config = service.config();
    this.httpRequest = httpRequest;
    this.idempotent = idempotent;
    this.info = info;
    this.redactor = redactor;
    this.timing = service.timing();
    this.deadline = deadline == null ? config.deadline() : deadline;
    this.startNanos = timing.nanoTime();
    this.deadlineNanos =
        startNanos + Math.min(Checks.saturatedNanos(this.deadline), Long.MAX_VALUE / 4);
  }

  CompletableFuture<ServiceResponse> start() {
    service.listener().callStarted(info);
    service.metrics().started();
    Futures.whenDone(
        result,
        (response, failure) -> {
          finish(response, failure);
          deliver(response, failure);
        });
    Futures.whenDone(
        caller,
        (response, failure) -> {
          if (!result.isDone()) {
            result.cancel(false);
          }
        });
    if (!service.registry().register(this)) {
      fail(new ClientClosedException("the HTTP client manager is closed", info, 0, null));
      return caller;
    }
    HttpTimer.Cancellable timer =
        timing.schedule(
            deadline,
            () ->
                fail(
                    new DeadlineExceededException(
                        "deadline of " + deadline + " passed", info, sent, lastFailure)));
    deadlineTimer = timer;
    if (result.isDone()) {
      timer.cancel();
    }
    nextAttempt();
    return caller;
  }

  /** Fails the call because the manager closed and its grace period ran out. */
  void abortClosed() {
    fail(
        new ClientClosedException(
            "the HTTP client manager closed and its grace period ran out",
            info,
            sent,
            lastFailure));
  }

  private void nextAttempt() {
    if (result.isDone()) {
      return;
    }
    int number = ++attempt;
    CircuitBreaker.Ticket ticket = service.breaker().tryAcquire();
    if (ticket == null) {
      fail(new CircuitOpenException(breakerRefusal(), info, sent, lastFailure));
      return;
    }
    CompletableFuture<Permit> permit =
        service.permits().acquire(queued -> service.listener().permitQueued(info, number, queued));
    enter(
        () -> {
          permit.cancel(false);
          ticket.release();
        });
    // Registered even when the call just ended: onPermit then releases a permit granted at once.
    Futures.whenDone(permit, (granted, failure) -> onPermit(number, ticket, granted, failure));
  }

  private void onPermit(
      int number,
      CircuitBreaker.Ticket ticket,
      @Nullable Permit permit,
      @Nullable Throwable failure) {
    if (permit == null) {
      ticket.release();
      fail(permitFailure(failure));
      return;
    }
    if (result.isDone()) {
      permit.release();
      ticket.release();
      return;
    }
    RateLimiter limiter = service.rateLimiter();
    long now = timing.nanoTime();
    long wait = limiter == null ? 0 : limiter.reserve(now, deadlineNanos - now);
    if (wait <= 0) {
      send(number, ticket, permit);
    } else if (wait >= deadlineNanos - now) {
      permit.release();
      ticket.release();
      fail(deadlinePassedBy("the rate limit's wait of " + Duration.ofNanos(wait)));
    } else {
      TimerSlot slot = new TimerSlot();
      if (enter(
          () -> {
            slot.cancel();
            permit.release();
            ticket.release();
          })) {
        slot.set(timing.schedule(Duration.ofNanos(wait), () -> send(number, ticket, permit)));
      }
    }
  }

  private void send(int number, CircuitBreaker.Ticket ticket, Permit permit) {
    if (result.isDone()) {
      permit.release();
      ticket.release();
      return;
    }
    CompletableFuture<ReceivedResponse> outcome = new CompletableFuture<>();
    if (!enter(() -> outcome.cancel(false))) {
      permit.release();
      ticket.release();
      return;
    }
    sent = number;
    service.listener().attemptStarted(info, number);
    new TimedExchange(service, info, number)
        .run(
            httpRequest,
            outcome,
            (response, failure) -> {
              permit.release();
              try {
                onAttemptDone(number, ticket, response, failure);
              } catch (RuntimeException unexpected) {
                LOG.log(Level.WARNING, "unexpected failure while judging " + info, unexpected);
                ticket.release();
                fail(Failures.fromJdk(unexpected, info, number));
              }
            });
  }

  private void onAttemptDone(
      int number,
      CircuitBreaker.Ticket ticket,
      @Nullable ReceivedResponse response,
      @Nullable Throwable failure) {
    if (result.isDone()) {
      judgeAbortedAttempt(ticket);
      return;
    }
    if (response == null) {
      HttpCallException mapped =
          Failures.fromJdk(failure == null ? new IOException() : failure, info, number);
      judge(ticket, mapped);
      retryOrFail(number, mapped);
      return;
    }
    if (response.status() / 100 != 2) {
      HttpStatusException status = statusFailure(number, response);
      judge(ticket, status);
      retryOrFail(number, status);
      return;
    }
    ticket.success();
    succeed(number, response);
  }

  private void succeed(int number, ReceivedResponse response) {
    byte[] decoded;
    try {
      decoded = Gzip.isGzip(response.headers()) ? Gzip.decode(response.body()) : response.body();
    } catch (IOException badGzip) {
      fail(
          new ResponseDecodeException(
              "cannot un-gzip the body: " + badGzip.getMessage(), info, number, badGzip));
      return;
    }
    result.complete(
        new DefaultServiceResponse(
            info,
            number,
            response.status(),
            response.headers(),
            decoded,
            service.mapper(),
            redactor));
  }

  private HttpStatusException statusFailure(int number, ReceivedResponse response) {
    HttpHeaders headers = response.headers();
    return new HttpStatusException(
        info,
        number,
        response.status(),
        BodyText.start(
            Gzip.decodeOrKeep(headers, response.body()),
            DefaultServiceResponse.charsetOf(headers),
            redactor),
        DefaultServiceResponse.requestIdOf(headers),
        RetryAfter.parse(headers, timing.timer().now()));
  }

  /** An attempt cut short by the deadline was a slow service; by a cancel or close, no verdict. */
  private void judgeAbortedAttempt(CircuitBreaker.Ticket ticket) {
    Throwable failure = Futures.failureOf(result);
    if (failure != null && Failures.kindOf(failure) == FailureKind.DEADLINE) {
      ticket.failure();
    } else {
      ticket.release();
    }
  }

  private static void judge(CircuitBreaker.Ticket ticket, HttpCallException failure) {
    if (Failures.countsAgainstService(failure)) {
      ticket.failure();
    } else {
      ticket.success();
    }
  }

  private void retryOrFail(int number, HttpCallException failure) {
    lastFailure = failure;
    if (result.isDone()) {
      return;
    }
    Duration delay =
        RetryPlanner.delayBeforeRetry(
            config.retryPolicy(),
            idempotent,
            number,
            failure,
            deadlineNanos - timing.nanoTime(),
            service.random());
    if (delay == null) {
      fail(failure);
      return;
    }
    service.metrics().retried();
    service.listener().retryScheduled(info, number, failure, delay);
    LOG.log(
        Level.DEBUG,
        () -> "retrying " + info + " in " + delay + " after " + Failures.brief(failure));
    TimerSlot slot = new TimerSlot();
    if (enter(slot::cancel)) {
      slot.set(timing.schedule(delay, this::nextAttempt));
    }
  }

  private String breakerRefusal() {
    return service.breaker().state() == CircuitState.HALF_OPEN
        ? "the circuit breaker is half-open and every probe slot is taken"
        : "the circuit breaker is open";
  }

  private HttpCallException permitFailure(@Nullable Throwable failure) {
    Throwable cause = failure == null ? new IOException() : Failures.unwrap(failure);
    if (!(cause instanceof PermitUnavailableException unavailable)) {
      return Failures.fromJdk(cause, info, sent);
    }
    return switch (unavailable.reason()) {
      case QUEUE_FULL ->
          new QueueFullException(
              "all "
                  + config.effectiveConcurrency()
                  + " permits are taken and "
                  + config.maxQueued()
                  + " callers wait",
              info,
              sent,
              lastFailure);
      case TIMEOUT ->
          new AcquireTimeoutException(
              "no permit within "
                  + config.acquireTimeout()
                  + " (limit "
                  + config.effectiveConcurrency()
                  + ")",
              info,
              sent,
              lastFailure);
      case CLOSED ->
          new ClientClosedException("the HTTP client manager is closed", info, sent, lastFailure);
    };
  }

  private DeadlineExceededException deadlinePassedBy(String what) {
    return new DeadlineExceededException(
        what + " would pass the deadline of " + deadline, info, sent, lastFailure);
  }

  /** Records the step in progress; if the call is already over, aborts it at once. */
  private boolean enter(Runnable abort) {
    abortCurrent = abort;
    if (result.isDone()) {
      abort.run();
      return false;
    }
    return true;
  }

  private void fail(HttpCallException failure) {
    result.completeExceptionally(failure);
  }

  private void deliver(@Nullable ServiceResponse response, @Nullable Throwable failure) {
    if (response != null) {
      caller.complete(response);
    } else if (failure != null) {
      caller.completeExceptionally(Failures.unwrap(failure));
    }
  }

  private void finish(@Nullable ServiceResponse response, @Nullable Throwable failure) {
    HttpTimer.Cancellable timer = deadlineTimer;
    if (timer != null) {
      timer.cancel();
    }
    Runnable abort = abortCurrent;
    if (abort != null) {
      abort.run();
    }
    service.registry().unregister(this);
    long elapsed = timing.nanoTime() - startNanos;
    if (response != null) {
      service.metrics().succeeded(elapsed);
      service
          .listener()
          .callSucceeded(info, response.status(), response.attempts(), Duration.ofNanos(elapsed));
    } else if (failure != null) {
      service.metrics().failed(Failures.kindOf(failure), elapsed);
      service.listener().callFailed(info, Failures.unwrap(failure), Duration.ofNanos(elapsed));
    }
  }

  /** A timer handle that may be cancelled before it is known; then it is cancelled on arrival. */
  private static final class TimerSlot {
    private HttpTimer.@Nullable Cancellable timer;
    private boolean cancelled;

    synchronized void set(HttpTimer.Cancellable scheduled) {
      if (cancelled) {
        scheduled.cancel();
      } else {
        timer = scheduled;
      }
    }

    void cancel() {
      HttpTimer.Cancellable scheduled;
      synchronized (this) {
        cancelled = true;
        scheduled = timer;
      }
      if (scheduled != null) {
        scheduled.cancel();
      }
    }
  }
}
