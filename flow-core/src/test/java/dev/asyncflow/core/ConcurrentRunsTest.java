package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
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

  /** A synchronous node that copies the fetched value. */
  private static final class Store extends Node<Map<String, Object>, Object, Object> {
    @Override
    protected Object prep(Map<String, Object> shared, RunContext context) {
      return shared.get("fetched");
    }

    @Override
    protected String post(
        Map<String, Object> shared, Object fetched, Object execResult, RunContext context) {
      shared.put("stored", fetched + " for " + context.param("id"));
      return "stored";
    }
  }

  private final Map<Integer, Map<String, Object>> stores = new ConcurrentHashMap<>();

  private void assertEveryRunSawOnlyItsOwnState() {
    assertThat(stores).hasSize(RUNS);
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
    Node<Map<String, Object>, Map<String, Object>, String> flaky =
        new Node<>(3, Duration.ZERO) {
          @Override
          protected Map<String, Object> prep(Map<String, Object> shared, RunContext context) {
            return shared;
          }

          @Override
          protected String exec(Map<String, Object> store, RunContext context) {
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
            list(shared, "idsSeenByPost").add(context.param("id"));
            shared.put("fetched", execResult);
            return null;
          }
        };
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
}
