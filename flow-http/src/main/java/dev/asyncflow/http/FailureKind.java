package dev.asyncflow.http;

/**
 * What went wrong with a call, one value per {@link HttpCallException} subclass; {@link
 * ServiceStats} counts failures by kind. Immutable and thread-safe.
 */
public enum FailureKind {
  /** The server answered with a status outside 2xx ({@link HttpStatusException}). */
  HTTP_STATUS,
  /** The connection failed or broke: refused, reset, closed early ({@link TransportException}). */
  TRANSPORT,
  /** No connection within the connect timeout ({@link ConnectTimeoutException}). */
  CONNECT_TIMEOUT,
  /** No response headers within the response timeout ({@link ResponseTimeoutException}). */
  RESPONSE_TIMEOUT,
  /** The body stalled for longer than the read timeout ({@link ReadTimeoutException}). */
  READ_TIMEOUT,
  /** The call's overall deadline passed ({@link DeadlineExceededException}). */
  DEADLINE,
  /** No concurrency permit within the acquire timeout ({@link AcquireTimeoutException}). */
  ACQUIRE_TIMEOUT,
  /** The queue of callers waiting for a permit was full ({@link QueueFullException}). */
  QUEUE_FULL,
  /** The service's circuit breaker was open ({@link CircuitOpenException}). */
  CIRCUIT_OPEN,
  /** The manager was closed ({@link ClientClosedException}). */
  CLOSED,
  /**
   * The body of a 2xx response could not be read inside the call: bad gzip, malformed JSON, JSON
   * that does not fit the type, or a {@link BodyReader} that threw ({@link
   * ResponseDecodeException}). Not retried unless the retry policy says so, and not counted against
   * the circuit breaker.
   */
  DECODE,
  /** The caller cancelled the returned future. */
  CANCELLED
}
