package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hooks of an {@link AsyncNode}: chaining, failures, retries, fallbacks and threads. */
class AsyncNodeTest {

  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  @Test
  void runAsync_chainsPrepExecAndPost_andYieldsPostsAction() throws Exception {
    // Given a node whose hooks hand their results to each other
    AsyncNode<Map<String, Object>, String, String> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return CompletableFuture.completedFuture("input:" + shared.get("question"));
          }

          @Override
          protected CompletionStage<String> execAsync(String prepResult, RunContext context) {
            return CompletableFuture.completedFuture(prepResult + "->answer");
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, String prepResult, String execResult, RunContext ctx) {
            shared.put("prep", prepResult);
            shared.put("exec", execResult);
            return CompletableFuture.completedFuture("answered");
          }
        };
    shared.put("question", "why");

    // When
    String action = node.runAsync(shared).get(5, TimeUnit.SECONDS);

    // Then
    assertThat(action).isEqualTo("answered");
    assertThat(shared)
        .containsEntry("prep", "input:why")
        .containsEntry("exec", "input:why->answer");
  }

  @Test
  void prepAsync_throwingSynchronously_failsTheRunLikeAFailedStage() {
    IllegalStateException boom = new IllegalStateException("prep broke");
    AtomicInteger execCalls = new AtomicInteger();
    AsyncNode<Map<String, Object>, String, String> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> prepAsync(
              Map<String, Object> shared, RunContext context) {
            throw boom;
          }

          @Override
          protected CompletionStage<String> execAsync(String prepResult, RunContext context) {
            execCalls.incrementAndGet();
            return CompletableFuture.completedFuture("never");
          }
        };

    CompletableFuture<String> run = node.runAsync(shared);

    assertThat(failureOf(run)).isSameAs(boom);
    assertThat(execCalls).hasValue(0);
  }

  @Test
  void execAsync_throwingSynchronously_isRetriedLikeAFailedStage() throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    AsyncNode<Map<String, Object>, Object, String> node =
        new AsyncNode<>(RetryPolicy.fixed(2, Duration.ZERO)) {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context)
              throws Exception {
            attempts.add(context.attempt());
            if (context.attempt() == 0) {
              throw new java.io.IOException("thrown, not returned");
            }
            return CompletableFuture.completedFuture("second time lucky");
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            return CompletableFuture.completedFuture(execResult);
          }
        };

    assertThat(node.runAsync(shared).get(5, TimeUnit.SECONDS)).isEqualTo("second time lucky");
    assertThat(attempts).containsExactly(0, 1);
  }

  @Test
  void hookReturningNull_failsTheRunWithNullPointerExceptionNamingTheHookAndNode() {
    AsyncNode<Map<String, Object>, Object, Object> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
            return null;
          }
        };
    node.setName("Forgetful");

    Throwable failure = failureOf(node.runAsync(shared));

    assertThat(failure)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("postAsync")
        .hasMessageContaining("'Forgetful'");
  }

  @Test
  void prepAsyncReturningNull_failsTheRunWithNullPointerExceptionNamingPrepAsync() {
    AsyncNode<Map<String, Object>, Object, Object> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<Object> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return null;
          }
        };
    node.setName("NoPrep");

    assertThat(failureOf(node.runAsync(shared)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prepAsync of node 'NoPrep' returned null");
  }

  @Test
  void execAsync_isRetriedWithAttemptsZeroToNMinusOne_thenFallbackValueIsUsed() throws Exception {
    // Given a node with 3 attempts whose execAsync always fails
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    List<Exception> failures = new CopyOnWriteArrayList<>();
    AtomicReference<Exception> fallbackError = new AtomicReference<>();
    AtomicInteger fallbackAttempt = new AtomicInteger(-1);
    AsyncNode<Map<String, Object>, String, String> node =
        new AsyncNode<>(RetryPolicy.fixed(3, Duration.ZERO)) {
          @Override
          protected CompletionStage<String> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return CompletableFuture.completedFuture("q");
          }

          @Override
          protected CompletionStage<String> execAsync(String prepResult, RunContext context) {
            attempts.add(context.attempt());
            IllegalStateException failure =
                new IllegalStateException("attempt " + context.attempt());
            failures.add(failure);
            return CompletableFuture.failedFuture(failure);
          }

          @Override
          protected CompletionStage<String> execFallbackAsync(
              String prepResult, Exception error, RunContext context) {
            fallbackError.set(error);
            fallbackAttempt.set(context.attempt());
            return CompletableFuture.completedFuture("fallback for " + prepResult);
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, String prepResult, String execResult, RunContext ctx) {
            shared.put("result", execResult);
            return CompletableFuture.completedFuture(null);
          }
        };

    // When
    node.runAsync(shared).get(5, TimeUnit.SECONDS);

    // Then every attempt ran with its number, and the fallback saw the last one
    assertThat(attempts).containsExactly(0, 1, 2);
    assertThat(fallbackError.get()).isSameAs(failures.get(2));
    assertThat(fallbackAttempt).hasValue(2);
    assertThat(shared).containsEntry("result", "fallback for q");
  }

  @Test
  void defaultFallback_rethrowsTheSameExceptionInstance() {
    IllegalArgumentException last = new IllegalArgumentException("last");
    AtomicInteger calls = new AtomicInteger();
    AsyncNode<Map<String, Object>, Object, Object> node =
        new AsyncNode<>(RetryPolicy.fixed(2, Duration.ZERO)) {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            return CompletableFuture.failedFuture(
                calls.incrementAndGet() == 2 ? last : new IllegalArgumentException("first"));
          }
        };

    assertThat(failureOf(node.runAsync(shared))).isSameAs(last);
    assertThat(calls).hasValue(2);
  }

  @Test
  void syncNodeInsideAsyncFlow_runsInlineOnTheThreadThatCompletedThePreviousStage()
      throws Exception {
    // Given an async node whose stage the test completes, followed by a sync node
    CompletableFuture<String> held = new CompletableFuture<>();
    AtomicReference<Thread> syncExecThread = new AtomicReference<>();
    AsyncNode<Map<String, Object>, Object, String> first =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return held;
          }
        };
    Node<Map<String, Object>, Object, String> second =
        new Node<>() {
          @Override
          protected String exec(Object prepResult, RunContext context) {
            syncExecThread.set(Thread.currentThread());
            return "sync";
          }

          @Override
          protected String post(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            return execResult;
          }
        };
    first.next(second);
    AsyncFlow<Map<String, Object>> flow = new AsyncFlow<>(first);
    CompletableFuture<String> run = flow.runAsync(shared);
    assertThat(syncExecThread.get()).isNull();

    // When another thread completes the async stage
    Thread completer = new Thread(() -> held.complete("async"), "completer");
    completer.start();
    completer.join(5_000);

    // Then the sync node ran on that very thread, before it finished completing the stage
    assertThat(syncExecThread.get()).isSameAs(completer);
    assertThat(run).isCompletedWithValue("sync");
  }

  @Test
  void asyncFlowOfOnlySyncNodes_completesBeforeRunAsyncReturns_onTheCallingThread() {
    AtomicReference<Thread> execThread = new AtomicReference<>();
    Node<Map<String, Object>, Object, Object> node =
        new Node<>() {
          @Override
          protected Object exec(Object prepResult, RunContext context) {
            execThread.set(Thread.currentThread());
            return null;
          }

          @Override
          protected String post(
              Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
            return "inline";
          }
        };

    CompletableFuture<String> run = new AsyncFlow<>(node).runAsync(shared);

    assertThat(run).isCompletedWithValue("inline");
    assertThat(execThread.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void asyncFlow_mixingSyncAndAsyncNodes_passesTheSharedStoreAlongInOrder() throws Exception {
    // Given sync -> async -> sync, each appending to a trail in the shared store
    List<String> trail = new CopyOnWriteArrayList<>();
    shared.put("trail", trail);
    Node<Map<String, Object>, Object, Object> syncA = syncAppender("syncA", trail);
    AsyncNode<Map<String, Object>, Object, Object> asyncB =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            return CompletableFuture.supplyAsync(() -> "fromB");
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
            trail.add("asyncB:" + execResult);
            return CompletableFuture.completedFuture("toC");
          }
        };
    Node<Map<String, Object>, Object, Object> syncC = syncAppender("syncC", trail);
    syncA.next(asyncB, "syncA-done").next(syncC, "toC");

    // When
    String action = new AsyncFlow<>(syncA).runAsync(shared).get(5, TimeUnit.SECONDS);

    // Then
    assertThat(trail).containsExactly("syncA", "asyncB:fromB", "syncC");
    assertThat(action).isEqualTo("syncC-done");
  }

  @Test
  void asyncNodeRunAlone_yieldsItsActionAndDoesNotRunSuccessors() throws Exception {
    AtomicInteger successorPreps = new AtomicInteger();
    AsyncNode<Map<String, Object>, Object, Object> alone =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
            shared.put("alone", true);
            return CompletableFuture.completedFuture("next");
          }
        };
    AsyncNode<Map<String, Object>, Object, Object> successor =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<Object> prepAsync(
              Map<String, Object> shared, RunContext context) {
            successorPreps.incrementAndGet();
            return CompletableFuture.completedFuture(null);
          }
        };
    alone.next(successor, "next");

    String action = alone.runAsync(shared).get(5, TimeUnit.SECONDS);

    assertThat(action).isEqualTo("next");
    assertThat(shared).containsEntry("alone", true);
    assertThat(successorPreps).hasValue(0);
  }

  @Test
  void hooksWhoseStagesCompleteLater_resumeTheRunWhenCompletedFromAnotherThread() throws Exception {
    // Given a node whose prep and exec stages stay open until the test completes them
    CompletableFuture<String> prepStage = new CompletableFuture<>();
    CompletableFuture<String> execStage = new CompletableFuture<>();
    AtomicInteger execCalls = new AtomicInteger();
    AtomicReference<Thread> postThread = new AtomicReference<>();
    AsyncNode<Map<String, Object>, String, String> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> prepAsync(
              Map<String, Object> shared, RunContext context) {
            return prepStage;
          }

          @Override
          protected CompletionStage<String> execAsync(String prepResult, RunContext context) {
            execCalls.incrementAndGet();
            return execStage.thenApply(v -> prepResult + "+" + v);
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, String prepResult, String execResult, RunContext ctx) {
            postThread.set(Thread.currentThread());
            return CompletableFuture.completedFuture(execResult);
          }
        };

    // When runAsync returns, nothing past prep has happened
    CompletableFuture<String> run = node.runAsync(shared);
    assertThat(run).isNotDone();
    assertThat(execCalls).hasValue(0);

    // When prep completes, exec starts but the run still waits
    prepStage.complete("p");
    assertThat(execCalls).hasValue(1);
    assertThat(run).isNotDone();

    // When exec completes on another thread, post runs there and the run completes
    Thread completer = new Thread(() -> execStage.complete("e"), "exec-completer");
    completer.start();
    completer.join(5_000);
    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("p+e");
    assertThat(postThread.get()).isSameAs(completer);
  }

  @Test
  void hookReturningAForeignCompletionStage_withoutToCompletableFuture_isStillAwaited()
      throws Exception {
    // Given a CompletionStage implementation that does not interoperate via toCompletableFuture
    CompletableFuture<String> backing = new CompletableFuture<>();
    CompletionStage<String> foreign = foreignStage(backing);
    AsyncNode<Map<String, Object>, Object, String> node =
        new AsyncNode<>() {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return foreign;
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            return CompletableFuture.completedFuture(execResult);
          }
        };

    CompletableFuture<String> run = node.runAsync(shared);
    backing.complete("foreign value");

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("foreign value");
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<String> foreignStage(CompletableFuture<String> backing) {
    CompletionStage<String> minimal = backing.minimalCompletionStage();
    return (CompletionStage<String>)
        Proxy.newProxyInstance(
            CompletionStage.class.getClassLoader(),
            new Class<?>[] {CompletionStage.class},
            (proxy, method, args) -> {
              if (method.getName().equals("toCompletableFuture")) {
                throw new UnsupportedOperationException("toCompletableFuture");
              }
              try {
                return method.invoke(minimal, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static Node<Map<String, Object>, Object, Object> syncAppender(
      String name, List<String> trail) {
    return new Node<>() {
      @Override
      protected Object exec(Object prepResult, RunContext context) {
        trail.add(name);
        return null;
      }

      @Override
      protected String post(
          Map<String, Object> shared, Object prepResult, Object execResult, RunContext ctx) {
        return name + "-done";
      }
    };
  }

  @Test
  void runAsync_withANullSharedStore_reportsTheMisuseThroughTheFuture() {
    AsyncNode<Map<String, Object>, Object, Object> node = new AsyncNode<>() {};

    CompletableFuture<String> run = node.runAsync(null);

    assertThat(failureOf(run)).isInstanceOf(NullPointerException.class).hasMessage("shared");
  }
}
