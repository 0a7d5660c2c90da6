package dev.asyncflow.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * A successful (2xx) response whose body has been read completely and un-gzipped. The decoding
 * methods throw {@link ResponseDecodeException}, naming the call and the start of the body, when
 * the body does not fit.
 *
 * <p>On a response from {@link ServiceClient#send(ServiceRequest)}, the call is already over and
 * counted as a success: decoding it with {@link #json()} or {@link #as(Class)} is the caller's own
 * step, and its failure is not seen by the service's statistics, events or retries. Decode within
 * the call, where a failure counts as a failed call of kind {@link FailureKind#DECODE}, with {@link
 * ServiceClient#json(ServiceRequest)}, {@link ServiceClient#json(ServiceRequest, Class)} or {@link
 * ServiceClient#send(ServiceRequest, BodyReader)}.
 *
 * <p>Immutable and thread-safe.
 */
public interface ServiceResponse {

  /**
   * Returns the call this response answers.
   *
   * @return the call
   */
  CallInfo call();

  /**
   * Returns how many attempts the call took.
   *
   * @return at least 1
   */
  int attempts();

  /**
   * Returns the HTTP status.
   *
   * @return a status in 200..299
   */
  int status();

  /**
   * Returns the response headers.
   *
   * @return the headers
   */
  HttpHeaders headers();

  /**
   * Returns the server's request id from {@code request-id} or {@code x-request-id}.
   *
   * @return the id, or null
   */
  @Nullable String requestId();

  /**
   * Returns a copy of the decoded body.
   *
   * @return the bytes
   */
  byte[] bytes();

  /**
   * Returns the body as text in the charset of its {@code Content-Type} (UTF-8 when none).
   *
   * @return the text
   */
  String text();

  /**
   * Parses the body as a JSON tree.
   *
   * @return the tree
   * @throws ResponseDecodeException if the body is not valid JSON
   */
  JsonNode json();

  /**
   * Binds the JSON body to {@code type}.
   *
   * @param type the target class
   * @param <T> the target type
   * @return the bound value
   * @throws ResponseDecodeException if the body is not valid JSON or does not fit {@code type}
   */
  <T> T as(Class<T> type);

  /**
   * Binds the JSON body to a generic {@code type}.
   *
   * @param type the target type, such as {@code new TypeReference<List<Study>>() {}}
   * @param <T> the target type
   * @return the bound value
   * @throws ResponseDecodeException if the body is not valid JSON or does not fit {@code type}
   */
  <T> T as(TypeReference<T> type);
}
