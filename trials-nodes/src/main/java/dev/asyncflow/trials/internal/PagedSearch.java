package dev.asyncflow.trials.internal;

import dev.asyncflow.http.BodyReader;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceRequest;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One search: fetches pages one after another, following {@code nextPageToken}, until the rank
 * window is covered or the results end, then cuts the window out and leaves out exclusion-only
 * studies unless the query keeps them. Used once.
 */
final class PagedSearch {
  private final ServiceClient service;
  private final StudyQuery query;
  private final List<Map.Entry<String, String>> parameters;
  private final PagePlan plan;
  private final BodyReader<StudyParser.Page> reader;
  private final List<Study> collected = new ArrayList<>();
  private final CompletableFuture<SearchResult> result = new CompletableFuture<>();
  private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
  private @Nullable Integer totalCount;

  PagedSearch(ServiceClient service, StudyQuery query, int maxPageSize) {
    this.service = service;
    this.query = query;
    this.parameters = QueryParameters.of(query);
    this.plan = PagePlan.forRanks(query.maxRank(), maxPageSize);
    String mutation = query.mode() == StudyQuery.Mode.MUTATION ? query.text() : null;
    this.reader = response -> StudyParser.parsePage(response.json(), mutation);
  }

  /**
   * Starts the search; cancelling the returned future cancels the page in flight.
   *
   * @return the window's studies, or the failure of the page that failed
   */
  CompletableFuture<SearchResult> run() {
    result.whenComplete(
        (value, failure) -> {
          if (result.isCancelled()) {
            inFlight.cancel(true);
          }
        });
    fetch(null);
    return result;
  }

  private void fetch(@Nullable String pageToken) {
    CompletableFuture<StudyParser.Page> page = service.send(request(pageToken), reader);
    inFlight = page;
    if (result.isDone()) {
      page.cancel(true); // cancelled while this page was being asked for
      return;
    }
    page.whenComplete(
        (received, failure) -> {
          if (failure != null) {
            result.completeExceptionally(failure);
          } else {
            onPage(received, pageToken == null);
          }
        });
  }

  private ServiceRequest request(@Nullable String pageToken) {
    ServiceRequest.Builder request = ServiceRequest.get("studies");
    parameters.forEach(parameter -> request.query(parameter.getKey(), parameter.getValue()));
    request.query("pageSize", Integer.toString(plan.pageSize()));
    if (pageToken != null) {
      request.query("pageToken", pageToken);
    }
    return request.build();
  }

  private void onPage(StudyParser.Page page, boolean first) {
    try {
      if (first) {
        totalCount = page.totalCount();
      }
      collected.addAll(page.studies());
      String next = page.nextPageToken();
      if (collected.size() >= query.maxRank() || next == null || page.studies().isEmpty()) {
        result.complete(window());
      } else {
        fetch(next);
      }
    } catch (RuntimeException unexpected) {
      result.completeExceptionally(unexpected);
    }
  }

  private SearchResult window() {
    int from = Math.min(query.minRank() - 1, collected.size());
    int to = Math.min(query.maxRank(), collected.size());
    List<Study> kept = new ArrayList<>(to - from);
    int dropped = 0;
    for (Study study : collected.subList(from, to)) {
      if (study.exclusionOnly() && !query.keepExclusionOnly()) {
        dropped++;
      } else {
        kept.add(study);
      }
    }
    return new SearchResult(query, kept, totalCount, dropped);
  }
}
