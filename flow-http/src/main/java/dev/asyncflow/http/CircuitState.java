package dev.asyncflow.http;

/** The state of a service's circuit breaker. Immutable and thread-safe. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /** Calls fail at once with {@link CircuitOpenException} until the open interval has passed. */
  OPEN,
  /** A fixed number of probe calls are let through; one failure reopens, enough successes close. */
  HALF_OPEN,
  /** The breaker is switched off ({@link CircuitBreakerPolicy#disabled()}). */
  DISABLED
}
