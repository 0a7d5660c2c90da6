package dev.asyncflow.trials;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.RateLimit;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.trials.internal.DefaultClinicalTrialsClient;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Searches ClinicalTrials.gov (API v2) and looks up studies, through one flow-http {@link
 * ServiceClient} of the application's {@link HttpClientManager}.
 *
 * <pre>{@code
 * try (HttpClientManager http = HttpClientManager.create()) {
 *   ClinicalTrialsClient trials = ClinicalTrialsClient.create(http);
 *   SearchResult found = trials.search(StudyQuery.ofMutation("EGFR L858R")).join();
 *   found.studies().forEach(study -> System.out.println(study.nctId() + " " + study.title()));
 * }
 * }</pre>
 *
 * <p>The defaults are polite to the public endpoint, which publishes no rate limit: at most 4
 * requests in flight and 10 per second, 3 attempts per request with backoff from 500 ms, retrying
 * 429, 500, 502, 503, 504, connection failures and a 2xx whose body is not complete JSON (a page
 * cut short), always waiting at least the server's {@code Retry-After}. {@link
 * Builder#configureService(Consumer)} changes any of them.
 *
 * <p>Every method returns at once and never throws: bad arguments fail the future with {@link
 * InvalidQueryException} before any request, and what the server answered fails it with a {@link
 * ClinicalTrialsException} subclass. Cancelling a returned future cancels the request in flight.
 *
 * <p>Thread-safe: one client serves any number of concurrent calls.
 */
public interface ClinicalTrialsClient {

  /** The public server's root; the API lives under {@code /api/v2/} below it. */
  URI DEFAULT_BASE_URI = URI.create("https://clinicaltrials.gov/");

  /**
   * Searches for the studies of {@code query}'s rank window, following the API's page tokens with
   * the page size that needs the fewest requests (at most the builder's {@linkplain
   * Builder#maxPageSize(int) maximum}).
   *
   * @param query the query
   * @return the result, or a failure
   */
  CompletableFuture<SearchResult> search(StudyQuery query);

  /**
   * Looks up one study by NCT id. The id is checked against the API's pattern ({@code NCT}, then up
   * to 8 digits, not all zero; case ignored) before any request.
   *
   * @param nctId such as {@code "NCT06604689"}
   * @return the study, or a failure ({@link StudyNotFoundException} for an unknown id)
   */
  CompletableFuture<Study> study(String nctId);

  /**
   * Returns the flow-http client the requests go through, for its configuration and statistics.
   *
   * @return the service client
   */
  ServiceClient service();

  /**
   * Returns the retry policy a client starts with: flow-http's defaults (3 attempts, backoff from
   * 500 ms doubling up to 30 s with full jitter, retrying 429, 500, 502, 503 and 504 and connection
   * failures, never before {@code Retry-After}) and a 2xx whose body is not complete JSON retried
   * too. Start from it to change a setting without losing that: {@code
   * HttpRetryPolicy.builder(ClinicalTrialsClient.defaultRetryPolicy()).maxAttempts(5).build()}.
   *
   * @return the policy
   */
  static HttpRetryPolicy defaultRetryPolicy() {
    return Builder.RETRY_POLICY;
  }

  /**
   * Creates a client of the public server with the polite defaults.
   *
   * @param manager the application's HTTP client manager
   * @return the client
   * @throws IllegalArgumentException if the manager already has a service named {@code
   *     clinicaltrials.gov}
   */
  static ClinicalTrialsClient create(HttpClientManager manager) {
    return builder(manager).build();
  }

  /**
   * Returns a builder of a client on {@code manager}.
   *
   * @param manager the application's HTTP client manager
   * @return a new builder
   */
  static Builder builder(HttpClientManager manager) {
    return new Builder(manager);
  }

  /** Builds a {@link ClinicalTrialsClient}. Not thread-safe. */
  final class Builder {
    private static final HttpRetryPolicy RETRY_POLICY =
        HttpRetryPolicy.builder().retryOnDecodeFailure(true).build();

    private final HttpClientManager manager;
    private URI root = DEFAULT_BASE_URI;
    private String serviceName = "clinicaltrials.gov";
    private Consumer<ServiceConfig.Builder> serviceSettings = settings -> {};
    private int maxPageSize = 1000;
    private SearchCache cache = SearchCache.NONE;

    private Builder(HttpClientManager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
    }

    /**
     * Sets the server's root, such as a mirror's or a test server's: requests go to {@code
     * root/api/v2/...}, as on the public server. Default {@link #DEFAULT_BASE_URI}.
     *
     * @param root an absolute http or https URI without user info, query or fragment
     * @return this builder
     * @throws IllegalArgumentException if {@code root} is not such a URI
     */
    public Builder baseUri(URI root) {
      this.root = checkedRoot(root);
      return this;
    }

    /**
     * Sets the name of the flow-http service, unique per manager. Default {@code
     * clinicaltrials.gov}.
     *
     * @param serviceName the name used in events, statistics and messages
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder serviceName(String serviceName) {
      Objects.requireNonNull(serviceName, "serviceName");
      if (serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank");
      }
      this.serviceName = serviceName;
      return this;
    }

    /**
     * Changes the flow-http settings of the service, starting from the polite defaults: for example
     * {@code s -> s.maxConcurrency(16).rateLimit(null)} for a private mirror.
     *
     * @param settings changes the builder of the service's configuration
     * @return this builder
     */
    public Builder configureService(Consumer<ServiceConfig.Builder> settings) {
      this.serviceSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Sets the largest page size asked of the API. Default 1,000, the API's maximum.
     *
     * @param maxPageSize 1 to 1,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxPageSize(int maxPageSize) {
      if (maxPageSize < 1 || maxPageSize > 1000) {
        throw new IllegalArgumentException(
            "maxPageSize must be between 1 and 1000, was " + maxPageSize);
      }
      this.maxPageSize = maxPageSize;
      return this;
    }

    /**
     * Sets the cache of search results. Default {@link SearchCache#NONE}.
     *
     * @param cache the cache
     * @return this builder
     */
    public Builder cache(SearchCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /**
     * Registers the service on the manager and builds the client.
     *
     * @return the client
     * @throws IllegalArgumentException if the manager already has a service of this name
     * @throws IllegalStateException if the manager is closed
     */
    public ClinicalTrialsClient build() {
      ServiceConfig.Builder config =
          ServiceConfig.builder(serviceName, root.resolve("api/v2/"))
              .maxConcurrency(4)
              .rateLimit(RateLimit.of(10, Duration.ofSeconds(1)))
              .retryPolicy(RETRY_POLICY);
      serviceSettings.accept(config);
      return new DefaultClinicalTrialsClient(manager.client(config.build()), maxPageSize, cache);
    }

    private static URI checkedRoot(URI root) {
      Objects.requireNonNull(root, "root");
      String scheme = root.getScheme() == null ? "" : root.getScheme().toLowerCase(Locale.ROOT);
      if (!root.isAbsolute()
          || !(scheme.equals("http") || scheme.equals("https"))
          || root.getHost() == null
          || root.getRawUserInfo() != null
          || root.getRawQuery() != null
          || root.getRawFragment() != null) {
        // The URI itself is not shown: its user info or query may hold a secret.
        throw new IllegalArgumentException(
            "the server root must be an absolute http(s) URI with a host and without user info,"
                + " query or fragment");
      }
      String path = root.getRawPath();
      return path == null || path.isEmpty() || !path.endsWith("/") ? URI.create(root + "/") : root;
    }
  }
}
