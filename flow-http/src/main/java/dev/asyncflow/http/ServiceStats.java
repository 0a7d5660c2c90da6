package dev.asyncflow.http;

import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one service's counters, taken by {@link ServiceClient#stats()}, which has no side
 * effects. Counters are read one after another without a lock, so under load they may be a few
 * calls apart. Immutable and thread-safe.
 *
 * @param service the service name
 * @param requests calls started
 * @param successes calls that completed with a 2xx response whose body was read
 * @param failures calls that failed, by kind (cancellations under {@link FailureKind#CANCELLED}, a
 *     body that failed to decode inside the call under {@link FailureKind#DECODE})
 * @param retries retries scheduled
 * @param inFlight attempts holding a permit now
 * @param queued callers waiting for a permit now
 * @param circuitState the breaker's state now
 * @param latency percentiles of finished calls
 */
public record ServiceStats(
    String service,
    long requests,
    long successes,
    Map<FailureKind, Long> failures,
    long retries,
    int inFlight,
    int queued,
    CircuitState circuitState,
    LatencyStats latency) {

  /**
   * Copies the failure map and checks the components.
   *
   * @param service see the record's service component
   * @param requests see the record's requests component
   * @param successes see the record's successes component
   * @param failures see the record's failures component
   * @param retries see the record's retries component
   * @param inFlight see the record's inFlight component
   * @param queued see the record's queued component
   * @param circuitState see the record's circuitState component
   * @param latency see the record's latency component
   * @throws NullPointerException if a component is null
   */
  public ServiceStats {
    Objects.requireNonNull(service, "service");
    failures = Map.copyOf(failures);
    Objects.requireNonNull(circuitState, "circuitState");
    Objects.requireNonNull(latency, "latency");
  }

  /**
   * Returns the failures of one kind.
   *
   * @param kind the kind
   * @return the count, 0 when none
   */
  public long failures(FailureKind kind) {
    return failures.getOrDefault(kind, 0L);
  }

  /**
   * Returns all failures, cancellations included.
   *
   * @return the sum over every kind
   */
  public long totalFailures() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }
}
