package dev.asyncflow.http.internal;

import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.ServiceStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ServiceStats}. Thread-safe and lock-free. */
final class ServiceMetrics {
  private final LongAdder requests = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
  private final LatencyHistogram latency = new LatencyHistogram();

  /** Creates zeroed counters. */
  ServiceMetrics() {
    for (FailureKind kind : FailureKind.values()) {
      failures.put(kind, new LongAdder());
    }
  }

  /** Counts a started call. */
  void started() {
    requests.increment();
  }

  /** Counts a scheduled retry. */
  void retried() {
    retries.increment();
  }

  /**
   * Counts a successful call.
   *
   * @param nanos its duration
   */
  void succeeded(long nanos) {
    successes.increment();
    latency.record(nanos);
  }

  /**
   * Counts a failed or cancelled call.
   *
   * @param kind what went wrong
   * @param nanos its duration
   */
  void failed(FailureKind kind, long nanos) {
    counter(kind).increment();
    latency.record(nanos);
  }

  /**
   * Takes a snapshot.
   *
   * @param service the service name
   * @param inFlight attempts holding a permit
   * @param queued callers waiting
   * @param state the breaker state
   * @return the snapshot
   */
  ServiceStats snapshot(String service, int inFlight, int queued, CircuitState state) {
    Map<FailureKind, Long> failed = new EnumMap<>(FailureKind.class);
    for (FailureKind kind : FailureKind.values()) {
      failed.put(kind, counter(kind).sum());
    }
    return new ServiceStats(
        service,
        requests.sum(),
        successes.sum(),
        failed,
        retries.sum(),
        inFlight,
        queued,
        state,
        latency.snapshot());
  }

  private LongAdder counter(FailureKind kind) {
    return Objects.requireNonNull(failures.get(kind), "every kind has a counter");
  }
}
