package dev.asyncflow.examples.docs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.FlowListener;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.core.RunOptions;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.trials.AnthropicSummarizer;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.QueryTrialsNode;
import dev.asyncflow.trials.SearchCache;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.SummarizeTrialsNode;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialSummary;
import dev.asyncflow.trials.TrialsBatch;
import dev.asyncflow.trials.TrialsBatchNode;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The code of docs/trials.md. Samples that take a client and a summarizer run in tests against the
 * demo server; those that reach a public endpoint are only compiled.
 */
final class TrialsSamples {
  private TrialsSamples() {}

  /** Searches a fresh demo server, offline. */
  static void demoServer() {
    // docs:docs/trials.md#demo-server begin
    try (DemoTrialsServer demo = DemoTrialsServer.start();
        HttpClientManager http = HttpClientManager.create()) {
      ClinicalTrialsClient client =
          ClinicalTrialsClient.builder(http).baseUri(demo.baseUri()).build();
      for (String mutation : demo.sampleMutations()) {
        SearchResult result = client.search(StudyQuery.ofMutation(mutation)).join();
        System.out.println(mutation + ": " + result.totalCount() + " studies");
      }
    }
    // docs:docs/trials.md#demo-server end
  }

  /** Asks the public ClinicalTrials.gov; only compiled. */
  static void inAFewLines() {
    // docs:docs/trials.md#in-a-few-lines begin
    try (HttpClientManager http = HttpClientManager.create()) {
      TrialsFlow trials =
          TrialsFlow.create(
              ClinicalTrialsClient.create(http), TrialSummarizer.fromEnvironment(http));
      TrialsState done = trials.run("EGFR L858R").join();
      done.studies().forEach(s -> System.out.println(s.nctId() + "  " + s.title()));
      System.out.println(done.summary().text());
    }
    // docs:docs/trials.md#in-a-few-lines end
  }

  static SearchResult search(ClinicalTrialsClient client) {
    // docs:docs/trials.md#search begin
    StudyQuery query =
        StudyQuery.builder()
            .mutation("EGFR L858R") // mutation-aware (see below)
            .condition("non-small cell lung cancer") // query.cond
            .intervention("osimertinib") // query.intr
            .statuses(
                OverallStatus.RECRUITING, OverallStatus.NOT_YET_RECRUITING) // filter.overallStatus
            .country("Germany")
            .city("Berlin") // query.locn
            .near(52.52, 13.405, "50mi") // filter.geo=distance(52.52,13.405,50mi)
            .fields(
                "BriefTitle", "OverallStatus") // fields (NCTId and EligibilityCriteria are added)
            .sort("LastUpdatePostDate:desc") // sort
            .ranks(15, 35) // the studies ranked 15 to 35
            .countTotal(true) // totalCount (the default)
            .build();
    SearchResult result = client.search(query).join();
    result.studies(); // the window's studies in rank order, less exclusion-only ones
    result.totalCount(); // every match, from the first page
    // docs:docs/trials.md#search end
    return result;
  }

  static ClinicalTrialsClient mirror(HttpClientManager http) {
    // docs:docs/trials.md#mirror begin
    ClinicalTrialsClient mirror =
        ClinicalTrialsClient.builder(http)
            .baseUri(
                URI.create("http://ctgov-mirror.internal/")) // the server's root: API at /api/v2/
            .serviceName("ctgov-mirror") // unique per manager
            .configureService(
                s ->
                    s.maxConcurrency(32)
                        .rateLimit(null) // no limit for our own mirror
                        .responseTimeout(Duration.ofSeconds(20))
                        .retryPolicy(
                            HttpRetryPolicy.builder(ClinicalTrialsClient.defaultRetryPolicy())
                                .maxAttempts(5)
                                .build()))
            .maxPageSize(500)
            .build();
    // docs:docs/trials.md#mirror end
    return mirror;
  }

