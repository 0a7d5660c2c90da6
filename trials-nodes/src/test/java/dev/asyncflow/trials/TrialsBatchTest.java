package dev.asyncflow.trials;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceStats;
import dev.asyncflow.http.testing.LeakCheck;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch helper: one outcome per input, deduplication, order, progress, bounds, cancellation,
 * failures of every input, unusable inputs, callbacks that throw, summaries and settings.
 */
class TrialsBatchTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final BatchTrialsServer server;
  private HttpClientManager manager;

  TrialsBatchTest() throws Exception {
    server = new BatchTrialsServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  // ---- deduplication and order

  @Test
  void inputsDifferingOnlyInCaseOrSpaces_areSearchedOnce_andReportedForEachInput()
      throws Exception {
    List<String> inputs = List.of(" egfr l858r", "EGFR L858R ", "Egfr L858r");

    List<BatchOutcome> outcomes = TrialsBatch.create(client()).run(inputs).get(10, SECONDS);

    assertThat(server.received()).isEqualTo(1);
    assertThat(server.requestsFor("egfr l858r")).isEqualTo(1);
    assertThat(outcomes).extracting(BatchOutcome::index).containsExactly(0, 1, 2);
    assertThat(outcomes).extracting(BatchOutcome::input).containsExactlyElementsOf(inputs);
    assertThat(outcomes)
        .allSatisfy(
            outcome ->
                assertThat(nctIds(outcome)).isEqualTo(BatchTrialsServer.nctIdsOf("egfr l858r")));
  }

  @Test
  void run_givesOutcomesInInputOrder_whenLaterInputsAreAnsweredFirst() throws Exception {
    List<String> inputs = mutations(5);
    server.answerAfter(laterInputsFaster(inputs));

    List<BatchOutcome> outcomes = TrialsBatch.create(client()).run(inputs).get(10, SECONDS);

    assertThat(outcomes).extracting(BatchOutcome::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(outcomes).extracting(BatchOutcome::input).containsExactlyElementsOf(inputs);
  }

  @Test
  void stream_deliversOutcomesInCompletionOrder() throws Exception {
    List<String> inputs = mutations(5);
    server.answerAfter(laterInputsFaster(inputs));
    List<Integer> delivered = new CopyOnWriteArrayList<>();

    TrialsBatch.create(client()).stream(inputs, o -> delivered.add(o.index())).get(10, SECONDS);

    assertThat(delivered).containsExactly(4, 3, 2, 1, 0);
  }

  // ---- progress and streaming

  @Test
  void progress_isReportedAfterEachOutcome_doneRisingOneByOne_failuresCounted() throws Exception {
    // Given 12 inputs, one of them refused by the server (400, not retried), one a duplicate
    List<String> inputs = new ArrayList<>(mutations(11));
    inputs.add(inputs.get(0).toLowerCase(Locale.ROOT));
    server.failAlways(inputs.get(5), 400);
    List<BatchProgress> reports = new CopyOnWriteArrayList<>();
    List<Boolean> succeeded = new CopyOnWriteArrayList<>();
    TrialsBatch batch = TrialsBatch.builder(client()).onProgress(reports::add).build();

    BatchProgress last = batch.stream(inputs, o -> succeeded.add(o.isSuccess())).get(10, SECONDS);

    // Then each report counts the outcomes delivered so far, the last one all of them
    assertThat(reports).hasSize(12);
    for (int i = 0; i < reports.size(); i++) {
      int successes = (int) succeeded.subList(0, i + 1).stream().filter(s -> s).count();
      assertThat(reports.get(i))
          .isEqualTo(new BatchProgress(i + 1, 12, successes, i + 1 - successes));
    }
    assertThat(last).isEqualTo(new BatchProgress(12, 12, 11, 1)).isEqualTo(reports.get(11));
    assertThat(server.received()).isEqualTo(11);
  }

  @Test
  void stream_neverCallsItsCallbacksTwiceAtOnce() throws Exception {
    // Given callbacks that notice being entered while another is running
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    TrialsBatch batch =
        TrialsBatch.builder(client()).onProgress(progress -> exclusively(inside, overlaps)).build();

    // When 200 searches, 16 at a time, complete on whatever threads answer them
    BatchProgress last =
        batch.stream(mutations(200), outcome -> exclusively(inside, overlaps)).get(20, SECONDS);

    // Then no callback ran while another did
    assertThat(last).isEqualTo(new BatchProgress(200, 200, 200, 0));
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void stream_keepsNoOutcomeItHasDelivered_whileTheRunGoesOn() {
    // Given 100 inputs whose last one is never answered
    List<String> inputs = mutations(100);
    server.stall(inputs.get(99)::equals);
    ClinicalTrialsClient client = client();
    List<WeakReference<BatchOutcome>> delivered = new CopyOnWriteArrayList<>();

    // When the other 99 have been delivered
    CompletableFuture<BatchProgress> run =
        TrialsBatch.create(client).stream(inputs, o -> delivered.add(new WeakReference<>(o)));
    awaitSize(delivered, 99);

    // Then none of them is still reachable, though the run is not over
    assertAllCollected(delivered);
    assertThat(run).isNotDone();
    run.cancel(true);
    awaitSettled(client.service());
  }

  // ---- cancellation

  @Test
  void cancellingMidBatch_withCallsQueuedInFlowHttp_sendsNothingBeyondTheSixteenOnTheNetwork()
      throws Exception {
    // Given a server that never answers, 16 permits, and a batch starting all 100 searches at once
    server.stall(subject -> true);
    ClinicalTrialsClient client = client();
    AtomicInteger reported = new AtomicInteger();
    CompletableFuture<BatchProgress> run =
        countingProgress(client, 100, reported).stream(
            mutations(100), outcome -> reported.incrementAndGet());
    server.awaitReceived(16);
    awaitStats(client.service(), stats -> stats.inFlight() == 16 && stats.queued() == 84);

    // When the batch is cancelled
    run.cancel(true);

    // Then it is cancelled at once, the 84 queued calls never reach the server, and nothing is
    // reported afterwards
    assertCancelledWithSixteenSent(run, client, reported);
  }

  @Test
  void cancellingMidBatch_withSearchesWaitingInTheBatch_sendsNothingBeyondTheSixteenStarted()
      throws Exception {
    server.stall(subject -> true);
    ClinicalTrialsClient client = client();
    AtomicInteger reported = new AtomicInteger();
    CompletableFuture<List<BatchOutcome>> run =
        countingProgress(client, 16, reported).run(mutations(100));
    server.awaitReceived(16);
    assertThat(client.service().stats().queued()).isZero();

    run.cancel(true);

    assertCancelledWithSixteenSent(run, client, reported);
  }

  private static TrialsBatch countingProgress(
      ClinicalTrialsClient client, int concurrency, AtomicInteger reported) {
    return TrialsBatch.builder(client)
        .concurrency(concurrency)
        .onProgress(p -> reported.incrementAndGet())
        .build();
  }

  private void assertCancelledWithSixteenSent(
      CompletableFuture<?> run, ClinicalTrialsClient client, AtomicInteger reported) {
    assertThat(run).isCancelled();
    awaitSettled(client.service());
    awaitStragglers();
    assertThat(server.received() - server.requestsFor(PROBE)).isEqualTo(16);
    assertThat(reported).hasValue(0);
  }

  // ---- failures

  @Test
  void everyRequestFailing_givesEachInputItsOwnServerError_afterThreeAttempts() throws Exception {
    server.failEverything(500);
    List<String> inputs = mutations(10);
    ClinicalTrialsClient client = client(s -> s.circuitBreaker(CircuitBreakerPolicy.disabled()));

    List<BatchOutcome> outcomes = TrialsBatch.create(client).run(inputs).get(10, SECONDS);

    assertThat(outcomes).hasSize(10);
    for (int i = 0; i < 10; i++) {
      BatchOutcome.Failure failure = (BatchOutcome.Failure) outcomes.get(i);
      assertThat(failure.index()).isEqualTo(i);
      assertThat(failure.input()).isEqualTo(inputs.get(i));
      assertThat(failure.error()).isInstanceOf(ServerErrorException.class);
      assertThat(((ServerErrorException) failure.error()).status()).isEqualTo(500);
      assertThat(failure.attempts()).isEqualTo(3);
      assertThat(server.requestsFor(inputs.get(i))).isEqualTo(3);
    }
  }

  @Test
  void everyRequestFailing_withTheCircuitBreakerOpening_stillGivesEachInputOneFailure()
      throws Exception {
    server.failEverything(503);
    List<String> inputs = mutations(40);
    List<BatchProgress> reports = new CopyOnWriteArrayList<>();

    List<BatchOutcome> outcomes =
        TrialsBatch.builder(client()).onProgress(reports::add).build().run(inputs).get(10, SECONDS);

    assertThat(outcomes).extracting(BatchOutcome::index).containsExactlyElementsOf(indexes(40));
    assertThat(outcomes).extracting(BatchOutcome::input).containsExactlyElementsOf(inputs);
    assertThat(outcomes)
        .allSatisfy(
            outcome ->
                assertThat(((BatchOutcome.Failure) outcome).error())
                    .isInstanceOf(ClinicalTrialsException.class));
    assertThat(outcomes)
        .anySatisfy(
            outcome ->
                assertThat(((BatchOutcome.Failure) outcome).error())
                    .isInstanceOf(ClinicalTrialsUnreachableException.class));
    assertThat(reports).last().isEqualTo(new BatchProgress(40, 40, 0, 40));
  }

  @Test
  void unusableInputs_failAloneWithInvalidQuery_withoutARequest() throws Exception {
    List<String> inputs = List.of("EGFR L858R", "  \t ", "\u0000\u0001\u001B", "BRAF V600E");

    List<BatchOutcome> outcomes = TrialsBatch.create(client()).run(inputs).get(10, SECONDS);

    assertThat(outcomes)
        .extracting(BatchOutcome::isSuccess)
        .containsExactly(true, false, false, true);
    for (int unusable : new int[] {1, 2}) {
      BatchOutcome.Failure failure = (BatchOutcome.Failure) outcomes.get(unusable);
      assertThat(failure.input()).isEqualTo(inputs.get(unusable));
      assertThat(failure.error()).isInstanceOf(InvalidQueryException.class);
      assertThat(failure.attempts()).isZero();
    }
    assertThat(server.subjects()).containsExactlyInAnyOrder("EGFR L858R", "BRAF V600E");
    assertThat(server.received()).isEqualTo(2);
  }

  @Test
  void nullInput_failsTheFuture_beforeAnyRequest() {
    TrialsBatch batch = TrialsBatch.create(client());
    List<String> inputs = Arrays.asList("EGFR L858R", null, "BRAF V600E");

    assertThat(batch.run(inputs))
        .isCompletedExceptionally()
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(NullPointerException.class);
    assertThat(batch.stream(inputs, outcome -> {})).isCompletedExceptionally();
    assertThat(server.received()).isZero();
  }

  @Test
  void nullInput_isRefused_namingItsPosition() {
    TrialsBatch batch = TrialsBatch.create(client());
    List<String> inputs = Arrays.asList("EGFR L858R", null, "BRAF V600E");

    assertThat(batch.run(inputs))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .withMessageContaining("input 1");
  }

  @Test
  void noInputs_completeAtOnce_withNothingDone() throws Exception {
    AtomicInteger reported = new AtomicInteger();
    TrialsBatch batch =
        TrialsBatch.builder(client()).onProgress(p -> reported.incrementAndGet()).build();

    CompletableFuture<BatchProgress> streamed =
        batch.stream(List.of(), outcome -> reported.incrementAndGet());
    CompletableFuture<List<BatchOutcome>> collected = batch.run(List.of());

    assertThat(streamed).isCompletedWithValue(new BatchProgress(0, 0, 0, 0));
    assertThat(collected).isCompletedWithValue(List.of());
    assertThat(reported).hasValue(0);
    assertThat(server.received()).isZero();
  }

  // ---- callbacks that throw

  @Test
  void throwingProgressListener_failsTheRunWithItsException_andCancelsRunningSearches() {
    RuntimeException broken = new IllegalStateException("the progress bar broke");
    server.stall(subject -> !subject.equals("EGFR L858R"));
    ClinicalTrialsClient client = client();
    TrialsBatch batch =
        TrialsBatch.builder(client)
            .onProgress(
                progress -> {
                  throw broken;
                })
            .build();

    CompletableFuture<List<BatchOutcome>> run =
        batch.run(List.of("KRAS G12C", "BRAF V600E", "ALK F1174L", "EGFR L858R"));

    assertFailedWithAndSettled(run, broken, client);
  }

  @Test
  void throwingOutcomeConsumer_failsTheStreamWithItsException_andCancelsRunningSearches() {
    RuntimeException broken = new IllegalStateException("the sink is full");
    server.stall(subject -> !subject.equals("EGFR L858R"));
    ClinicalTrialsClient client = client();

    CompletableFuture<BatchProgress> run =
        TrialsBatch.create(client).stream(
            List.of("KRAS G12C", "BRAF V600E", "ALK F1174L", "EGFR L858R"),
            outcome -> {
              throw broken;
            });

    assertFailedWithAndSettled(run, broken, client);
  }

  @Test
  void errorThrownByTheOutcomeConsumer_failsTheStream_insteadOfHangingIt() {
    AssertionError broken = new AssertionError("an assertion inside the consumer");
    ClinicalTrialsClient client = client();

    CompletableFuture<BatchProgress> run =
        TrialsBatch.create(client).stream(
            mutations(8),
            outcome -> {
              throw broken;
            });

    assertFailedWithAndSettled(run, broken, client);
  }

  @Test
  void slowConsumer_holdsBackNewSearches_soOutcomesDoNotPileUp() throws Exception {
    // Given a consumer that blocks on the first outcome, and a batch of 4 at a time over 40 inputs
    CountDownLatch release = new CountDownLatch(1);
    ClinicalTrialsClient client = client();
    TrialsBatch batch = TrialsBatch.builder(client).concurrency(4).build();
    CompletableFuture<BatchProgress> run =
        CompletableFuture.supplyAsync(
                () -> batch.stream(mutations(40), outcome -> awaitQuietly(release)))
            .thenCompose(stream -> stream);

    // When the other three searches have answered and their outcomes wait behind the blocked one
    awaitReceivedAtLeast(4);
    awaitStats(client.service(), stats -> stats.inFlight() == 0);

    // Then no further search starts until the consumer takes them
    assertThat(server.received()).isEqualTo(4);
    release.countDown();
    assertThat(run.get(10, SECONDS).done()).isEqualTo(40);
    assertThat(server.received()).isEqualTo(40);
  }

  // ---- summaries

  @Test
  void localSummarizer_givesEverySuccessASummaryOfItsOwnStudies() throws Exception {
    TrialsBatch batch = TrialsBatch.builder(client()).summarizer(TrialSummarizer.local()).build();

    List<BatchOutcome> outcomes = batch.run(mutations(6)).get(10, SECONDS);

    assertThat(outcomes)
        .allSatisfy(
            outcome -> {
              BatchOutcome.Success success = (BatchOutcome.Success) outcome;
              assertThat(success.summary()).isNotNull();
              assertThat(success.summary().source()).isEqualTo(TrialSummary.Source.LOCAL);
              assertThat(success.summary().studyCount()).isEqualTo(success.studies().size());
              assertThat(success.summary().text()).contains(success.input());
            });
  }

  @Test
  void failingSummarizer_failsEachInput_withItsErrorAndAttempts() throws Exception {
    AnthropicException overloaded = new AnthropicException("model overloaded", 2, null);
    TrialsBatch batch =
        TrialsBatch.builder(client())
            .summarizer((mutation, studies) -> CompletableFuture.failedFuture(overloaded))
            .build();

    List<BatchOutcome> outcomes = batch.run(mutations(3)).get(10, SECONDS);

    assertThat(outcomes)
        .allSatisfy(
            outcome -> {
              BatchOutcome.Failure failure = (BatchOutcome.Failure) outcome;
              assertThat(failure.error()).isSameAs(overloaded);
              assertThat(failure.attempts()).isEqualTo(2);
            });
    assertThat(server.received()).isEqualTo(3);
  }

  @Test
  void summarizerThrowingInsteadOfFailingItsFuture_failsEachInput_insteadOfHangingTheBatch()
      throws Exception {
    IllegalStateException broken = new IllegalStateException("summarizer misconfigured");
    TrialSummarizer throwing =
        (mutation, studies) -> {
          throw broken;
        };
    TrialsBatch batch = TrialsBatch.builder(client()).summarizer(throwing).build();

    List<BatchOutcome> outcomes = batch.run(mutations(3)).get(10, SECONDS);

    assertThat(outcomes)
        .allSatisfy(
            outcome -> assertThat(((BatchOutcome.Failure) outcome).error()).isSameAs(broken));
  }

  @Test
  void clientGivingANullResult_failsEachInput_insteadOfHangingTheBatch() throws Exception {
    ClinicalTrialsClient real = client();
    ClinicalTrialsClient givingNull =
        new ClinicalTrialsClient() {
          @Override
          public CompletableFuture<SearchResult> search(StudyQuery query) {
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public CompletableFuture<Study> study(String nctId) {
            return real.study(nctId);
          }

          @Override
          public ServiceClient service() {
            return real.service();
          }
        };

    List<BatchOutcome> outcomes = TrialsBatch.create(givingNull).run(mutations(2)).get(10, SECONDS);

    assertThat(outcomes)
        .allSatisfy(
            outcome ->
                assertThat(((BatchOutcome.Failure) outcome).error())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("the client's search gave null"));
  }

  // ---- settings

  @Test
  void concurrency3_keepsAtMostThreeRequestsAtTheServer() throws Exception {
    server.answerAfter(subject -> 20);
    TrialsBatch batch = TrialsBatch.builder(client()).concurrency(3).build();

    List<BatchOutcome> outcomes = batch.run(mutations(24)).get(20, SECONDS);

    assertThat(outcomes).allMatch(BatchOutcome::isSuccess);
    assertThat(server.maxInFlight()).isEqualTo(3);
  }

  @Test
  void defaultConcurrency_isTheServicesMaxConcurrency() {
    ClinicalTrialsClient seven = client(s -> s.maxConcurrency(7));
    ClinicalTrialsClient polite =
        ClinicalTrialsClient.builder(manager())
            .serviceName("polite")
            .baseUri(server.root())
            .build();

    assertThat(TrialsBatch.create(seven).concurrency()).isEqualTo(7);
    assertThat(TrialsBatch.create(polite).concurrency()).isEqualTo(4);
    assertThat(TrialsBatch.builder(seven).concurrency(30).build().concurrency()).isEqualTo(30);
  }

  @Test
  void concurrencyBelowOne_isRefused_namingTheSetting() {
    TrialsBatch.Builder builder = TrialsBatch.builder(client());

    assertThatThrownBy(() -> builder.concurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> builder.concurrency(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency");
  }

  // ---- helpers

  private static final String PROBE = "PROBE P1R";

  private HttpClientManager manager() {
    if (manager == null) {
      manager = leaks.manager();
    }
    return manager;
  }

  private ClinicalTrialsClient client() {
    return client(s -> s);
  }

  /**
   * A client of the server: 16 requests at once, no rate limit, the default retries 1 ms apart,
   * then {@code settings}.
   */
  private ClinicalTrialsClient client(UnaryOperator<ServiceConfig.Builder> settings) {
    HttpRetryPolicy fast =
        HttpRetryPolicy.builder(ClinicalTrialsClient.defaultRetryPolicy())
            .delay(Duration.ofMillis(1))
            .build();
    return ClinicalTrialsClient.builder(manager())
        .baseUri(server.root())
        .configureService(
            s -> settings.apply(s.maxConcurrency(16).rateLimit(null).retryPolicy(fast)))
        .build();
  }

  /** Distinct mutations: GENE00 A100V, GENE01 A101V, ... */
  static List<String> mutations(int count) {
    List<String> mutations = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      mutations.add(String.format("GENE%02d A%dV", i % 40, 100 + i));
    }
    return mutations;
  }

  private static List<Integer> indexes(int count) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      indexes.add(i);
    }
    return indexes;
  }

  /** Answers the last input at once and each earlier one 80 ms later than the next. */
  private static ToLongFunction<String> laterInputsFaster(List<String> inputs) {
    return subject -> 80L * (inputs.size() - 1 - inputs.indexOf(subject));
  }

  private static List<String> nctIds(BatchOutcome outcome) {
    return ((BatchOutcome.Success) outcome).studies().stream().map(Study::nctId).toList();
  }

  /** Counts an overlap if another callback is inside, and stays inside for a moment. */
  private static void exclusively(AtomicInteger inside, AtomicInteger overlaps) {
    if (inside.incrementAndGet() != 1) {
      overlaps.incrementAndGet();
    }
    for (int i = 0; i < 100; i++) {
      Thread.yield(); // widen the window in which a concurrent call would be seen
    }
    inside.decrementAndGet();
  }

  /** Collects garbage (bounded) until every reference is cleared. */
  private static void assertAllCollected(List<? extends WeakReference<?>> references) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (references.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertThat(references.stream().filter(r -> r.get() != null).count())
        .as("delivered outcomes still reachable")
        .isZero();
  }

  /** Waits (bounded, polling) until {@code list} holds {@code size} elements. */
  private static void awaitSize(List<?> list, int size) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (list.size() < size && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    assertThat(list).hasSize(size);
  }

  /** Waits (bounded, polling) until the service's statistics satisfy {@code condition}. */
  private static void awaitStats(ServiceClient service, Predicate<ServiceStats> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.test(service.stats()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    assertThat(service.stats()).matches(condition, "the awaited statistics");
  }

  /** Waits until the service holds no permit and has no caller queued. */
  private static void awaitSettled(ServiceClient service) {
    awaitStats(service, stats -> stats.inFlight() == 0 && stats.queued() == 0);
  }

  /**
   * Lets a request written just before a cancel reach the server: sends one more request on a
   * connection of its own, waits until the server has it, then cancels it.
   */
  private void awaitStragglers() {
    ClinicalTrialsClient probe =
        ClinicalTrialsClient.builder(manager())
            .serviceName("probe")
            .baseUri(server.root())
            .configureService(s -> s.rateLimit(null))
            .build();
    CompletableFuture<SearchResult> search = probe.search(StudyQuery.ofMutation(PROBE));
    server.awaitRequestFor(PROBE);
    search.cancel(true);
    awaitSettled(probe.service());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReceivedAtLeast(int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.received() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(MILLISECONDS.toNanos(1));
    }
    assertThat(server.received()).isGreaterThanOrEqualTo(count);
  }

  private static void assertFailedWithAndSettled(
      CompletableFuture<?> run, Throwable broken, ClinicalTrialsClient client) {
    assertThat(run)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCause(broken);
    awaitSettled(client.service());
  }
}
