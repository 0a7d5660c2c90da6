package dev.asyncflow.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.http.BodyReader;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.HttpEventListener;
import dev.asyncflow.http.RateLimit;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import dev.asyncflow.http.ServiceResponse;
import dev.asyncflow.http.ServiceStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ServiceClient}: one JDK client plus the service's permits, rate limiter, breaker,
 * watchdog, metrics and listener, shared by all of its calls. Thread-safe.
 */
public final class DefaultServiceClient implements ServiceClient {
  private final ServiceConfig config;
  private volatile @Nullable HttpClient jdkClient;
  private final ObjectMapper mapper;
  private final WorkerScheduler scheduler;
  private final CallRegistry registry;
  private final HttpEventListener listener;
  private final AsyncPermits permits;
  private final @Nullable RateLimiter rateLimiter;
  private final CircuitBreaker breaker;
  private final ServiceMetrics metrics = new ServiceMetrics();
  private final Watchdog watchdog;
  private final RandomGenerator random;

  /** The headers of a request that has none of its own. */
  private final Map<String, String> serviceHeaders;

  /**
   * Creates the client and its JDK client.
   *
   * @param config the service's configuration
   * @param executor the manager's executor, also given to the JDK client
   * @param scheduler the manager's timer paired with the executor
   * @param mapper the manager's JSON mapper
   * @param registry the manager's registry of running calls
   * @param random the manager's source of retry jitter
   */
  public DefaultServiceClient(
      ServiceConfig config,
      Executor executor,
      WorkerScheduler scheduler,
      ObjectMapper mapper,
      CallRegistry registry,
      RandomGenerator random) {
    this.config = config;
    this.random = random;
    this.mapper = mapper;
    this.scheduler = scheduler;
    this.registry = registry;
    this.watchdog = new Watchdog(scheduler);
    this.listener = GuardedListener.of(config.listener());
    this.jdkClient =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(config.connectTimeout())
            .version(config.httpVersion())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.permits =
        new AsyncPermits(
            config.effectiveConcurrency(), config.maxQueued(), config.acquireTimeout(), scheduler);
    RateLimit limit = config.rateLimit();
    this.rateLimiter = limit == null ? null : new RateLimiter(limit);
    this.breaker = new CircuitBreaker(config.circuitBreaker(), config.name(), listener, scheduler);
    this.serviceHeaders = Collections.unmodifiableMap(headers(config, Map.of()));
  }

  @Override
  public CompletableFuture<ServiceResponse> send(ServiceRequest request) {
    return send(request, response -> response);
  }

  @Override
  public <T> CompletableFuture<T> send(ServiceRequest request, BodyReader<T> reader) {
    try {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(reader, "reader");
      return newCall(request, reader).start();
    } catch (RuntimeException refused) {
      // Nothing thrown while building or sending (such as the JDK refusing the request) escapes.
      return CompletableFuture.failedFuture(refused);
    }
  }

  @Override
  public CompletableFuture<byte[]> bytes(ServiceRequest request) {
    return send(request, ServiceResponse::bytes);
  }

  @Override
  public CompletableFuture<String> text(ServiceRequest request) {
    return send(request, ServiceResponse::text);
  }

  @Override
  public CompletableFuture<JsonNode> json(ServiceRequest request) {
    return send(request, ServiceResponse::json);
  }

  @Override
  public <T> CompletableFuture<T> json(ServiceRequest request, Class<T> type) {
    if (type == null) {
      return CompletableFuture.failedFuture(new NullPointerException("type"));
    }
    return send(request, response -> response.as(type));
  }

  @Override
  public <T> CompletableFuture<T> json(ServiceRequest request, TypeReference<T> type) {
    if (type == null) {
      return CompletableFuture.failedFuture(new NullPointerException("type"));
    }
    return send(request, response -> response.as(type));
  }

  @Override
  public ServiceConfig config() {
    return config;
  }

  @Override
  public ServiceStats stats() {
    return metrics.snapshot(config.name(), permits.inUse(), permits.queued(), breaker.state());
  }

  @Override
  public String toString() {
    return "ServiceClient{" + config.name() + " at " + config.baseUri() + "}";
  }

  /** Fails every caller waiting for a permit; called when the manager closes. */
  public void closeQueue() {
    permits.close();
  }

