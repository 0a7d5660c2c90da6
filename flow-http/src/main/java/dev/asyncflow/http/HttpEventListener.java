package dev.asyncflow.http;

import dev.asyncflow.http.internal.GuardedListener;
import java.time.Duration;
import java.util.List;

/**
 * Receives the events of a service's calls, in the style of OkHttp's {@code EventListener}. Every
 * method does nothing by default, so new events never break an implementation; override what you
 * need. Events come in pairs, so durations never have to be inferred.
 *
 * <p>Per call the order is:
 *
 * <ol>
 *   <li>{@link #callStarted};
 *   <li>per attempt, in order:
 *       <ul>
 *         <li>{@link #permitWaitStarted} / {@link #permitWaitFinished}, only when every permit was
 *             taken and the attempt had to queue (the pair closes however the wait ends: a permit,
 *             the acquire timeout, a close, or the end of the call);
 *         <li>{@link #rateLimitWaitStarted} / {@link #rateLimitWaitFinished}, only when the rate
 *             limit held the attempt back;
 *         <li>{@link #attemptStarted} when the request goes to the network, then {@link
 *             #responseHeaders} when headers arrive, then exactly one of {@link #attemptSucceeded}
 *             (a 2xx response whose body was read) or {@link #attemptFailed} (anything else: a
 *             status outside 2xx, a connection failure, a timeout, a body that fails to decode, or
 *             the deadline, a close or the caller's cancel cutting the attempt short);
 *         <li>{@link #retryScheduled} when another attempt follows;
 *       </ul>
 *   <li>exactly one of {@link #callSucceeded} or {@link #callFailed}.
 * </ol>
 *
 * An attempt refused before it was sent (the breaker is open, no permit, a rate-limit wait that
 * would pass the deadline) has no {@link #attemptStarted}; the call then fails with that refusal.
 * The events of one attempt always come in the order above, each pair is always closed, and an
 * attempt that has {@link #attemptStarted} always ends with exactly one of {@link
 * #attemptSucceeded} or {@link #attemptFailed}.
 *
 * <p>When an attempt's own outcome ends the call, every event of the call comes before {@link
 * #callSucceeded} or {@link #callFailed}. When the deadline, the caller's cancel or the manager's
 * close ends it, the thread ending it first closes what the attempt under way has open (its wait
 * pair; {@link #attemptFailed} if it was sent), then reports {@link #callFailed}; but if that
 * attempt is in the middle of a step on another thread at that moment, the events of that step may
 * arrive after {@link #callFailed}, even concurrently with it: {@link #permitWaitStarted} / {@link
 * #permitWaitFinished}, {@link #rateLimitWaitStarted} / {@link #rateLimitWaitFinished}, {@link
 * #attemptSucceeded} or {@link #attemptFailed} when the attempt was ending by itself, {@link
 * #retryScheduled}, and {@link #responseHeaders}. {@link #circuitStateChanged} reports the breaker,
 * whose moves happen when an attempt asks it or reports to it, never when statistics are read; its
 * changes are reported in the order they happen.
 *
 * <p>Methods are called on whichever thread drives the call at that moment, possibly concurrently
 * for different calls: the caller's (for {@link #callStarted} and often the first attempt's
 * events), a manager worker, or a thread of the JDK client (for {@link #responseHeaders}, possibly
 * its selector thread). Implementations must therefore be thread-safe, quick and non-blocking. An
 * exception thrown by a listener is logged through {@link System.Logger} and never reaches the
 * call.
 */
public abstract class HttpEventListener {

  /** The listener that ignores every event. */
  public static final HttpEventListener NONE = new HttpEventListener() {};

  /** Creates a listener. */
  protected HttpEventListener() {}

  /**
   * Returns a listener that forwards every event to each of {@code listeners} in order; one that
   * throws does not keep the others from seeing the event.
   *
   * @param listeners the listeners
   * @return the combined listener
   */
  public static HttpEventListener composite(HttpEventListener... listeners) {
    return composite(List.of(listeners));
  }

  /**
   * Returns a listener that forwards every event to each of {@code listeners} in order; one that
   * throws does not keep the others from seeing the event.
   *
   * @param listeners the listeners
   * @return the combined listener
   */
  public static HttpEventListener composite(List<? extends HttpEventListener> listeners) {
    return new GuardedListener(List.copyOf(listeners));
  }

  /**
   * A call was accepted.
   *
   * @param call the call
   */
  public void callStarted(CallInfo call) {}

  /**
   * An attempt found every permit taken and joined the queue.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   * @param queued how many callers wait now, this one included
   */
  public void permitWaitStarted(CallInfo call, int attempt, int queued) {}

  /**
   * An attempt's wait for a permit ended: it got one, or the wait failed or was abandoned.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   * @param waited how long it waited
   */
  public void permitWaitFinished(CallInfo call, int attempt, Duration waited) {}

  /**
   * The rate limit holds an attempt back.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   * @param wait how long it will wait
   */
  public void rateLimitWaitStarted(CallInfo call, int attempt, Duration wait) {}

  /**
   * An attempt's rate-limit wait ended: it is about to be sent, or the call ended meanwhile.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   */
  public void rateLimitWaitFinished(CallInfo call, int attempt) {}

  /**
   * An attempt got its permit (and rate-limit slot) and is being sent.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   */
  public void attemptStarted(CallInfo call, int attempt) {}

  /**
   * An attempt received its response headers.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   * @param status the HTTP status
   */
  public void responseHeaders(CallInfo call, int attempt, int status) {}

  /**
   * An attempt received a 2xx response and its body was read (and decoded, for {@code json}).
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   * @param status the HTTP status
   * @param elapsed time from {@link #attemptStarted} to the body read
   */
  public void attemptSucceeded(CallInfo call, int attempt, int status, Duration elapsed) {}

  /**
   * An attempt that was sent failed: a status outside 2xx, a connection failure, a timeout, a body
   * that could not be decoded, or the deadline, a close or the caller's cancel cutting it short.
   *
   * @param call the call
   * @param attempt the 1-based attempt number
   * @param failure why it failed: an {@link HttpCallException}, or a {@link
   *     java.util.concurrent.CancellationException} when the caller cancelled the call
   * @param elapsed time from {@link #attemptStarted} to the failure
   */
  public void attemptFailed(CallInfo call, int attempt, Throwable failure, Duration elapsed) {}

  /**
   * An attempt failed and another one is scheduled.
   *
   * @param call the call
   * @param attempt the 1-based number of the attempt that failed
   * @param reason why it failed
   * @param delay the wait before the next attempt
   */
  public void retryScheduled(
      CallInfo call, int attempt, HttpCallException reason, Duration delay) {}

  /**
   * The call completed with a 2xx response.
   *
   * @param call the call
   * @param status the HTTP status
   * @param attempts how many attempts it took
   * @param elapsed time from start to completion
   */
  public void callSucceeded(CallInfo call, int status, int attempts, Duration elapsed) {}

  /**
   * The call failed or was cancelled.
   *
   * @param call the call
   * @param failure the failure; for a cancellation, a {@link
   *     java.util.concurrent.CancellationException}
   * @param elapsed time from start to failure
   */
  public void callFailed(CallInfo call, Throwable failure, Duration elapsed) {}

  /**
   * The service's circuit breaker changed state.
   *
   * @param service the service name
   * @param from the old state
   * @param to the new state
   */
  public void circuitStateChanged(String service, CircuitState from, CircuitState to) {}
}
