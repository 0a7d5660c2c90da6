package dev.asyncflow.http;

/**
 * Reads a complete 2xx response into a value, as one step of the call: {@link
 * ServiceClient#send(ServiceRequest, BodyReader)} runs it on a manager worker thread after the body
 * has been read (and un-gzipped) and before the call's outcome is settled. The {@code json}, {@code
 * text} and {@code bytes} methods of {@link ServiceClient} are built on it.
 *
 * <p>When the reader throws, the attempt fails ({@link HttpEventListener#attemptFailed}) and the
 * call fails with a {@link ResponseDecodeException} (kind {@link FailureKind#DECODE}), counted as a
 * failed call in {@link ServiceStats} and reported through {@link HttpEventListener#callFailed}: a
 * {@code ResponseDecodeException} passes through as it is, any other {@link RuntimeException}
 * becomes its cause. Such a failure is not retried (unless the service's {@link
 * HttpRetryPolicy.Builder#retryOnDecodeFailure(boolean) retry policy says so}), and it does not
 * count against the circuit breaker (the service answered with a 2xx).
 *
 * <p>A reader runs on the manager's shared worker threads: it must be quick, must not block, and
 * must be thread-safe when it is used by concurrent calls.
 *
 * @param <T> the value read
 */
@FunctionalInterface
public interface BodyReader<T> {

  /**
   * Reads {@code response} into a value.
   *
   * @param response the complete 2xx response, body un-gzipped
   * @return the value the call completes with
   * @throws ResponseDecodeException or any other {@link RuntimeException} when the body does not
   *     fit
   */
  T read(ServiceResponse response);
}
