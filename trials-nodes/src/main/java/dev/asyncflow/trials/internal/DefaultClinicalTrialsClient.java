package dev.asyncflow.trials.internal;

import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceRequest;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.SearchCache;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The {@link ClinicalTrialsClient} on one flow-http service. Thread-safe. */
public final class DefaultClinicalTrialsClient implements ClinicalTrialsClient {
  private static final System.Logger LOG =
      System.getLogger(DefaultClinicalTrialsClient.class.getName());

  private final ServiceClient service;
  private final int maxPageSize;
  private final SearchCache cache;

  /**
   * Creates the client.
   *
   * @param service the flow-http client of the API base ({@code root/api/v2/})
   * @param maxPageSize the largest page size to ask for
   * @param cache where search results are kept
   */
  public DefaultClinicalTrialsClient(ServiceClient service, int maxPageSize, SearchCache cache) {
    this.service = Objects.requireNonNull(service, "service");
    this.maxPageSize = maxPageSize;
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public CompletableFuture<SearchResult> search(StudyQuery query) {
    if (query == null) {
      return CompletableFuture.failedFuture(new NullPointerException("query"));
    }
    List<Map.Entry<String, String>> parameters = QueryParameters.of(query);
    SearchCache.Key key = QueryParameters.cacheKey(service.config().baseUri(), query, parameters);
    SearchResult cached = cached(key);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    PagedSearch search =
        new PagedSearch(service, query, parameters, maxPageSize, found -> store(key, found));
    return CallFailures.mapped(search.run(), Function.identity(), describe(query), null);
  }

  @Override
  public CompletableFuture<Study> study(String nctId) {
    String id;
    try {
      id = NctId.check(nctId);
    } catch (IllegalArgumentException invalid) {
      return CompletableFuture.failedFuture(invalid);
    }
    ServiceRequest request = ServiceRequest.get("studies").pathSegment(id).build();
    return CallFailures.mapped(
        service.send(request, ReceivedJson.READER),
        received -> received.parse(json -> StudyParser.parse(json, null)),
        "looking up " + id,
        id);
  }

  @Override
  public ServiceClient service() {
    return service;
  }

  @Override
  public String toString() {
    return "ClinicalTrialsClient{service="
        + service.config().name()
        + ", base="
        + service.config().baseUri()
        + ", maxPageSize="
        + maxPageSize
        + "}";
  }

  private static String describe(StudyQuery query) {
    String text = query.text();
    String subject =
        text == null
            ? "studies"
            : (query.mode() == StudyQuery.Mode.MUTATION ? "mutation " : "term ")
                + SearchText.quote(text);
    return "searching ClinicalTrials.gov for " + subject;
  }

  private @Nullable SearchResult cached(SearchCache.Key key) {
    try {
      return cache.get(key);
    } catch (RuntimeException failure) {
      LOG.log(Level.WARNING, "the search cache failed to read; searching without it", failure);
      return null;
    }
  }

  private void store(SearchCache.Key key, SearchResult result) {
    try {
      cache.put(key, result);
    } catch (RuntimeException failure) {
      LOG.log(Level.WARNING, "the search cache failed to store a result; going on", failure);
    }
  }
}
