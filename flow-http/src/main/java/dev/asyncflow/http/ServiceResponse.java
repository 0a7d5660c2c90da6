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
