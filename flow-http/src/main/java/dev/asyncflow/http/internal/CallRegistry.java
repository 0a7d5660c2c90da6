package dev.asyncflow.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls running under one manager, so that closing it can refuse new calls, wait for running
 * ones and cancel what is left. Registering and unregistering take no lock shared by all calls;
 * only closing does. Thread-safe.
 */
public final class CallRegistry {
  private final Set<Call<?>> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastId = new AtomicLong();
  private volatile boolean closed;

  /**
   * Returns the next call id.
   *
   * @return a number unique within this registry
   */
  long nextId() {
    return lastId.incrementAndGet();
  }

  /**
   * Registers {@code call} unless the registry is closed. A call registered at the moment of {@link
   * #close()} is either refused or seen by {@link #awaitIdle} and {@link #abortAll()}: each side
   * writes first (the set, the flag) and reads the other's after.
   */
  boolean register(Call<?> call) {
    running.add(call);
    if (closed) {
      unregister(call);
      return false;
    }
    return true;
  }

  void unregister(Call<?> call) {
    if (running.remove(call) && closed && running.isEmpty()) {
      synchronized (this) {
        notifyAll(); // awaitIdle() waits only once closed
      }
    }
  }

  /** Refuses every later {@link #register}. */
  public void close() {
    closed = true;
  }

  /**
   * Returns whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Waits until no call runs, for at most {@code timeout}. Only {@code close()} calls this, after
   * {@link #close()}: it is the one place the library blocks, by contract.
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
    List<Call<?>> calls = new ArrayList<>(running);
    calls.forEach(Call::abortClosed);
  }
}
