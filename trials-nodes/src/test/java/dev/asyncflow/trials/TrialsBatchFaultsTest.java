package dev.asyncflow.trials;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.ServiceStats;
import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.trials.BatchTrialsServer.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch's headline guarantee: a thousand mutations against a server that fails one first
 * attempt in five, in every way a server fails, still give every input its own outcome with the
 * studies a fault-free server gives, while the client's limits hold.
 */
class TrialsBatchFaultsTest {
  private static final int MUTATIONS = 1_000;
  private static final int LIMIT = 16;

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final BatchTrialsServer faulty;
  private final BatchTrialsServer faultFree;
  private final List<String> mutations = mutations();
  private final Map<String, Fault> faults = oneInFiveFirstAttemptsFailing(mutations);

  TrialsBatchFaultsTest() throws Exception {
    faulty = new BatchTrialsServer();
    faultFree = new BatchTrialsServer();
    faults.forEach(faulty::failFirstRequest);
  }

  @AfterEach
  void stopServers() {
    faulty.close();
    faultFree.close();
  }

  @Test
  void thousandMutations_withOneFirstAttemptInFiveFailing_eachGetTheFaultFreeStudies_withinLimits()
      throws Exception {
    // Given one client per server, at most 16 requests in flight, retries 5 ms apart
    HttpClientManager manager = leaks.manager();
    ClinicalTrialsClient client = client(manager, "faulty", faulty);
    ClinicalTrialsClient reference = client(manager, "fault-free", faultFree);

    // When the same thousand mutations are searched on both
    List<BatchOutcome> outcomes = TrialsBatch.create(client).run(mutations).get(30, SECONDS);
    List<BatchOutcome> expected = TrialsBatch.create(reference).run(mutations).get(30, SECONDS);

    // Then every input succeeded, in input order, with the fault-free studies
    assertOneSuccessPerInputInOrder(outcomes);
    assertOneSuccessPerInputInOrder(expected);
    assertThat(studiesOf(expected))
        .isEqualTo(mutations.stream().map(BatchTrialsServer::nctIdsOf).toList());
    assertThat(studiesOf(outcomes)).isEqualTo(studiesOf(expected));
    assertThat(totalsOf(outcomes)).isEqualTo(totalsOf(expected));
    // and each fault cost exactly the requests it failed, a 429 never retried before Retry-After
    assertEachSubjectRequestedOnce_plusItsFailedRequests();
    assertNoRetryBeforeRetryAfter();
    // and flow-http's retry policy made the retries (the JDK may resend a dropped GET itself)
    ServiceStats stats = client.service().stats();
    assertThat(stats.retries()).isBetween((long) faults.size(), (long) faults.size() + dropped());
    // and the limits held: never more than 16 at the server, nothing left in flight
    assertThat(faulty.maxInFlight()).isBetween(LIMIT / 2, LIMIT);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.queued()).isZero();
  }

  private void assertOneSuccessPerInputInOrder(List<BatchOutcome> outcomes) {
    assertThat(outcomes).hasSize(MUTATIONS);
    for (int i = 0; i < MUTATIONS; i++) {
      BatchOutcome outcome = outcomes.get(i);
      assertThat(outcome.index()).isEqualTo(i);
      assertThat(outcome.input()).isEqualTo(mutations.get(i));
      assertThat(outcome)
          .as("outcome of %s", mutations.get(i))
          .isInstanceOf(BatchOutcome.Success.class);
    }
  }

  private void assertEachSubjectRequestedOnce_plusItsFailedRequests() {
    assertThat(faulty.subjects()).containsExactlyInAnyOrderElementsOf(mutations);
    for (String mutation : mutations) {
      Fault fault = faults.get(mutation);
      int expected = 1 + (fault == null ? 0 : fault.requestsFailed());
      assertThat(faulty.requestsFor(mutation))
          .as("requests for %s (fault %s)", mutation, faults.get(mutation))
          .isEqualTo(expected);
    }
  }

  private void assertNoRetryBeforeRetryAfter() {
    Map<String, Long> waits = faulty.retryWaits();
    assertThat(waits).hasSize(count(Fault.TOO_MANY_REQUESTS));
    assertThat(waits.values())
        .allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(SECONDS.toNanos(1)));
  }

  private int dropped() {
    return count(Fault.CONNECTION_DROPPED);
  }

  private int count(Fault kind) {
    return (int) faults.values().stream().filter(kind::equals).count();
  }

  /** One mutation in five fails its first request, with each fault in turn. */
  private static Map<String, Fault> oneInFiveFirstAttemptsFailing(List<String> mutations) {
    Map<String, Fault> faults = new LinkedHashMap<>();
    Fault[] kinds = Fault.values();
    for (int i = 0; i < mutations.size(); i += 5) {
      faults.put(mutations.get(i), kinds[(i / 5) % kinds.length]);
    }
    return faults;
  }

  private static List<String> mutations() {
    List<String> mutations = new ArrayList<>();
    for (int i = 0; i < MUTATIONS; i++) {
      mutations.add(String.format("GENE%02d A%dV", i % 40, 100 + i));
    }
    return mutations;
  }

  /**
   * A client of {@code server} allowing 16 requests at once, without rate limit, retrying as the
   * client's default policy does but 5 ms apart. The circuit breaker is off: a few of the faults
   * completing in a row would open it, which is the breaker's test, not the batch's.
   */
  private static ClinicalTrialsClient client(
      HttpClientManager manager, String name, BatchTrialsServer server) {
    HttpRetryPolicy retries =
        HttpRetryPolicy.builder(ClinicalTrialsClient.defaultRetryPolicy())
            .delay(Duration.ofMillis(5))
            .build();
    return ClinicalTrialsClient.builder(manager)
        .serviceName(name)
        .baseUri(server.root())
        .configureService(
            s ->
                s.maxConcurrency(LIMIT)
                    .rateLimit(null)
                    .retryPolicy(retries)
                    .circuitBreaker(CircuitBreakerPolicy.disabled()))
        .build();
  }

  private static List<List<String>> studiesOf(List<BatchOutcome> outcomes) {
    return outcomes.stream()
        .map(o -> ((BatchOutcome.Success) o).studies().stream().map(Study::nctId).toList())
        .toList();
  }

  private static List<Integer> totalsOf(List<BatchOutcome> outcomes) {
    return outcomes.stream().map(o -> ((BatchOutcome.Success) o).totalCount()).toList();
  }
}
