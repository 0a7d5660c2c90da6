package dev.asyncflow.trials.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo server driven through the trials-nodes client. */
class DemoTrialsServerTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final DemoTrialsServer server = DemoTrialsServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void mutationSearch_findsBrafStudies() throws Exception {
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager()).baseUri(server.baseUri()).build();

    SearchResult result = client.search(StudyQuery.ofMutation("BRAF V600E")).get(10, SECONDS);

    assertThat(result.studies()).extracting(Study::nctId).contains("NCT09900001");
  }
}
