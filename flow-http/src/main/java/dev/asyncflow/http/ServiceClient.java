package dev.asyncflow.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Sends requests to one remote service under its {@link ServiceConfig}: concurrency permits, rate
 * limit, timeouts, retries and circuit breaker. Get one from {@link
 * HttpClientManager#client(ServiceConfig)}.
 *
 * <p>Every method returns at once; the outcome arrives through the future, failures as {@link
 * HttpCallException} subclasses (bad arguments as {@link IllegalArgumentException}). A status
 * outside 2xx fails the future with {@link HttpStatusException}. Cancelling a returned future
 * aborts the exchange and releases its permit, and the call then counts as cancelled, not as a
 * failure of the service.
 *
 * <p>Thread-safe: one client serves any number of concurrent calls.
 */
public interface ServiceClient {

  /**
   * Sends {@code request}, completing with the whole response once its body has been read.
   *
   * @param request the request
   * @return the response
   */
  CompletableFuture<ServiceResponse> send(ServiceRequest request);

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
   * Sends {@code request} and parses the body as a JSON tree; malformed JSON fails the future with
   * {@link ResponseDecodeException}.
   *
   * @param request the request
   * @return the tree
   */
  CompletableFuture<JsonNode> json(ServiceRequest request);

  /**
   * Sends {@code request} and binds the JSON body to {@code type}.
   *
   * @param request the request
   * @param type the target class
   * @param <T> the target type
   * @return the bound value
   */
  <T> CompletableFuture<T> json(ServiceRequest request, Class<T> type);

  /**
   * Sends {@code request} and binds the JSON body to a generic {@code type}.
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
   * Returns a snapshot of the service's counters.
   *
   * @return the snapshot
   */
  ServiceStats stats();
}
