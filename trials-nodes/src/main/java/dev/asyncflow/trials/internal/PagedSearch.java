package dev.asyncflow.trials.internal;

import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceRequest;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One search: fetches pages one after another, following {@code nextPageToken}, until the rank
 * window is covered or the results end, keeping only the window's studies as pages arrive and
 * leaving out exclusion-only studies unless the query keeps them. Used once.
 *
 * <p>A page is read as JSON inside the flow-http call, so a body that is not complete JSON is
 * retried there; it is parsed into studies here, after the call, so a page of the wrong shape or a
 * study without an NCT id fails the search at once as {@link
 * dev.asyncflow.trials.UnexpectedResponseException} instead of being retried.
 */
final class PagedSearch {
  private final ServiceClient service;
  private final StudyQuery query;
  private final List<Map.Entry<String, String>> parameters;
  private final PagePlan plan;
  private final @Nullable String mutation;
  private final Consumer<SearchResult> beforeCompletion;
  private final List<Study> window = new ArrayList<>();
  private final CompletableFuture<SearchResult> result = new CompletableFuture<>();
  private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
  private @Nullable Integer totalCount;
  private int ranksSeen;
  private int exclusionOnlyDropped;

  /**
   * Prepares the search.
   *
   * @param service the API's service client
   * @param query the query
   * @param parameters the query's parameters, as {@link QueryParameters#of(StudyQuery)} returns
   *     them
   * @param maxPageSize the largest page size to ask for
   * @param beforeCompletion sees the result before the search's future completes with it
   */
  PagedSearch(
      ServiceClient service,
      StudyQuery query,
      List<Map.Entry<String, String>> parameters,
      int maxPageSize,
      Consumer<SearchResult> beforeCompletion) {
    this.service = service;
    this.query = query;
    this.parameters = parameters;
    this.plan = PagePlan.forRanks(query.maxRank(), maxPageSize);
    this.mutation = query.mode() == StudyQuery.Mode.MUTATION ? query.text() : null;
    this.beforeCompletion = beforeCompletion;
  }

  /**
   * Starts the search; cancelling the returned future cancels the page in flight.
   *
   * @return the window's studies, or the failure of the page that failed
   */
  CompletableFuture<SearchResult> run() {
    Futures.cancelWith(result, () -> inFlight);
    fetch(null);
    return result;
  }

  private void fetch(@Nullable String pageToken) {
    CompletableFuture<ReceivedJson> page = service.send(request(pageToken), ReceivedJson.READER);
    inFlight = page;
    if (result.isDone()) {
      page.cancel(true); // cancelled while this page was being asked for
      return;
    }
    Futures.whenDone(
        page,
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

  private void onPage(ReceivedJson received, boolean first) {
    try {
      StudyParser.Page page = received.parse(json -> StudyParser.parsePage(json, mutation));
      if (first) {
        totalCount = page.totalCount();
      }
      page.studies().forEach(this::keepIfInWindow);
      String next = page.nextPageToken();
      if (ranksSeen >= query.maxRank() || next == null || page.studies().isEmpty()) {
        SearchResult found = new SearchResult(query, window, totalCount, exclusionOnlyDropped);
        beforeCompletion.accept(found);
        result.complete(found);
      } else {
        fetch(next);
      }
    } catch (RuntimeException failure) {
      result.completeExceptionally(failure);
    }
  }

  private void keepIfInWindow(Study study) {
    int rank = ++ranksSeen;
    if (rank < query.minRank() || rank > query.maxRank()) {
      return;
    }
    if (study.exclusionOnly() && !query.keepExclusionOnly()) {
      exclusionOnlyDropped++;
    } else {
      window.add(study);
    }
  }
}
