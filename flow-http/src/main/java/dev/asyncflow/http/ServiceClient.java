package dev.asyncflow.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Sends requests to one remote service under its {@link ServiceConfig}: concurrency permits, rate
 * limit, timeouts, retries and circuit breaker. Get one from {@link
 * HttpClientManager#client(ServiceConfig)}.
 *
 * <p>Every method returns at once and never throws; the outcome arrives through the future,
 * failures as {@link HttpCallException} subclasses. Bad arguments, and a request the JDK client
 * refuses to build or send, fail the future too ({@link IllegalArgumentException}, {@link
 * NullPointerException}). A status outside 2xx fails the future with {@link HttpStatusException}.
 * Cancelling a returned future aborts the exchange and releases its permit, and the call then
 * counts as cancelled, not as a failure of the service.
 *
 * <p>Thread-safe: one client serves any number of concurrent calls.
 */
public interface ServiceClient {

  /**
   * Sends {@code request}, completing with the whole response once its body has been read. Decoding
   * it afterwards with {@link ServiceResponse#json()} or {@link ServiceResponse#as(Class)} is the
   * caller's own step after the call, which the call's statistics and events do not see; use {@link
   * #json(ServiceRequest)} or {@link #send(ServiceRequest, BodyReader)} to decode within the call.
   *
   * @param request the request
   * @return the response
   */
  CompletableFuture<ServiceResponse> send(ServiceRequest request);

  /**
   * Sends {@code request} and reads the complete 2xx response with {@code reader}, as a step of the
   * call: on a manager worker thread, before the call's outcome is settled. A reader that throws
   * fails the attempt and the call with {@link ResponseDecodeException} (kind {@link
   * FailureKind#DECODE}), which is counted as a failed call in {@link #stats()}, reported through
   * {@link HttpEventListener#callFailed}, not retried (unless the retry policy {@linkplain
   * HttpRetryPolicy.Builder#retryOnDecodeFailure(boolean) retries decode failures}), and not
   * counted against the circuit breaker. See {@link BodyReader}.
   *
   * @param request the request
   * @param reader reads the response into the value
   * @param <T> the value type
   * @return the value
   */
  <T> CompletableFuture<T> send(ServiceRequest request, BodyReader<T> reader);

  /**
   * Sends {@code request} and returns the decoded body bytes.
   *
   * @param request the request
   * @return the body
   */
  CompletableFuture<byte[]> bytes(ServiceRequest request);

  /**
   * Sends {@code request} and returns the body as text.
   *
   * @param request the request
   * @return the body text
   */
  CompletableFuture<String> text(ServiceRequest request);

  /**
   * Sends {@code request} and parses the body as a JSON tree, as a step of the call (see {@link
   * #send(ServiceRequest, BodyReader)}): malformed JSON or an empty body fails the call with {@link
   * ResponseDecodeException}, counted under {@link FailureKind#DECODE}.
   *
   * @param request the request
   * @return the tree
   */
  CompletableFuture<JsonNode> json(ServiceRequest request);

  /**
   * Sends {@code request} and binds the JSON body to {@code type}, as a step of the call (see
   * {@link #send(ServiceRequest, BodyReader)}): a body that is not JSON or does not fit fails the
   * call with {@link ResponseDecodeException}, counted under {@link FailureKind#DECODE}.
   *
   * @param request the request
   * @param type the target class
   * @param <T> the target type
   * @return the bound value
   */
  <T> CompletableFuture<T> json(ServiceRequest request, Class<T> type);

  /**
   * Sends {@code request} and binds the JSON body to a generic {@code type}, as a step of the call
   * (see {@link #send(ServiceRequest, BodyReader)}): a body that is not JSON or does not fit fails
   * the call with {@link ResponseDecodeException}, counted under {@link FailureKind#DECODE}.
   *
   * @param request the request
   * @param type the target type
   * @param <T> the target type
   * @return the bound value
   */
  <T> CompletableFuture<T> json(ServiceRequest request, TypeReference<T> type);

  /**
   * Returns the service's configuration.
   *
   * @return the config
   */
  ServiceConfig config();

  /**
   * Returns a snapshot of the service's counters. Reading has no side effects: it never moves the
   * circuit breaker nor fires an event.
   *
   * @return the snapshot
   */
  ServiceStats stats();
}
