package dev.asyncflow.http.internal;

import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.HttpEventListener;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A service's circuit breaker. Each attempt asks for a {@link Ticket} before it takes a permit and
 * reports its outcome on the ticket exactly once. Outcomes of tickets issued before the last state
 * change are ignored, so a slow attempt from a closed period cannot reopen a breaker that has since
 * recovered. The open interval is checked lazily when the next attempt asks; reading the state
 * never moves it. A disabled policy never gets here past {@link #tryAcquire()}, which hands out one
 * shared ticket whose outcomes are ignored, so the state machine only knows the enabled states.
 *
 * <p>Thread-safe. Each change is announced to the listener under the breaker's lock, so changes are
 * announced in the order they happen, never two at once; listeners are quick by contract, and a
 * listener reading the state (on the same thread) is fine.
 */
final class CircuitBreaker {
  private final CircuitBreakerPolicy policy;
  private final String service;
  private final HttpEventListener listener;
  private final WorkerScheduler scheduler;
  private final long openNanos;
  private final boolean[] window;
  private final Ticket disabledTicket = new Ticket(-1);

  private CircuitState state;
  private long generation;
  private long openedAt;
  private int consecutiveFailures;
  private int windowNext;
  private int windowCount;
  private int windowFailures;
  private int probesIssued;
  private int probeSuccesses;

  /**
   * Creates a closed breaker.
   *
   * @param policy when to open and how to recover
   * @param service the service name, for events
   * @param listener told of every state change
   * @param scheduler the time source
   */
  CircuitBreaker(
      CircuitBreakerPolicy policy,
      String service,
      HttpEventListener listener,
      WorkerScheduler scheduler) {
    this.policy = policy;
    this.service = service;
    this.listener = listener;
    this.scheduler = scheduler;
    this.openNanos = Checks.saturatedNanos(policy.openDuration());
    this.window = new boolean[policy.windowSize().orElse(0)];
    this.state = enabled(policy) ? CircuitState.CLOSED : CircuitState.DISABLED;
  }

  /**
   * Returns the state an attempt would find now, without changing anything: an open breaker whose
   * interval has passed reads as half-open, but only the next {@link #tryAcquire()} moves it there
   * (and announces the change). Reading never fires an event.
   *
   * @return the state
   */
  synchronized CircuitState state() {
    return state == CircuitState.OPEN && openIntervalPassed() ? CircuitState.HALF_OPEN : state;
  }

  /**
   * Asks to let one attempt through.
   *
   * @return a ticket to report the outcome on, or null when the breaker rejects the attempt
   */
  @Nullable Ticket tryAcquire() {
    if (!enabled(policy)) {
      return disabledTicket;
    }
    synchronized (this) {
      announce(expireOpen(), CircuitState.HALF_OPEN);
      if (state == CircuitState.CLOSED) {
        return new Ticket(generation);
      } else if (state == CircuitState.HALF_OPEN && probesIssued < policy.halfOpenProbes()) {
        probesIssued++;
        return new Ticket(generation);
      }
      return null;
    }
  }

  private @Nullable CircuitState expireOpen() {
    if (state == CircuitState.OPEN && openIntervalPassed()) {
      moveTo(CircuitState.HALF_OPEN);
      return CircuitState.OPEN;
    }
    return null;
  }

  private boolean openIntervalPassed() {
    return scheduler.nanoTime() - openedAt >= openNanos;
  }

  private void moveTo(CircuitState next) {
    state = next;
    generation++;
    consecutiveFailures = 0;
    windowNext = 0;
    windowCount = 0;
    windowFailures = 0;
    probesIssued = 0;
    probeSuccesses = 0;
    if (next == CircuitState.OPEN) {
      openedAt = scheduler.nanoTime();
    }
  }

  /** Tells the listener of a change; called under the lock, so changes are told in order. */
  private void announce(@Nullable CircuitState from, CircuitState to) {
    if (from != null && from != to) {
      listener.circuitStateChanged(service, from, to);
    }
  }

  private synchronized void record(Ticket ticket, boolean failure) {
    // the shared ticket of a disabled breaker (generation -1) never matches: its outcomes are
    // ignored
    if (ticket.generation != generation) {
      return;
    }
    CircuitState before = state;
    if (state == CircuitState.HALF_OPEN) {
      recordProbe(failure);
    } else if (state == CircuitState.CLOSED) {
      recordClosed(failure);
    }
    announce(before, state);
  }

  private void recordProbe(boolean failure) {
    if (failure) {
      moveTo(CircuitState.OPEN);
    } else if (++probeSuccesses >= policy.successesToClose()) {
      moveTo(CircuitState.CLOSED);
    }
  }

  private void recordClosed(boolean failure) {
    consecutiveFailures = failure ? consecutiveFailures + 1 : 0;
    if (window.length > 0) {
      if (windowCount == window.length) {
        windowFailures -= window[windowNext] ? 1 : 0;
      } else {
        windowCount++;
      }
      window[windowNext] = failure;
      windowFailures += failure ? 1 : 0;
      windowNext = (windowNext + 1) % window.length;
    }
    if (consecutiveFailures >= policy.consecutiveFailures().orElse(Integer.MAX_VALUE)
        || rateTripped()) {
      moveTo(CircuitState.OPEN);
    }
  }

  private static boolean enabled(CircuitBreakerPolicy policy) {
    return policy.mode() != CircuitBreakerPolicy.Mode.DISABLED;
  }

  private boolean rateTripped() {
    return window.length > 0
        && windowCount >= policy.minimumCalls().orElse(0)
        && windowFailures >= policy.failureRate().orElse(1.0) * windowCount;
  }

  private synchronized void giveBack(Ticket ticket) {
    if (ticket.generation == generation && state == CircuitState.HALF_OPEN && probesIssued > 0) {
      probesIssued--;
    }
  }

  /** Permission for one attempt; exactly one of its methods takes effect. Thread-safe. */
  final class Ticket {
    private final long generation;
    private final AtomicBoolean used = new AtomicBoolean();

    private Ticket(long generation) {
      this.generation = generation;
    }

    /**
     * Records how the attempt counts; the first call on a ticket takes effect, later ones do
     * nothing.
     *
     * @param verdict a success, a failure, or no outcome (which frees a probe slot)
     */
    void settle(Failures.Verdict verdict) {
      switch (verdict) {
        case SUCCESS -> success();
        case FAILURE -> failure();
        case NONE -> release();
      }
    }

    /** The attempt showed the service working. */
    void success() {
      if (used.compareAndSet(false, true)) {
        record(this, false);
      }
    }

    /** The attempt failed in a way that counts against the service. */
    void failure() {
      if (used.compareAndSet(false, true)) {
        record(this, true);
      }
    }

    /** The attempt ended without an outcome (cancelled, never sent, paced); frees a probe slot. */
    void release() {
      if (used.compareAndSet(false, true)) {
        giveBack(this);
      }
    }
  }
}
