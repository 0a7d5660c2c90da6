package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One flow definition serves many concurrent runs: each run has its own params, shared store and
 * attempt numbers.
 */
class ConcurrentRunsTest {

  private static final int RUNS = 200;

  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> shared, String key) {
    return (List<Object>) shared.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
  }

  private static Map<String, Object> newStore() {
    return new ConcurrentHashMap<>();
  }

  private static RunOptions idParam(int id) {
    return RunOptions.builder().params(Map.of("id", id)).build();
  }

  /**
   * Fetch fails on attempts 0 and 1 and succeeds on 2, with its stages completing on the pool or
   * held by the test. Its prep hands the run's own store to exec, which records there what it sees.
   */
  private final class Fetch extends AsyncNode<Map<String, Object>, Map<String, Object>, String> {
    final Map<Integer, CompletableFuture<String>> heldFirstAttempts = new ConcurrentHashMap<>();
    final boolean holdFirstAttempt;

    Fetch(boolean holdFirstAttempt) {
      super(RetryPolicy.fixed(3, Duration.ZERO));
      this.holdFirstAttempt = holdFirstAttempt;
    }

    @Override
    protected CompletionStage<Map<String, Object>> prepAsync(
        Map<String, Object> shared, RunContext context) {
      return CompletableFuture.completedFuture(shared);
    }

    @Override
    protected CompletionStage<String> execAsync(Map<String, Object> store, RunContext context) {
      int attempt = context.attempt();
      int id = context.param("id", Integer.class);
      if (attempt == 0 && holdFirstAttempt) {
        CompletableFuture<String> held = new CompletableFuture<>();
        heldFirstAttempts.put(id, held);
        return held.whenComplete((v, e) -> record(store, context));
      }
      return CompletableFuture.supplyAsync(
          () -> {
            record(store, context);
            if (attempt < 2) {
              throw new IllegalStateException("run " + id + " attempt " + attempt);
            }
            return "item-" + id;
          },
          pool);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared,
        Map<String, Object> store,
        String execResult,
        RunContext context) {
      list(shared, "idsSeenByPost").add(context.param("id"));
      shared.put("fetched", execResult);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static void record(Map<String, Object> store, RunContext context) {
    list(store, "attempts").add(context.attempt());
    list(store, "idsSeenByExec").add(context.param("id"));
  }

  /** A synchronous node that copies the fetched value; it records the thread of its hooks. */
  private static final class Store extends Node<Map<String, Object>, Object, Object> {
    @Override
    protected Object prep(Map<String, Object> shared, RunContext context) {
      list(shared, "threads").add(Thread.currentThread());
      return shared.get("fetched");
    }

    @Override
    protected String post(
        Map<String, Object> shared, Object fetched, Object execResult, RunContext context) {
      list(shared, "threads").add(Thread.currentThread());
      shared.put("stored", fetched + " for " + context.param("id"));
      return "stored";
    }
  }

  /**
   * The synchronous counterpart of {@link Fetch}: fails attempts 0 and 1 of every run and succeeds
   * on 2, records what exec sees in the run's own store, and records the thread of every hook.
   */
  private static final class SyncFetch
      extends Node<Map<String, Object>, Map<String, Object>, String> {
    SyncFetch(RetryPolicy retryPolicy) {
      super(retryPolicy);
    }

    @Override
    protected Map<String, Object> prep(Map<String, Object> shared, RunContext context) {
      list(shared, "threads").add(Thread.currentThread());
      return shared;
    }

    @Override
    protected String exec(Map<String, Object> store, RunContext context) {
      list(store, "threads").add(Thread.currentThread());
      record(store, context);
      if (context.attempt() < 2) {
        throw new IllegalStateException("attempt " + context.attempt());
      }
      return "item-" + context.param("id");
    }

    @Override
    protected String post(
        Map<String, Object> shared,
        Map<String, Object> store,
        String execResult,
        RunContext context) {
      list(shared, "threads").add(Thread.currentThread());
      list(shared, "idsSeenByPost").add(context.param("id"));
      shared.put("fetched", execResult);
      return null;
    }
  }

  private final Map<Integer, Map<String, Object>> stores = new ConcurrentHashMap<>();

  private void assertEveryRunSawOnlyItsOwnState() {
    assertEveryRunSawOnlyItsOwnState(RUNS);
  }

  private void assertEveryRunSawOnlyItsOwnState(int runs) {
    assertThat(stores).hasSize(runs);
    stores.forEach(
        (id, store) -> {
          assertThat(store.get("attempts"))
              .as("attempts of run %d", id)
              .isEqualTo(List.of(0, 1, 2));
          assertThat(store.get("idsSeenByExec")).isEqualTo(List.of(id, id, id));
          assertThat(store.get("idsSeenByPost")).isEqualTo(List.of(id));
          assertThat(store.get("stored")).isEqualTo("item-" + id + " for " + id);
        });
  }

  @Test
  void twoHundredAsyncRuns_startedFromEightThreads_eachSeeOnlyTheirOwnParamsAndAttempts()
      throws Exception {
    // Given one definition
    Fetch fetch = new Fetch(false);
    fetch.next(new Store());
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(fetch);

    // When 200 runs start from 8 threads, each with its own params and store
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      int id = i;
      stores.put(id, newStore());
      runs.add(
          CompletableFuture.supplyAsync(() -> flow.runAsync(stores.get(id), idParam(id)), pool)
              .thenCompose(run -> run));
    }
    CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

    // Then
    assertThat(runs).allSatisfy(run -> assertThat(run).isCompletedWithValue("stored"));
    assertEveryRunSawOnlyItsOwnState();
  }

  @Test
  void twoHundredAsyncRuns_allInFlightAtOnce_thenReleasedConcurrently_keepTheirOwnState()
      throws Exception {
    // Given 200 runs, each holding its first attempt open
    Fetch fetch = new Fetch(true);
    fetch.next(new Store());
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(fetch);
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (int id = 0; id < RUNS; id++) {
      stores.put(id, newStore());
      runs.add(flow.runAsync(stores.get(id), idParam(id)));
    }
    assertThat(fetch.heldFirstAttempts).hasSize(RUNS);
    assertThat(runs).noneMatch(CompletableFuture::isDone);

    // When the 8 threads fail all first attempts at once, in reverse order
    List<Future<?>> releases = new ArrayList<>();
    for (int i = RUNS - 1; i >= 0; i--) {
      int id = i;
      releases.add(
          pool.submit(
              () ->
                  fetch
                      .heldFirstAttempts
                      .get(id)
                      .completeExceptionally(new IllegalStateException("first of " + id))));
    }
    for (Future<?> release : releases) {
      release.get(30, TimeUnit.SECONDS);
    }
    CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

    // Then
    assertThat(runs).allSatisfy(run -> assertThat(run).isCompletedWithValue("stored"));
    assertEveryRunSawOnlyItsOwnState();
  }

  @Test
  void twoHundredBlockingSyncRuns_onEightThreads_eachSeeOnlyTheirOwnParamsAndAttempts()
      throws Exception {
    // Given a synchronous flow whose node fails on attempts 0 and 1 of every run
    SyncFetch flaky = new SyncFetch(RetryPolicy.fixed(3, Duration.ZERO));
    flaky.next(new Store());
    Flow<Map<String, Object>> flow = new Flow<>(flaky);

    // When 200 blocking runs go on 8 threads
    List<Future<String>> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      int id = i;
      stores.put(id, newStore());
      runs.add(pool.submit(() -> flow.run(stores.get(id), idParam(id))));
    }

    // Then
    for (Future<String> run : runs) {
      assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo("stored");
    }
    assertEveryRunSawOnlyItsOwnState();
  }

  // ---------------------------------------------------------------- real waits on one scheduler

  private static final Duration SECOND = Duration.ofSeconds(1);

  private static RunOptions idParam(int id, Scheduler scheduler) {
    return RunOptions.builder().params(Map.of("id", id)).scheduler(scheduler).build();
  }

  /**
   * Fails attempts 0 and 1 of every run at once and waits one second before each retry; its prep
   * hands the run's own store to exec, which records there what it sees.
   */
  private static final class WaitingFetch
      extends AsyncNode<Map<String, Object>, Map<String, Object>, String> {
    WaitingFetch() {
      super(RetryPolicy.fixed(3, SECOND));
    }

    @Override
    protected CompletionStage<Map<String, Object>> prepAsync(
        Map<String, Object> shared, RunContext context) {
      return CompletableFuture.completedFuture(shared);
    }

    @Override
    protected CompletionStage<String> execAsync(Map<String, Object> store, RunContext context) {
      record(store, context);
      int id = context.param("id", Integer.class);
      return context.attempt() < 2
          ? CompletableFuture.failedFuture(
              new IllegalStateException("run " + id + " attempt " + context.attempt()))
          : CompletableFuture.completedFuture("item-" + id);
    }

    @Override
    protected CompletionStage<String> postAsync(
        Map<String, Object> shared,
        Map<String, Object> store,
        String execResult,
        RunContext context) {
      list(shared, "idsSeenByPost").add(context.param("id"));
      shared.put("fetched", execResult);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Test
  void twoHundredAsyncRuns_retryingWithARealWaitOnOneSharedScheduler_eachWaitAndRetryOnTheirOwn()
      throws Exception {
    // Given one definition whose node fails twice per run and waits one second before each retry
    ManualScheduler manual = new ManualScheduler();
    WaitingFetch fetch = new WaitingFetch();
    fetch.next(new Store());
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(fetch);

    // When 200 runs start from 8 threads, all on the one manual scheduler
    List<CompletableFuture<CompletableFuture<String>>> starts = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      int id = i;
      stores.put(id, newStore());
      starts.add(
          CompletableFuture.supplyAsync(
              () -> flow.runAsync(stores.get(id), idParam(id, manual)), pool));
    }
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (CompletableFuture<CompletableFuture<String>> start : starts) {
      runs.add(start.get(30, TimeUnit.SECONDS));
    }

    // Then every run waits for its first retry
    assertThat(runs).noneMatch(CompletableFuture::isDone);
    assertThat(manual.pendingCount()).isEqualTo(RUNS);

    // When one second passes, every run fails its second attempt and waits again
    manual.advance(SECOND);
    assertThat(runs).noneMatch(CompletableFuture::isDone);
    assertThat(manual.pendingCount()).isEqualTo(RUNS);

    // When another second passes, every run succeeds on its third attempt
    manual.advance(SECOND);

    // Then
    assertThat(runs).allSatisfy(run -> assertThat(run).isCompletedWithValue("stored"));
    assertThat(manual.pendingCount()).isZero();
    assertThat(manual.delays()).hasSize(2 * RUNS).containsOnly(SECOND);
    assertEveryRunSawOnlyItsOwnState();
  }

  @Test
  void eightBlockingRuns_retryingWithARealWaitOnOneSharedScheduler_runEveryHookOnTheirOwnThread()
      throws Exception {
    // Given a synchronous flow whose node fails twice per run and waits one second before each
    // retry; every hook records its thread in the run's own store
    int workers = 8;
    ManualScheduler manual = new ManualScheduler();
    SyncFetch flaky = new SyncFetch(RetryPolicy.fixed(3, SECOND));
    flaky.next(new Store());
    Flow<Map<String, Object>> flow = new Flow<>(flaky);

    // When 8 worker threads each block in a run on the one manual scheduler
    Map<Integer, Thread> workerThreads = new ConcurrentHashMap<>();
    List<Future<String>> runs = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      int id = i;
      stores.put(id, newStore());
      runs.add(
          pool.submit(
              () -> {
                workerThreads.put(id, Thread.currentThread());
                return flow.run(stores.get(id), idParam(id, manual));
              }));
    }

    // Then each waits for its first retry, then for its second, as the test advances the clock
    awaitPending(manual, workers);
    assertThat(runs).noneMatch(Future::isDone);
    assertThat(stores.values())
        .allSatisfy(store -> assertThat(store.get("attempts")).isEqualTo(List.of(0)));
    manual.advance(SECOND);
    awaitPending(manual, workers);
    assertThat(runs).noneMatch(Future::isDone);
    assertThat(stores.values())
        .allSatisfy(store -> assertThat(store.get("attempts")).isEqualTo(List.of(0, 1)));
    manual.advance(SECOND);

    // Then every run ends, having run every hook on its own worker thread
    for (Future<String> run : runs) {
      assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo("stored");
    }
    assertEveryRunSawOnlyItsOwnState(workers);
    assertThat(new HashSet<>(workerThreads.values()))
        .hasSize(workers)
        .doesNotContain(Thread.currentThread());
    stores.forEach(
        (id, store) ->
            assertThat(list(store, "threads"))
                .as("threads of the hooks of run %d", id)
                .hasSize(7) // prep, exec x3, post, and Store's prep and post
                .containsOnly(workerThreads.get(id)));
  }

  /**
   * Waits, without sleeping, until {@code count} tasks are pending on {@code manual}; fails after a
   * generous deadline, a safety net against a hang rather than a timing assertion.
   */
  private static void awaitPending(ManualScheduler manual, int count) throws TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (manual.pendingCount() != count) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException(
            "expected " + count + " pending tasks, have " + manual.pendingCount());
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
