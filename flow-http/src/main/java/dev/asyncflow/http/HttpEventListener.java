package dev.asyncflow.http;

import dev.asyncflow.http.internal.GuardedListener;
import java.time.Duration;
import java.util.List;

/**
 * Receives the events of a service's calls, in the style of OkHttp's {@code EventListener}. Every
 * method does nothing by default, so new events never break an implementation; override what you
 * need. Per call the order is: {@link #callStarted}, then per attempt {@link #permitQueued} (only
 * when it had to wait), {@link #attemptStarted}, {@link #responseHeaders} (when headers arrived),
 * {@link #retryScheduled} (when another attempt follows), and finally exactly one of {@link
 * #callSucceeded} or {@link #callFailed}. When a deadline, a cancel or a close ends a call while an
 * attempt is under way, that attempt's {@link #responseHeaders} or {@link #permitQueued} may still
 * arrive just after the final event.
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
  public static HttpEventListener composite(List<HttpEventListener> listeners) {
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
  public void permitQueued(CallInfo call, int attempt, int queued) {}

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