  /**
   * Shuts the JDK client down where the JDK can (21 and later), waiting at most {@code wait}, and
   * drops it: on JDK 17 to 20, where it cannot be shut down, its selector thread ends once the
   * client has been collected.
   *
   * @param wait the longest wait for its threads to end
   */
  public void shutdownJdkClient(Duration wait) {
    HttpClient client = jdkClient;
    jdkClient = null;
    if (client != null) {
      JdkClients.shutdown(client, wait);
    }
  }

  private <T> Call<T> newCall(ServiceRequest request, BodyReader<T> reader) {
    String url = UrlEncoding.resolvedText(config.baseUri(), request);
    HttpRequest httpRequest = httpRequest(request, url, bodyOf(request));
    CallInfo info =
        new CallInfo(registry.nextId(), config.name(), request.method(), shown(request, url));
    return new Call<>(
        this,
        httpRequest,
        request.idempotent(),
        request.deadline(),
        info,
        reader,
        Redactor.of(config, request));
  }

  private byte @Nullable [] bodyOf(ServiceRequest request) {
    Object json = request.jsonBody();
    if (json == null) {
      return request.body();
    }
    try {
      return mapper.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the request body of "
              + config.name()
              + " "
              + request.method()
              + " "
              + request.path()
              + " cannot be serialized as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** The URL safe to show: {@code url} itself unless a query parameter is sensitive. */
  private String shown(ServiceRequest request, String url) {
    Set<String> sensitive = config.sensitiveQueryParameters();
    for (Map.Entry<String, String> parameter : request.query()) {
      if (sensitive.contains(parameter.getKey())) {
        return UrlEncoding.redacted(config.baseUri(), request, sensitive);
      }
    }
    return url;
  }

  private HttpRequest httpRequest(ServiceRequest request, String url, byte @Nullable [] body) {
    try {
      return jdkRequest(request, url, body);
    } catch (RuntimeException refused) {
      throw requestRefused(config, request, refused);
    }
  }

  /**
   * Returns the failure of a request the JDK refused to build. The JDK's message may quote the
   * whole URL (as {@code URI.create} does), query values included, so it is shown with that URL
   * replaced by the call's redacted URL and the call's other secrets redacted, and the JDK's
   * exception is not chained: its stack trace is kept on the new failure instead.
   *
   * @param config the service's configuration
   * @param request the request
   * @param refused what the JDK threw
   * @return the failure to complete the call's future with
   */
  static IllegalArgumentException requestRefused(
      ServiceConfig config, ServiceRequest request, RuntimeException refused) {
    String shownUrl =
        UrlEncoding.redacted(config.baseUri(), request, config.sensitiveQueryParameters());
    String reason =
        String.valueOf(refused.getMessage())
            .replace(UrlEncoding.resolvedText(config.baseUri(), request), shownUrl);
    IllegalArgumentException failure =
        new IllegalArgumentException(
            "cannot build the HTTP request "
                + config.name()
                + " "
                + request.method()
                + " "
                + shownUrl
                + ": "
                + refused.getClass().getName()
                + ": "
                + Redactor.of(config, request).redact(reason));
    failure.setStackTrace(refused.getStackTrace());
    return failure;
  }

  private HttpRequest jdkRequest(ServiceRequest request, String url, byte @Nullable [] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
    Map<String, String> headers =
        request.headers().isEmpty() ? serviceHeaders : headers(config, request.headers());
    headers.forEach(builder::header);
    builder.method(
        request.method(),
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    return builder.build();
  }

  /**
   * Returns the headers of a request: the service's, then the request's, and {@code
   * Accept-Encoding: gzip} unless one of them names another.
   */
  private static Map<String, String> headers(ServiceConfig config, Map<String, String> request) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(config.headers());
    headers.putAll(request);
    headers.putIfAbsent("Accept-Encoding", "gzip");
    return headers;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  WorkerScheduler scheduler() {
    return scheduler;
  }

  /** The one timer of the service's calls: their deadlines and their exchanges' timeouts. */
  Watchdog watchdog() {
    return watchdog;
  }

  CallRegistry registry() {
    return registry;
  }

  HttpEventListener listener() {
    return listener;
  }

  AsyncPermits permits() {
    return permits;
  }

  @Nullable RateLimiter rateLimiter() {
    return rateLimiter;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  ServiceMetrics metrics() {
    return metrics;
  }

  RandomGenerator random() {
    return random;
  }

  /** Returns the JDK client, or null once the manager has closed. */
  @Nullable HttpClient jdkClient() {
    return jdkClient;
  }
}