  static ClinicalTrialsClient cached(HttpClientManager http) {
    // docs:docs/trials.md#cache begin
    Cache<SearchCache.Key, SearchResult> store =
        Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(15)).maximumSize(1_000).build();
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(http)
            .cache(SearchCache.of(store::getIfPresent, store::put))
            .build();
    // docs:docs/trials.md#cache end
    return client;
  }

  static AnthropicSummarizer claude(HttpClientManager http, String key) {
    // docs:docs/trials.md#anthropic begin
    AnthropicSummarizer claude =
        AnthropicSummarizer.builder(http)
            .apiKey(key) // or .apiKeyFrom(System::getenv): ANTHROPIC_API_KEY
            .model("claude-sonnet-4-5") // AnthropicSummarizer.DEFAULT_MODEL
            .maxTokens(1024)
            .temperature(0.2) // optional
            .maxStudies(10) // studies described in the prompt
            .baseUri(
                URI.create("https://api.anthropic.com")) // requests go to /v1/messages below it
            .configureService(s -> s.maxConcurrency(2)) // any flow-http setting
            .build();
    // docs:docs/trials.md#anthropic end
    return claude;
  }

  static void nodes(ClinicalTrialsClient client, TrialSummarizer summarizer) {
    // docs:docs/trials.md#nodes begin
    record Lookup(
        StudyQuery query,
        AtomicReference<SearchResult> found,
        AtomicReference<TrialSummary> summary) {}

    var search = new QueryTrialsNode<Lookup>(client, Lookup::query, (s, r) -> s.found().set(r));
    var summarize =
        new SummarizeTrialsNode<Lookup>(
            summarizer,
            s -> s.query().text(),
            s -> s.found().get().studies(),
            (s, t) -> s.summary().set(t));
    search.next(summarize);
    new AsyncFlow<>(search)
        .runAsync(
            new Lookup(
                StudyQuery.ofMutation("EGFR L858R"),
                new AtomicReference<>(),
                new AtomicReference<>()))
        .join();
    // docs:docs/trials.md#nodes end
  }

  static TrialsState readyMadeFlow(
      ClinicalTrialsClient client, TrialSummarizer summarizer, FlowListener myListener) {
    // docs:docs/trials.md#ready-made-flow begin
    class RecruitingIn extends Node<TrialsState, List<Study>, List<Study>> {
      private final String country;

      RecruitingIn(String country) {
        this.country = country;
        setName("recruitingIn");
      }

      @Override
      protected List<Study> prep(TrialsState state, RunContext ctx) {
        return state.studies();
      }

      @Override
      protected List<Study> exec(List<Study> studies, RunContext ctx) {
        return studies.stream()
            .filter(
                s ->
                    s.locations().stream()
                        .anyMatch(
                            l -> country.equals(l.country()) && "RECRUITING".equals(l.status())))
            .toList();
      }

      @Override
      protected String post(TrialsState state, List<Study> in, List<Study> kept, RunContext ctx) {
        state.setStudies(kept); // what the summarizer sees
        return null;
      }
    }

    TrialsFlow flow =
        TrialsFlow.builder(client, summarizer).afterQuery(new RecruitingIn("Germany")).build();
    System.out.println(flow.toMermaid());
    TrialsState done =
        flow.run(
                StudyQuery.ofMutation("EGFR L858R"),
                RunOptions.builder().listener(myListener).build())
            .join();
    // docs:docs/trials.md#ready-made-flow end
    return done;
  }

  static List<BatchOutcome> batch(ClinicalTrialsClient client) {
    // docs:docs/trials.md#batch begin
    TrialsBatch batch =
        TrialsBatch.builder(client)
            .onProgress(
                p -> System.err.printf("\r%d/%d (%d failed)", p.done(), p.total(), p.failures()))
            .build();
    List<BatchOutcome> outcomes =
        batch.run(List.of("EGFR L858R", "BRAF V600E", "egfr l858r ")).join();
    for (BatchOutcome outcome : outcomes) { // in input order
      if (outcome instanceof BatchOutcome.Success found) {
        System.out.println(
            found.input() + ": " + found.studies().size() + " of " + found.totalCount());
      } else if (outcome instanceof BatchOutcome.Failure failed) {
        System.out.println(
            failed.input()
                + ": "
                + failed.error().getMessage()
                + " after "
                + failed.attempts()
                + " attempts");
      }
    }
    // docs:docs/trials.md#batch end
    return outcomes;
  }

  static List<BatchOutcome> batchNode(ClinicalTrialsClient client, List<String> mutations) {
    // docs:docs/trials.md#batch-node begin
    record Screen(List<String> mutations, AtomicReference<List<BatchOutcome>> found) {}

    var search =
        new TrialsBatchNode<Screen>(
            TrialsBatch.create(client),
            Screen::mutations,
            (screen, outcomes) -> screen.found().set(outcomes));
    // docs:docs/trials.md#batch-node end
    Screen screen = new Screen(mutations, new AtomicReference<>());
    new AsyncFlow<>(search).runAsync(screen).join();
    return screen.found().get();
  }
}
