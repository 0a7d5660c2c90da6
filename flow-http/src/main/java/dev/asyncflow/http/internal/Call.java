package dev.asyncflow.http.internal;

import dev.asyncflow.http.AcquireTimeoutException;
import dev.asyncflow.http.BodyReader;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.CircuitOpenException;
import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.ClientClosedException;
import dev.asyncflow.http.DeadlineExceededException;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.QueueFullException;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.internal.Attempt.Outcome;
import dev.asyncflow.http.internal.Attempt.Success;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One call: a sequence of {@link Attempt}s, each owning its own waits and resources, under one
 * deadline. {@link #result} is the single authority on the outcome: whatever completes it first (an
 * attempt's success or final failure, the deadline, the caller's cancel, the manager's close) wins.
 * {@link #finish} then releases what the call itself holds (its deadline's watch, its registration)
 * and aborts the attempt under way, which releases what that attempt holds and closes its events,
 * and counts the outcome and reports it to the listener, all before the caller's future completes,
 * so a caller that sees the outcome also sees it counted (except when the caller itself cancels:
 * its own callbacks may run first).
 *
 * @param <T> the value the call reads from the response body
 */
final class Call<T> {
  private static final System.Logger LOG = System.getLogger(Call.class.getName());

  private final DefaultServiceClient service;
  private final ServiceConfig config;
  private final HttpRequest httpRequest;
  private final boolean idempotent;
  private final CallInfo info;
  private final BodyReader<T> reader;
  private final Redactor redactor;
  private final CompletableFuture<Success<T>> result = new CompletableFuture<>();
  private final CompletableFuture<T> caller = new CompletableFuture<>();
  private final WorkerScheduler scheduler;
  private final Held<Watchdog.Limit> deadlineWatch;
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration deadline;
  private volatile @Nullable Attempt<T> current;
  private int attempt;
  private volatile int sent;
  private volatile @Nullable HttpCallException lastFailure;

  Call(
      DefaultServiceClient service,
      HttpRequest httpRequest,
      boolean idempotent,
      @Nullable Duration deadline,
      CallInfo info,
      BodyReader<T> reader,
      Redactor redactor) {
    this.service = service;
    this.config = service.config();
    this.httpRequest = httpRequest;
    this.idempotent = idempotent;
    this.info = info;
    this.reader = reader;
    this.redactor = redactor;
    this.scheduler = service.scheduler();
    this.deadlineWatch = new Held<>(service.watchdog()::unwatch);
    this.deadline = deadline == null ? config.deadline() : deadline;
    this.startNanos = scheduler.nanoTime();
    this.deadlineNanos =
        startNanos + Math.min(Checks.saturatedNanos(this.deadline), Long.MAX_VALUE / 4);
  }

  CompletableFuture<T> start() {
    service.listener().callStarted(info);
    service.metrics().started();
    Futures.whenDone(
        result,
        (success, failure) -> {
          try {
            finish(success, failure);
          } catch (RuntimeException | Error unexpected) {
            LOG.log(Level.WARNING, "unexpected failure while ending " + info, unexpected);
          } finally {
            deliver(success, failure);
          }
        });
    Futures.whenDone(
        caller,
        (value, failure) -> {
          if (!result.isDone()) {
            result.cancel(false);
          }
        });
    guarded("starting the call", this::begin);
    return caller;
  }

  private void begin() {
    if (!service.registry().register(this)) {
      fail(new ClientClosedException("the HTTP client manager is closed", info, 0, null));
      return;
    }
    Watchdog.Limit deadlineLimit = Watchdog.Limit.at(deadlineNanos, this::deadlinePassed);
    service.watchdog().watch(deadlineLimit);
    deadlineWatch.hold(deadlineLimit);
    startAttempt(Duration.ZERO);
  }

  private void deadlinePassed() {
    fail(
        new DeadlineExceededException(
            "deadline of " + deadline + " passed", info, sent, lastFailure));
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

  private void startAttempt(Duration delay) {
    Attempt<T> next = new Attempt<>(this, ++attempt);
    current = next;
    if (result.isDone()) {
      // finish() may have looked for the attempt under way before this one was current
      Throwable ended = Futures.failureOf(result);
      next.abort(ended == null ? new IllegalStateException("the call has ended") : ended);
      return;
    }
    Futures.whenDone(
        next.run(delay),
        (outcome, unexpected) ->
            guarded("going on after an attempt", () -> onAttemptEnded(outcome)));
  }

  /**
   * Runs one step of the call, most often from a completion callback, where CompletableFuture would
   * swallow what it throws and leave the call hanging with its permit until its deadline: anything
   * unexpected fails the call with a {@link dev.asyncflow.http.TransportException} saying so, and
   * is logged (a {@link VirtualMachineError} is rethrown after that).
   *
   * @param what the step, for the message: "while ..."
   * @param step the step
   */
  private void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error unexpected) {
      LOG.log(Level.WARNING, "unexpected failure while " + what + " of " + info, unexpected);
      fail(Failures.unexpected(what, unexpected, info, sent));
      if (unexpected instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  private void onAttemptEnded(@Nullable Outcome<T> outcome) {
    if (result.isDone() || outcome == null) {
      return;
    }
    Success<T> success = outcome.success();
    Throwable failure = outcome.failure();
    if (success != null) {
      result.complete(success);
    } else if (failure instanceof HttpCallException attemptFailure) {
      retryOrFail(attemptFailure);
    } else {
      fail(Failures.fromJdk(failure == null ? new IOException() : failure, info, sent));
    }
  }

  private void retryOrFail(HttpCallException failure) {
    lastFailure = failure;
    int number = attempt;
    Duration delay =
        RetryPlanner.delayBeforeRetry(
            config.retryPolicy(),
            idempotent,
            number,
            failure,
            deadlineNanos - scheduler.nanoTime(),
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
    startAttempt(delay);
  }

  // ---- what attempts ask of their call ----

  DefaultServiceClient service() {
    return service;
  }

  CallInfo info() {
    return info;
  }

  HttpRequest httpRequest() {
    return httpRequest;
  }

  BodyReader<T> reader() {
    return reader;
  }

  /** The redactor of this call's secrets, for response text shown in errors. */
  Redactor redactor() {
    return redactor;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  void markSent(int number) {
    sent = number;
  }

  /** How many of the call's requests reached the network so far. */
  int sent() {
    return sent;
  }

  CircuitOpenException breakerRefusal() {
    String why =
        service.breaker().state() == CircuitState.HALF_OPEN
            ? "the circuit breaker is half-open and every probe slot is taken"
            : "the circuit breaker is open";
    return new CircuitOpenException(why, info, sent, lastFailure);
  }

  HttpCallException permitRefusal(@Nullable Throwable failure) {
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

  DeadlineExceededException deadlinePassedBy(String what) {
    return new DeadlineExceededException(
        what + " would pass the deadline of " + deadline, info, sent, lastFailure);
  }

  // ---- the end ----

  private void fail(HttpCallException failure) {
    result.completeExceptionally(failure);
  }

  private void finish(@Nullable Success<T> success, @Nullable Throwable failure) {
    deadlineWatch.release();
    Attempt<T> underWay = current;
    if (underWay != null && failure != null) {
      underWay.abort(Failures.unwrap(failure));
    }
    service.registry().unregister(this);
    long elapsed = scheduler.nanoTime() - startNanos;
    if (success != null) {
      service.metrics().succeeded(elapsed);
      service
          .listener()
          .callSucceeded(info, success.status(), success.attempts(), Duration.ofNanos(elapsed));
    } else if (failure != null) {
      service.metrics().failed(Failures.kindOf(failure), elapsed);
      service.listener().callFailed(info, Failures.unwrap(failure), Duration.ofNanos(elapsed));
    }
  }

  private void deliver(@Nullable Success<T> success, @Nullable Throwable failure) {
    if (success != null) {
      caller.complete(success.value());
    } else if (failure != null) {
      caller.completeExceptionally(Failures.unwrap(failure));
    }
  }
}
