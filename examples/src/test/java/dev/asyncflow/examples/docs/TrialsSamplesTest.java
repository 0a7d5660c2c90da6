package dev.asyncflow.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.core.BaseNode;
import dev.asyncflow.core.FlowListener;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsState;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the samples of docs/trials.md against the demo server. */
class TrialsSamplesTest {
  private static DemoTrialsServer demo;
  private static HttpClientManager http;
  private static ClinicalTrialsClient client;

  @BeforeAll
  static void startTheDemoServer() {
    demo = DemoTrialsServer.start();
    http = HttpClientManager.create();
    client = ClinicalTrialsClient.builder(http).baseUri(demo.baseUri()).build();
  }

  @AfterAll
  static void stopIt() {
    http.close();
    demo.close();
  }

  @Test
  void demoServer_searchesEverySampleMutation() {
    TrialsSamples.demoServer();
  }

  @Test
  void search_answersTheFullQuery() {
    SearchResult result = TrialsSamples.search(client);

    assertThat(result.studies()).hasSizeLessThanOrEqualTo(21);
  }

  @Test
  void theBuilderSamples_build() {
    try (HttpClientManager own = HttpClientManager.create()) {
      assertThat(TrialsSamples.mirror(own)).isNotNull();
      assertThat(TrialsSamples.cached(own)).isNotNull();
      assertThat(TrialsSamples.claude(own, "sk-test")).isNotNull();
    }
  }

  @Test
  void nodes_runTheSearchAndTheSummary() {
    TrialsSamples.nodes(client, TrialSummarizer.local());
  }

  @Test
  void readyMadeFlow_keepsOnlyStudiesWithARecruitingSiteInGermany() {
    List<String> started = new CopyOnWriteArrayList<>();
    FlowListener myListener =
        new FlowListener() {
          @Override
          public void nodeStarted(BaseNode<?> node, RunContext ctx) {
            started.add(node.name());
          }
        };

    TrialsState done = TrialsSamples.readyMadeFlow(client, TrialSummarizer.local(), myListener);

    assertThat(started).containsExactly("queryTrials", "recruitingIn", "summarizeTrials");
    assertThat(done.studies())
        .allMatch(
            s ->
                s.locations().stream()
                    .anyMatch(
                        l -> "Germany".equals(l.country()) && "RECRUITING".equals(l.status())));
    assertThat(done.summary()).isNotNull();
  }

  @Test
  void batch_givesOneOutcomePerInputInOrder() {
    List<BatchOutcome> outcomes = TrialsSamples.batch(client);

    assertThat(outcomes)
        .extracting(BatchOutcome::input)
        .containsExactly("EGFR L858R", "BRAF V600E", "egfr l858r ");
    assertThat(outcomes).allMatch(o -> o instanceof BatchOutcome.Success);
  }

  @Test
  void batchNode_writesTheOutcomesBack() {
    List<BatchOutcome> outcomes = TrialsSamples.batchNode(client, demo.sampleMutations());

    assertThat(outcomes).hasSize(demo.sampleMutations().size());
  }
}
