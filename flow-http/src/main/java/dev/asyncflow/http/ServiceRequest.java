package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import dev.asyncflow.http.internal.HeaderRules;
import dev.asyncflow.http.internal.UrlEncoding;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One request to a service: method, path under the service's base URI, query parameters (encoded by
 * the client), headers and an optional body. Build one with {@link #get(String)}, {@link
 * #post(String)} or {@link #builder(String, String)}.
 *
 * <p>Immutable and thread-safe; one request may be sent any number of times. {@link #toString()}
 * redacts sensitive headers and the values of the query parameters {@code api_key}, {@code key},
 * {@code token} and {@code access_token}.
 */
public final class ServiceRequest {
  private static final Set<String> IDEMPOTENT_METHODS =
      Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

  /** The sensitive header names of a request that names no others, shared by all of them. */
  private static final Set<String> DEFAULT_SENSITIVE_HEADERS =
      Collections.unmodifiableSet(new TreeSet<>(HeaderRules.DEFAULT_SENSITIVE_HEADERS));

  private final String method;
  private final String path;
  private final List<Map.Entry<String, String>> query;
  private final Map<String, String> headers;
  private final Set<String> sensitiveHeaders;
  private final @Nullable Object jsonBody;
  private final byte @Nullable [] body;
  private final boolean idempotent;
  private final @Nullable Duration deadline;

  private ServiceRequest(Builder builder) {
    method = builder.method;
    path = builder.path.toString();
    query = List.copyOf(builder.query);
    headers = HeaderRules.caseInsensitiveCopy(builder.headers);
    sensitiveHeaders =
        builder.sensitiveHeaders == DEFAULT_SENSITIVE_HEADERS
            ? DEFAULT_SENSITIVE_HEADERS
            : Collections.unmodifiableSet(new TreeSet<>(builder.sensitiveHeaders));
    jsonBody = builder.jsonBody;
    body = builder.body == null ? null : builder.body.clone();
    idempotent =
        builder.idempotent == null ? IDEMPOTENT_METHODS.contains(method) : builder.idempotent;
    deadline = builder.deadline;
  }

  /**
   * Starts a GET request.
   *
   * @param path the path relative to the service's base URI, already percent-encoded (use {@link
   *     Builder#pathSegment(String)} for raw values); a leading {@code /} is dropped and {@code .}
   *     and {@code ..} segments (also as {@code %2e}) are resolved
   * @return a builder
   * @throws IllegalArgumentException if the path is absolute, has a query or fragment, holds a
   *     character RFC 3986 does not allow in a path (such as a space, a backslash, a brace, a
   *     bracket or a {@code %} not followed by two hex digits; the message names the path and the
   *     character's index and kind), or climbs above the base URI's path (such as {@code ../admin})
   */
  public static Builder get(String path) {
    return new Builder("GET", path);
  }

  /**
   * Starts a POST request, which is not retried unless {@link Builder#idempotent(boolean)} says so.
   *
   * @param path the path relative to the service's base URI, as for {@link #get(String)}
   * @return a builder
   * @throws IllegalArgumentException as for {@link #get(String)}
   */
  public static Builder post(String path) {
    return new Builder("POST", path);
  }

  /**
   * Starts a request with any method.
   *
   * @param method the HTTP method, such as {@code PUT}
   * @param path the path relative to the service's base URI, as for {@link #get(String)}
   * @return a builder
   * @throws IllegalArgumentException if the method is not a valid token, or as for {@link
   *     #get(String)}
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /**
   * Returns the HTTP method.
   *
   * @return the upper-case method
   */
  public String method() {
    return method;
  }

  /**
   * Returns the path relative to the base URI, percent-encoded, without a leading {@code /}.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * Returns the query parameters in order, not yet encoded.
   *
   * @return an immutable list of name-value pairs
   */
  public List<Map.Entry<String, String>> query() {
    return query;
  }

  /**
   * Returns the request's own headers, added to (and overriding) the service's. Do not log: values
   * of sensitive headers are real here.
   *
   * @return an immutable map by case-insensitive name
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Returns the lower-case names of headers this request treats as sensitive: the defaults ({@code
   * authorization}, {@code proxy-authorization}, {@code cookie}, {@code x-api-key}) and those given
   * with {@link Builder#sensitiveHeader(String, String)}.
   *
   * @return an immutable set
   */
  public Set<String> sensitiveHeaders() {
    return sensitiveHeaders;
  }

  /**
   * Returns the object to send as JSON, serialized by the manager's {@code ObjectMapper}.
   *
   * @return the JSON body, or null
   */
  public @Nullable Object jsonBody() {
    return jsonBody;
  }

  /**
   * Returns a copy of the raw body.
   *
   * @return the body bytes, or null when there is none or the body is JSON
   */
  public byte @Nullable [] body() {
    return body == null ? null : body.clone();
  }

  /**
   * Returns whether the request may be retried: true for GET, HEAD, PUT, DELETE, OPTIONS and TRACE
   * unless changed with {@link Builder#idempotent(boolean)}.
   *
   * @return true if retrying cannot do harm
   */
  public boolean idempotent() {
    return idempotent;
  }

  /**
   * Returns this request's overall deadline.
   *
   * @return the deadline, or null to use the service's
   */
  public @Nullable Duration deadline() {
    return deadline;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(method).append(' ').append(path);
    if (!query.isEmpty()) {
      text.append(" query=[");
      String separator = "";
      for (Map.Entry<String, String> parameter : query) {
        String value =
            HeaderRules.DEFAULT_SENSITIVE_QUERY_PARAMETERS.contains(parameter.getKey())
                ? HeaderRules.REDACTED
                : parameter.getValue();
        text.append(separator).append(parameter.getKey()).append('=').append(value);
        separator = ", ";
      }
      text.append(']');
    }
    if (!headers.isEmpty()) {
      Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach(
          (name, value) -> shown.put(name, HeaderRules.shownValue(name, value, sensitiveHeaders)));
      text.append(" headers=").append(shown);
    }
    if (jsonBody != null || body != null) {
      text.append(" with body");
    }
    return text.toString();
  }

  /** Builds a {@link ServiceRequest}. Not thread-safe; {@link #build()} copies the settings. */
  public static final class Builder {
    private final String method;
    private final StringBuilder path;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private Set<String> sensitiveHeaders = DEFAULT_SENSITIVE_HEADERS; // copied on the first change
    private @Nullable Object jsonBody;
    private byte @Nullable [] body;
    private @Nullable Boolean idempotent;
    private @Nullable Duration deadline;

    private Builder(String method, String path) {
      Objects.requireNonNull(method, "method");
      this.method = HeaderRules.checkName(method).toUpperCase(Locale.ROOT);
      this.path = new StringBuilder(checkPath(path));
    }

    private static String checkPath(String path) {
      Objects.requireNonNull(path, "path");
      if (path.contains("://")
          || path.startsWith("//")
          || path.contains("?")
          || path.contains("#")) {
        throw new IllegalArgumentException(
            "path must be relative to the service's base URI, without query or fragment: " + path);
      }
      UrlEncoding.checkPath(path);
      return UrlEncoding.normalizePath(path.startsWith("/") ? path.substring(1) : path);
    }

    /**
     * Appends {@code /segment} to the path, percent-encoding everything but unreserved characters,
     * so a value such as an id cannot change the path's shape.
     *
     * @param segment the raw segment
     * @return this builder
     * @throws IllegalArgumentException if the segment is empty, {@code .} or {@code ..}
     */
    public Builder pathSegment(String segment) {
      Objects.requireNonNull(segment, "segment");
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("invalid path segment: \"" + segment + "\"");
      }
      if (path.length() > 0 && path.charAt(path.length() - 1) != '/') {
        path.append('/');
      }
      path.append(UrlEncoding.encode(segment));
      return this;
    }

    /**
     * Adds a query parameter; a name may repeat. The client encodes it (spaces as {@code %20},
     * non-ASCII as UTF-8).
     *
     * @param name the parameter name
     * @param value the raw value
     * @return this builder
     */
    public Builder query(String name, String value) {
      Objects.requireNonNull(name, "query parameter name");
      Objects.requireNonNull(value, () -> "value of query parameter " + name);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("query parameter name must not be empty");
      }
      query.add(new SimpleImmutableEntry<>(name, value));
      return this;
    }

    /**
     * Adds every entry of {@code parameters} as a query parameter, in the map's order.
     *
     * @param parameters names and raw values
     * @return this builder
     */
    public Builder query(Map<String, String> parameters) {
      parameters.forEach(this::query);
      return this;
    }

    /**
     * Adds (or replaces) a header of this request; it overrides a service header of the same name.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the name is invalid or controlled by the JDK, or the
     *     value holds a character HTTP does not allow (a control character other than tab, or one
     *     above U+00FF); the message never shows the value
     */
    public Builder header(String name, String value) {
      return put(name, value, HeaderRules.isSensitive(name, sensitiveHeaders));
    }

    /**
     * Adds a header whose value is secret and marks it sensitive.
     *
     * @param name the header name
     * @param value the secret value
     * @return this builder
     * @throws IllegalArgumentException as for {@link #header(String, String)}
     */
    public Builder sensitiveHeader(String name, String value) {
      put(name, value, true);
      if (sensitiveHeaders == DEFAULT_SENSITIVE_HEADERS) {
        sensitiveHeaders = new TreeSet<>(DEFAULT_SENSITIVE_HEADERS);
      }
      sensitiveHeaders.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    private Builder put(String name, String value, boolean sensitive) {
      HeaderRules.checkName(name);
      headers.put(name, HeaderRules.checkValue(name, value, sensitive));
      return this;
    }

    /**
     * Sends {@code value} as JSON ({@code Content-Type: application/json}), serialized when the
     * request is sent. A value Jackson cannot serialize fails the call with {@link
     * IllegalArgumentException}.
     *
     * @param value a Jackson tree, a map, a record or any serializable object
     * @return this builder
     */
    public Builder jsonBody(Object value) {
      this.jsonBody = Objects.requireNonNull(value, "jsonBody");
      this.body = null;
      headers.putIfAbsent("Content-Type", "application/json");
      return this;
    }

    /**
     * Sends {@code content} as the body with the given content type.
     *
     * @param content the bytes, copied
     * @param contentType the media type, such as {@code text/plain; charset=utf-8}
     * @return this builder
     */
    public Builder body(byte[] content, String contentType) {
      this.body = Objects.requireNonNull(content, "content").clone();
      this.jsonBody = null;
      header("Content-Type", contentType);
      return this;
    }

    /**
     * Says whether the request may be retried. Set it to true for a POST the server deduplicates
     * (for example with an idempotency key).
     *
     * @param idempotent true to allow retries
     * @return this builder
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Sets this request's overall deadline instead of the service's.
     *
     * @param deadline positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder deadline(Duration deadline) {
      this.deadline = Checks.positive(deadline, "deadline");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return a new immutable request
     */
    public ServiceRequest build() {
      return new ServiceRequest(this);
    }
  }
}
