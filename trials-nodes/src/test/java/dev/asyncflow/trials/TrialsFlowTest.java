package dev.asyncflow.trials;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.BaseNode;
import dev.asyncflow.core.FlowListener;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.core.RunOptions;
import dev.asyncflow.http.testing.LeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The nodes in flows of any shared-state type, and the ready-made flow. */
class TrialsFlowTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final FakeClinicalTrials server;
  private final ClinicalTrialsClient client;

  TrialsFlowTest() throws Exception {
    server = new FakeClinicalTrials();
    server
        .add(recruiting("NCT00000001", "EGFR L858R trial in Germany", "Germany"))
        .add(recruiting("NCT00000002", "EGFR L858R trial in Japan", "Japan"))
        .add(
            FakeClinicalTrials.studyWithCriteria(
                "NCT00000003",
                "Wild-type only",
                "Inclusion Criteria:\n* EGFR wild-type\n\nExclusion Criteria:\n* EGFR L858R"));
    client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .configureService(s -> s.rateLimit(null).maxConcurrency(64))
            .build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** An application's own state: a record whose cells the nodes fill. */
  record Lookup(
      StudyQuery query,
      AtomicReference<SearchResult> found,
      AtomicReference<TrialSummary> summary) {
    Lookup(String mutation) {
      this(StudyQuery.ofMutation(mutation), new AtomicReference<>(), new AtomicReference<>());
    }

    List<Study> studies() {
      return found.get().studies();
    }
  }

  @Test
  void nodes_fitARecordState_throughAccessorFunctions() throws Exception {
    QueryTrialsNode<Lookup> search =
        new QueryTrialsNode<>(client, Lookup::query, (state, result) -> state.found().set(result));
    SummarizeTrialsNode<Lookup> summarize =
        new SummarizeTrialsNode<>(
            TrialSummarizer.local(),
            state -> state.query().text(),
            Lookup::studies,
            (state, summary) -> state.summary().set(summary));
    search.next(summarize);
    Lookup state = new Lookup("EGFR L858R");

    new AsyncFlow<>(search).runAsync(state).get(10, SECONDS);

    assertThat(state.found().get().studies())
        .extracting(Study::nctId)
        .containsExactly("NCT00000001", "NCT00000002");
    assertThat(state.found().get().exclusionOnlyDropped()).isEqualTo(1);
    assertThat(state.summary().get().source()).isEqualTo(TrialSummary.Source.LOCAL);
    assertThat(state.summary().get().text()).contains("NCT00000001", "NCT00000002");
  }

  @Test
  void readyMadeFlow_takesAMutation_andGivesASummary() throws Exception {
    TrialsFlow flow = TrialsFlow.create(client, TrialSummarizer.local());

    TrialsState done = flow.run("EGFR L858R").get(10, SECONDS);

    assertThat(done.result()).isNotNull();
    assertThat(done.studies()).hasSize(2);
    assertThat(done.summary()).isNotNull();
    assertThat(done.summary().studyCount()).isEqualTo(2);
  }

  @Test
  void readyMadeFlow_withNothingFound_saysSo() throws Exception {
    TrialsFlow flow = TrialsFlow.create(client, TrialSummarizer.local());

    TrialsState done =
        flow.run(StudyQuery.builder().mutation("BRAF V600E").ranks(4, 10).build()).get(10, SECONDS);

    assertThat(done.studies()).isEmpty();
    assertThat(done.summary().source()).isEqualTo(TrialSummary.Source.NO_TRIALS);
    assertThat(done.summary().text()).contains("No clinical trials found for BRAF V600E");
  }

  @Test
  void insertedStep_narrowsWhatIsSummarized_andAListenerSeesEveryNode() throws Exception {
    // Given a filter step keeping trials that recruit in Germany, and a listener
    TrialsFlow flow =
        TrialsFlow.builder(client, TrialSummarizer.local())
            .afterQuery(new InCountry("Germany"))
            .build();
    List<String> entered = new CopyOnWriteArrayList<>();
    FlowListener listener =
        new FlowListener() {
          @Override
          public void nodeStarted(BaseNode<?> node, RunContext context) {
            entered.add(node.name());
          }
        };

    // When the flow runs with the listener
    TrialsState done =
        flow.run(
                StudyQuery.ofMutation("EGFR L858R"),
                RunOptions.builder().listener(listener).build())
            .get(10, SECONDS);

    // Then the summary covers only the German trial, and every node was seen in order
    assertThat(done.result().studies()).hasSize(2);
    assertThat(done.studies()).extracting(Study::nctId).containsExactly("NCT00000001");
    assertThat(done.summary().studyCount()).isEqualTo(1);
    assertThat(entered).containsExactly("queryTrials", "inCountry", "summarizeTrials");
    assertThat(flow.toMermaid()).contains("queryTrials", "inCountry", "summarizeTrials");
  }

  @Test
  void oneDefinition_servesConcurrentRuns_eachWithItsOwnState() throws Exception {
    TrialsFlow flow = TrialsFlow.create(client, TrialSummarizer.local());
    List<String> mutations = new ArrayList<>();
    List<CompletableFuture<TrialsState>> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String mutation = i % 2 == 0 ? "EGFR L858R" : "KRAS G12C " + i;
      mutations.add(mutation);
      runs.add(
          flow.run(StudyQuery.builder().mutation(mutation).keepExclusionOnly(i % 4 == 0).build()));
    }

    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(20, SECONDS);

    for (int i = 0; i < runs.size(); i++) {
      TrialsState state = runs.get(i).get();
      assertThat(state.query().text()).isEqualTo(mutations.get(i));
      assertThat(state.summary().text()).contains(mutations.get(i));
      assertThat(state.studies()).hasSize(i % 4 == 0 ? 3 : i % 2 == 0 ? 2 : 3);
    }
  }

  @Test
  void failedSearch_failsTheRun_withTheClientsException() throws Exception {
    server.fail(FakeClinicalTrials.status(400, "Invalid prefix in parameter name: x"));
    TrialsFlow flow = TrialsFlow.create(client, TrialSummarizer.local());

    CompletableFuture<TrialsState> run = flow.run("EGFR L858R");

    assertThat(run)
        .failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(QueryRejectedException.class);
  }

  @Test
  void failedSummary_failsTheRun_withTheSummarizersException() {
    TrialSummarizer broken =
        (mutation, studies) ->
            CompletableFuture.failedFuture(new AnthropicException("model unavailable", 1, null));
    TrialsFlow flow = TrialsFlow.create(client, broken);

    assertThat(flow.run("EGFR L858R"))
        .failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(AnthropicException.class)
        .withMessageContaining("model unavailable");
  }

  @Test
  void cancellingARun_cancelsTheSearchInFlight() throws Exception {
    server.fail(server.stallBody());
    TrialsFlow flow = TrialsFlow.create(client, TrialSummarizer.local());
    CompletableFuture<TrialsState> run = flow.run("EGFR L858R");
    server.awaitReceived(1);

    run.cancel(true);

    assertThat(run).isCancelled();
    VirtualTime.awaitIdle(client.service());
    server.releaseStalled();
  }

  @Test
  void blankMutation_failsTheRun_beforeAnyRequest() {
    TrialsFlow flow = TrialsFlow.create(client, TrialSummarizer.local());

    assertThat(flow.run("   "))
        .failsWithin(java.time.Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(InvalidQueryException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aStepAlreadyLinked_isRefused() {
    InCountry step = new InCountry("Germany");
    step.next(new InCountry("Japan"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TrialsFlow.builder(client, TrialSummarizer.local()).afterQuery(step))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inCountry");
  }

  /** Keeps the studies with a recruiting site in one country. */
  private static final class InCountry extends Node<TrialsState, List<Study>, List<Study>> {
    private final String country;

    InCountry(String country) {
      this.country = country;
      setName("inCountry");
    }

    @Override
    protected List<Study> prep(TrialsState shared, RunContext context) {
      return shared.studies();
    }

    @Override
    protected List<Study> exec(List<Study> studies, RunContext context) {
      return studies.stream()
          .filter(s -> s.locations().stream().anyMatch(l -> country.equals(l.country())))
          .toList();
    }

    @Override
    protected String post(
        TrialsState shared, List<Study> studies, List<Study> kept, RunContext context) {
      shared.setStudies(kept);
      return null;
    }
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode recruiting(
      String nctId, String title, String country) {
    var study =
        FakeClinicalTrials.studyWithCriteria(nctId, title, "Inclusion Criteria:\n* EGFR L858R");
    var protocol = (com.fasterxml.jackson.databind.node.ObjectNode) study.get("protocolSection");
    protocol.putObject("statusModule").put("overallStatus", "RECRUITING");
    protocol
        .putObject("contactsLocationsModule")
        .putArray("locations")
        .addObject()
        .put("facility", "Site")
        .put("country", country)
        .put("status", "RECRUITING");
    return study;
  }
}
