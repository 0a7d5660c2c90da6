package dev.asyncflow.trials;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.testing.LeakCheck;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A batch as a node of an application's own flow, on a record state. */
class TrialsBatchNodeTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final BatchTrialsServer server;
  private ClinicalTrialsClient client;

  TrialsBatchNodeTest() throws Exception {
    server = new BatchTrialsServer();
  }

  @BeforeEach
  void createClient() {
    client =
        ClinicalTrialsClient.builder(leaks.manager())
            .baseUri(server.root())
            .configureService(s -> s.rateLimit(null).maxConcurrency(16))
            .build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** An application's state: the mutations to screen, what was found, what the next step made. */
  record Screen(
      List<String> mutations,
      AtomicReference<List<BatchOutcome>> found,
      AtomicReference<String> report) {
    Screen(List<String> mutations) {
      this(mutations, new AtomicReference<>(), new AtomicReference<>());
    }
  }

  @Test
  void batchNode_writesOneOutcomePerInputInOrder_failuresIncluded_andTheNextNodeRuns()
      throws Exception {
    // Given a flow: search every mutation, then report how many were found
    List<String> mutations = List.of("KRAS G12C", "   ", "EGFR L858R", "BRAF V600E", "egfr l858r");
    server.failAlways("BRAF V600E", 400);
    TrialsBatchNode<Screen> search = searchNode();
    search.next(new Report());
    Screen screen = new Screen(mutations);

    // When it runs
    new AsyncFlow<>(search).runAsync(screen).get(10, SECONDS);

    // Then every input has its outcome, in input order, and the next node saw them all
    List<BatchOutcome> outcomes = screen.found().get();
    assertThat(outcomes).extracting(BatchOutcome::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(outcomes).extracting(BatchOutcome::input).containsExactlyElementsOf(mutations);
    assertThat(outcomes)
        .extracting(BatchOutcome::isSuccess)
        .containsExactly(true, false, true, false, true);
    assertThat(((BatchOutcome.Failure) outcomes.get(1)).error())
        .isInstanceOf(InvalidQueryException.class);
    assertThat(((BatchOutcome.Failure) outcomes.get(3)).error())
        .isInstanceOf(QueryRejectedException.class);
    assertThat(screen.report().get()).isEqualTo("3 of 5 found");
    assertThat(server.received()).isEqualTo(3);
  }

  @Test
  void cancellingTheFlowRun_cancelsTheBatchsRequests() throws Exception {
    // Given a server that never answers, and a run whose 20 searches have reached it
    server.stall(subject -> true);
    TrialsBatchNode<Screen> search = searchNode();
    search.next(new Report());
    Screen screen = new Screen(TrialsBatchTest.mutations(20));
    CompletableFuture<String> run = new AsyncFlow<>(search).runAsync(screen);
    server.awaitReceived(16);

    // When the run is cancelled
    run.cancel(true);

    // Then the requests are cancelled too, nothing was written and the next node never ran
    assertThat(run).isCancelled();
    awaitNothingInFlight(client.service());
    assertThat(server.received()).isEqualTo(16);
    assertThat(screen.found().get()).isNull();
    assertThat(screen.report().get()).isNull();
  }

  private TrialsBatchNode<Screen> searchNode() {
    return new TrialsBatchNode<>(
        TrialsBatch.create(client), Screen::mutations, (state, found) -> state.found().set(found));
  }

  private static void awaitNothingInFlight(ServiceClient service) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!idle(service) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    assertThat(idle(service)).as("the service has nothing in flight nor queued").isTrue();
  }

  private static boolean idle(ServiceClient service) {
    return service.stats().inFlight() == 0 && service.stats().queued() == 0;
  }

  /** The application's next step: counts the successes. */
  private static final class Report extends Node<Screen, List<BatchOutcome>, String> {
    Report() {
      setName("report");
    }

    @Override
    protected List<BatchOutcome> prep(Screen shared, RunContext context) {
      return shared.found().get();
    }

    @Override
    protected String exec(List<BatchOutcome> outcomes, RunContext context) {
      long found = outcomes.stream().filter(BatchOutcome::isSuccess).count();
      return found + " of " + outcomes.size() + " found";
    }

    @Override
    protected String post(
        Screen shared, List<BatchOutcome> outcomes, String report, RunContext context) {
      shared.report().set(report);
      return null;
    }
  }
}
