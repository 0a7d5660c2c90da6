/**
 * asyncflow flow-http: one shared, pooled, non-blocking HTTP client manager on {@code
 * java.net.http.HttpClient}, with per-service concurrency permits, rate limits, timeouts, retries
 * and a circuit breaker.
 *
 * <p>Only {@code dev.asyncflow.http} is exported; {@code dev.asyncflow.http.internal} is not.
 */
module dev.asyncflow.http {
  requires static org.jspecify;
  requires transitive java.net.http;
  requires transitive com.fasterxml.jackson.databind;

  exports dev.asyncflow.http;
}
