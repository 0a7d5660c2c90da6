package dev.asyncflow.http.internal;

import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.HttpCallException;
import dev.asyncflow.http.HttpEventListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Forwards each event to a list of listeners, logging and swallowing whatever one throws, so no
 * listener can break a call or keep the others from their events.
 */
public final class GuardedListener extends HttpEventListener {
  private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

  private final List<HttpEventListener> listeners;

  /**
   * Creates a listener over {@code listeners}.
   *
   * @param listeners the listeners, in calling order
   */
  public GuardedListener(List<HttpEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Returns {@code listener} guarded, or itself when it already is or cannot throw ({@link
   * HttpEventListener#NONE}).
   *
   * @param listener the listener
   * @return a listener that never throws
   */
  public static HttpEventListener of(HttpEventListener listener) {
    return listener == NONE || listener instanceof GuardedListener
        ? listener
        : new GuardedListener(List.of(listener));
  }

  private void each(String event, Consumer<HttpEventListener> call) {
    for (HttpEventListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable e) {
        LOG.log(Level.WARNING, "HTTP event listener " + listener + " threw on " + event, e);
      }
    }
  }

  @Override
  public void callStarted(CallInfo call) {
    each("callStarted", l -> l.callStarted(call));
  }

  @Override
  public void permitWaitStarted(CallInfo call, int attempt, int queued) {
    each("permitWaitStarted", l -> l.permitWaitStarted(call, attempt, queued));
  }

  @Override
  public void permitWaitFinished(CallInfo call, int attempt, Duration waited) {
    each("permitWaitFinished", l -> l.permitWaitFinished(call, attempt, waited));
  }

  @Override
  public void rateLimitWaitStarted(CallInfo call, int attempt, Duration wait) {
    each("rateLimitWaitStarted", l -> l.rateLimitWaitStarted(call, attempt, wait));
  }

  @Override
  public void rateLimitWaitFinished(CallInfo call, int attempt) {
    each("rateLimitWaitFinished", l -> l.rateLimitWaitFinished(call, attempt));
  }

  @Override
  public void attemptStarted(CallInfo call, int attempt) {
    each("attemptStarted", l -> l.attemptStarted(call, attempt));
  }

  @Override
  public void responseHeaders(CallInfo call, int attempt, int status) {
    each("responseHeaders", l -> l.responseHeaders(call, attempt, status));
  }

  @Override
  public void attemptSucceeded(CallInfo call, int attempt, int status, Duration elapsed) {
    each("attemptSucceeded", l -> l.attemptSucceeded(call, attempt, status, elapsed));
  }

  @Override
  public void attemptFailed(CallInfo call, int attempt, Throwable failure, Duration elapsed) {
    each("attemptFailed", l -> l.attemptFailed(call, attempt, failure, elapsed));
  }

  @Override
  public void retryScheduled(CallInfo call, int attempt, HttpCallException reason, Duration delay) {
    each("retryScheduled", l -> l.retryScheduled(call, attempt, reason, delay));
  }

  @Override
  public void callSucceeded(CallInfo call, int status, int attempts, Duration elapsed) {
    each("callSucceeded", l -> l.callSucceeded(call, status, attempts, elapsed));
  }

  @Override
  public void callFailed(CallInfo call, Throwable failure, Duration elapsed) {
    each("callFailed", l -> l.callFailed(call, failure, elapsed));
  }

  @Override
  public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
    each("circuitStateChanged", l -> l.circuitStateChanged(service, from, to));
  }
}
