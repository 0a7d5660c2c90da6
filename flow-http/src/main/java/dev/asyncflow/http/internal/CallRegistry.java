package dev.asyncflow.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The calls running under one manager, so that closing it can refuse new calls, wait for running
 * ones and cancel what is left. Thread-safe.
 */
public final class CallRegistry {
  private final Set<Call<?>> running = new HashSet<>();
  private long lastId;
  private boolean closed;

  /**
   * Returns the next call id.
   *
   * @return a number unique within this registry
   */
  synchronized long nextId() {
    return ++lastId;
  }

  synchronized boolean register(Call<?> call) {
    if (closed) {
      return false;
    }
    running.add(call);
    return true;
  }

  synchronized void unregister(Call<?> call) {
    if (running.remove(call) && running.isEmpty()) {
      notifyAll();
    }
  }

  /** Refuses every later {@link #register}. */
  public synchronized void close() {
    closed = true;
  }

  /**
   * Returns whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Waits until no call runs, for at most {@code timeout}. Only {@code close()} calls this: it is
   * the one place the library blocks, by contract.
   *
   * @param timeout the longest wait
   * @return true if no call runs
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + Checks.saturatedNanos(timeout);
    while (!running.isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Fails every running call with a {@code ClientClosedException}. */
  public void abortAll() {
    List<Call<?>> calls;
    synchronized (this) {
      calls = new ArrayList<>(running);
    }
    calls.forEach(Call::abortClosed);
  }
}
