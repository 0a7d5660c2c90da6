package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import dev.asyncflow.http.internal.HeaderRules;
import dev.asyncflow.http.internal.LibraryVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of one remote service: where it is, which headers every request
 * carries, and the limits, timeouts, retry policy, circuit breaker and rate limit that protect it.
 *
 * <p>Build one with {@link #builder(String, URI)}, or derive one from another with {@link
 * #builder(ServiceConfig)}; {@link Builder#build()} copies every setting, so changing the builder
 * later does not change a built config. {@link #toString()} shows the values of sensitive headers
 * as {@code [redacted]}. Immutable and thread-safe.
 */
public final class ServiceConfig {
  private final Settings settings;

  private ServiceConfig(Settings settings) {
    this.settings = settings;
  }

  /**
   * Returns a builder for a service called {@code name} at {@code baseUri}.
   *
   * @param name a short name used in events, metrics and error messages, such as {@code ctgov}
   * @param baseUri an absolute {@code http} or {@code https} URI; request paths resolve under it
   * @return a new builder with the defaults listed on its setters
   * @throws IllegalArgumentException if the name is blank or the URI is not absolute http(s)
   */
  public static Builder builder(String name, URI baseUri) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("service name must not be blank");
    }
    return new Builder(new Settings(name, HeaderRules.checkBaseUri(baseUri)));
  }

  /**
   * Returns a builder holding the settings of {@code config}, to derive a changed config.
   *
   * @param config the config to start from
   * @return a new builder
   */
  public static Builder builder(ServiceConfig config) {
    return new Builder(Objects.requireNonNull(config, "config").settings.copy());
  }

  /**
   * Returns the service name.
   *
   * @return the name
   */
  public String name() {
    return settings.name;
  }

  /**
   * Returns the base URI, its path ending in {@code /}.
   *
   * @return the base URI
   */
  public URI baseUri() {
    return settings.baseUri;
  }

  /**
   * Returns the headers every request carries, User-Agent included, by case-insensitive name.
   * Values of sensitive headers are real here: do not log this map.
   *
   * @return an immutable map
   */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(settings.headers);
  }

  /**
   * Returns the lower-case names of headers whose values never appear in {@code toString()}, logs
   * or messages.
   *
   * @return an immutable set, {@code authorization}, {@code proxy-authorization}, {@code cookie}
   *     and {@code x-api-key} by default
   */
  public Set<String> sensitiveHeaders() {
    return Collections.unmodifiableSet(settings.sensitiveHeaders);
  }

  /**
   * Returns the names of query parameters whose values are redacted from URLs in events and
   * messages.
   *
   * @return an immutable set, {@code api_key}, {@code key}, {@code token} and {@code access_token}
   *     by default
   */
  public Set<String> sensitiveQueryParameters() {
    return Collections.unmodifiableSet(settings.sensitiveQueryParameters);
  }

  /**
   * Returns the most requests of this service on the network at once.
   *
   * @return the concurrency limit
   */
  public int maxConcurrency() {
    return settings.maxConcurrency;
  }

  /**
   * Returns the most callers that may wait for a permit; one more fails with {@link
   * QueueFullException}.
   *
   * @return the queue bound
   */
  public int maxQueued() {
    return settings.maxQueued;
  }

  /**
   * Returns how long a caller waits for a permit before {@link AcquireTimeoutException}.
   *
   * @return the acquire timeout
   */
  public Duration acquireTimeout() {
    return settings.acquireTimeout;
  }

  /**
   * Returns the connect timeout for new connections.
   *
   * @return the connect timeout
   */
  public Duration connectTimeout() {
    return settings.connectTimeout;
  }

  /**
   * Returns how long an attempt waits for response headers, counted from its start.
   *
   * @return the response timeout
   */
  public Duration responseTimeout() {
    return settings.responseTimeout;
  }

  /**
   * Returns the longest pause allowed between body bytes after the headers.
   *
   * @return the read timeout
   */
  public Duration readTimeout() {
    return settings.readTimeout;
  }

  /**
   * Returns the default overall deadline of a call: queueing, every attempt, backoff and body.
   *
   * @return the deadline
   */
  public Duration deadline() {
    return settings.deadline;
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public HttpRetryPolicy retryPolicy() {
    return settings.retryPolicy;
  }

  /**
   * Returns the circuit breaker policy.
   *
   * @return the policy
   */
  public CircuitBreakerPolicy circuitBreaker() {
    return settings.circuitBreaker;
  }

  /**
   * Returns the rate limit.
   *
   * @return the limit, or null when requests are not rate-limited
   */
  public @Nullable RateLimit rateLimit() {
    return settings.rateLimit;
  }

  /**
   * Returns the HTTP version requested: always HTTP/1.1 for {@code http://}.
   *
   * @return the version
   */
  public HttpClient.Version httpVersion() {
    return settings.httpVersion;
  }

  /**
   * Returns the cap on HTTP/2 streams in flight to the service's origin.
   *
   * @return the stream cap
   */
  public int http2MaxStreams() {
    return settings.http2MaxStreams;
  }

  /**
   * Returns the effective number of requests in flight at once: {@link #maxConcurrency()}, capped
   * by {@link #http2MaxStreams()} when the service speaks HTTP/2.
   *
   * @return the permit count
   */
  public int effectiveConcurrency() {
    return settings.httpVersion == HttpClient.Version.HTTP_2
        ? Math.min(settings.maxConcurrency, settings.http2MaxStreams)
        : settings.maxConcurrency;
  }

  /**
   * Returns the listener that receives this service's events.
   *
   * @return the listener, {@link HttpEventListener#NONE} by default
   */
  public HttpEventListener listener() {
    return settings.listener;
  }

  /**
   * Returns every setting; values of sensitive headers are shown as {@code [redacted]}.
   *
   * @return a description for logs
   */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    settings.headers.forEach(
        (header, value) ->
            shown.put(header, HeaderRules.shownValue(header, value, settings.sensitiveHeaders)));
    return "ServiceConfig{name="
        + settings.name
        + ", baseUri="
        + settings.baseUri
        + ", headers="
        + shown
        + ", sensitiveHeaders="
        + settings.sensitiveHeaders
        + ", sensitiveQueryParameters="
        + settings.sensitiveQueryParameters
        + ", maxConcurrency="
        + settings.maxConcurrency
        + ", maxQueued="
        + settings.maxQueued
        + ", acquireTimeout="
        + settings.acquireTimeout
        + ", connectTimeout="
        + settings.connectTimeout
        + ", responseTimeout="
        + settings.responseTimeout
        + ", readTimeout="
        + settings.readTimeout
        + ", deadline="
        + settings.deadline
        + ", retryPolicy="
        + settings.retryPolicy
        + ", circuitBreaker="
        + settings.circuitBreaker
        + ", rateLimit="
        + settings.rateLimit
        + ", httpVersion="
        + settings.httpVersion
        + ", http2MaxStreams="
        + settings.http2MaxStreams
        + ", listener="
        + settings.listener
        + "}";
  }

  /** The settings a builder fills and {@link Builder#build()} copies. */
  private static final class Settings {
    private final String name;
    private final URI baseUri;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> sensitiveHeaders =
        new TreeSet<>(HeaderRules.DEFAULT_SENSITIVE_HEADERS);
    private final Set<String> sensitiveQueryParameters =
        new TreeSet<>(HeaderRules.DEFAULT_SENSITIVE_QUERY_PARAMETERS);
    private int maxConcurrency = 10;
    private int maxQueued = 1000;
    private Duration acquireTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(60);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration deadline = Duration.ofMinutes(2);
    private HttpRetryPolicy retryPolicy = HttpRetryPolicy.ofDefaults();
    private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.ofDefaults();
    private @Nullable RateLimit rateLimit;
    private HttpClient.Version httpVersion = HttpClient.Version.HTTP_2;
    private int http2MaxStreams = 100;
    private HttpEventListener listener = HttpEventListener.NONE;

    Settings(String name, URI baseUri) {
      this.name = name;
      this.baseUri = baseUri;
      headers.put("User-Agent", LibraryVersion.userAgent());
    }

    Settings copy() {
      Settings copy = new Settings(name, baseUri);
      copy.headers.putAll(headers);
      copy.sensitiveHeaders.addAll(sensitiveHeaders);
      copy.sensitiveQueryParameters.addAll(sensitiveQueryParameters);
      copy.maxConcurrency = maxConcurrency;
      copy.maxQueued = maxQueued;
      copy.acquireTimeout = acquireTimeout;
      copy.connectTimeout = connectTimeout;
      copy.responseTimeout = responseTimeout;
      copy.readTimeout = readTimeout;
      copy.deadline = deadline;
      copy.retryPolicy = retryPolicy;
      copy.circuitBreaker = circuitBreaker;
      copy.rateLimit = rateLimit;
      copy.httpVersion = httpVersion;
      copy.http2MaxStreams = http2MaxStreams;
      copy.listener = listener;
      return copy;
    }

    /** Plain {@code http://} always speaks HTTP/1.1: the JDK's h2c upgrade breaks some servers. */
    HttpClient.Version effectiveVersion() {
      return "http".equalsIgnoreCase(baseUri.getScheme())
          ? HttpClient.Version.HTTP_1_1
          : httpVersion;
    }
  }

  /** Builds a {@link ServiceConfig}. Not thread-safe; {@link #build()} copies the settings. */
  public static final class Builder {
    private final Settings settings;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Adds (or replaces) a header sent with every request. The User-Agent defaults to {@code
     * asyncflow-http/<version> Java/<version>}.
     *
     * @param header the header name
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the name is not a valid token or is one the JDK controls
     *     ({@code Host}, {@code Connection}, {@code Content-Length}, {@code Expect}, {@code
     *     Upgrade}), or the value holds a character HTTP does not allow (a control character other
     *     than tab, or one above U+00FF); the message never shows the value
     */
    public Builder header(String header, String value) {
      boolean sensitive = HeaderRules.isSensitive(header, settings.sensitiveHeaders);
      return put(header, value, sensitive);
    }

    /**
     * Adds a header whose value is secret, such as an API key, and marks its name sensitive.
     *
     * @param header the header name
     * @param value the secret value
     * @return this builder
     * @throws IllegalArgumentException as for {@link #header(String, String)}
     */
    public Builder sensitiveHeader(String header, String value) {
      put(header, value, true);
      settings.sensitiveHeaders.add(header.toLowerCase(Locale.ROOT));
      return this;
    }

    private Builder put(String header, String value, boolean sensitive) {
      HeaderRules.checkName(header);
      settings.headers.put(header, HeaderRules.checkValue(header, value, sensitive));
      return this;
    }

    /**
     * Marks query parameters whose values are redacted from URLs in events and messages.
     *
     * @param names parameter names, matched exactly
     * @return this builder
     */
    public Builder sensitiveQueryParameters(String... names) {
      for (String parameter : names) {
        settings.sensitiveQueryParameters.add(Objects.requireNonNull(parameter, "name"));
      }
      return this;
    }

    /**
     * Sets the most requests on the network at once (httpx {@code max_connections}). Default 10.
     *
     * @param maxConcurrency at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxConcurrency(int maxConcurrency) {
      settings.maxConcurrency = Checks.atLeast(maxConcurrency, 1, "maxConcurrency");
      return this;
    }

    /**
     * Sets the most callers waiting for a permit; 0 makes a caller fail at once when every permit
     * is taken. Default 1000.
     *
     * @param maxQueued at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxQueued(int maxQueued) {
      settings.maxQueued = Checks.atLeast(maxQueued, 0, "maxQueued");
      return this;
    }

    /**
     * Sets how long a caller waits for a permit (httpx {@code pool} timeout). Default 30 s.
     *
     * @param acquireTimeout positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder acquireTimeout(Duration acquireTimeout) {
      settings.acquireTimeout = Checks.positive(acquireTimeout, "acquireTimeout");
      return this;
    }

    /**
     * Sets the connect timeout for new connections. Default 10 s.
     *
     * @param connectTimeout positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectTimeout(Duration connectTimeout) {
      settings.connectTimeout = Checks.positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long an attempt waits for response headers, counted from its start, so it covers
     * connecting and writing the request (httpx {@code write} timeout). Default 60 s.
     *
     * @param responseTimeout positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder responseTimeout(Duration responseTimeout) {
      settings.responseTimeout = Checks.positive(responseTimeout, "responseTimeout");
      return this;
    }

    /**
     * Sets the longest pause allowed between body bytes (httpx {@code read} timeout). Default 30 s.
     *
     * @param readTimeout positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder readTimeout(Duration readTimeout) {
      settings.readTimeout = Checks.positive(readTimeout, "readTimeout");
      return this;
    }

    /**
     * Sets the default overall deadline of a call; a request may override it. Default 2 min.
     *
     * @param deadline positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder deadline(Duration deadline) {
      settings.deadline = Checks.positive(deadline, "deadline");
      return this;
    }

    /**
     * Sets the retry policy. Default {@link HttpRetryPolicy#ofDefaults()}.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(HttpRetryPolicy retryPolicy) {
      settings.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the circuit breaker policy. Default {@link CircuitBreakerPolicy#ofDefaults()}.
     *
     * @param circuitBreaker the policy, or {@link CircuitBreakerPolicy#disabled()}
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
      settings.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
      return this;
    }

    /**
     * Sets a rate limit. Default none.
     *
     * @param rateLimit the limit, or null for none
     * @return this builder
     */
    public Builder rateLimit(@Nullable RateLimit rateLimit) {
      settings.rateLimit = rateLimit;
      return this;
    }

    /**
     * Sets the HTTP version for {@code https://} services. Default HTTP/2 (with HTTP/1.1 fallback
     * by ALPN). Plain {@code http://} services always use HTTP/1.1, since the h2c upgrade breaks
     * some servers.
     *
     * @param httpVersion the version
     * @return this builder
     */
    public Builder httpVersion(HttpClient.Version httpVersion) {
      settings.httpVersion = Objects.requireNonNull(httpVersion, "httpVersion");
      return this;
    }

    /**
     * Sets the cap on HTTP/2 streams in flight to the origin, which keeps the JDK from failing with
     * "too many concurrent streams" when the server's limit is reached. Set it to the server's
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS} or lower. Default 100.
     *
     * @param http2MaxStreams at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder http2MaxStreams(int http2MaxStreams) {
      settings.http2MaxStreams = Checks.atLeast(http2MaxStreams, 1, "http2MaxStreams");
      return this;
    }

    /**
     * Sets the listener of this service's events. Default {@link HttpEventListener#NONE}.
     *
     * @param listener the listener; use {@link HttpEventListener#composite} for several
     * @return this builder
     */
    public Builder listener(HttpEventListener listener) {
      settings.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the config.
     *
     * @return a new immutable config
     */
    public ServiceConfig build() {
      Settings copy = settings.copy();
      copy.httpVersion = settings.effectiveVersion();
      return new ServiceConfig(copy);
    }
  }
}
