package dev.asyncflow.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.BatchFailedException;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.RetryPolicy;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.core.RunOptions;
import dev.asyncflow.core.Scheduler;
import dev.asyncflow.examples.docs.FlowCoreSamples.Glossary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs the samples of docs/flow-core.md. */
class FlowCoreSamplesTest {
  /** Runs every retry wait at once, so that no test waits out a delay. */
  private static final Scheduler NO_WAIT =
      (delay, task) -> {
        task.run();
        return () -> {};
      };

  private final FlowCoreSamples samples = new FlowCoreSamples();

  @Test
  void define_writesTheDefinitionOfTheWordParam() throws Exception {
    var define = samples.new Define(word -> CompletableFuture.completedFuture("a " + word));
    Glossary glossary = new Glossary(new ConcurrentHashMap<>());

    new AsyncFlow<>(define)
        .runAsync(glossary, RunOptions.builder().params(Map.of("word", "flow")).build())
        .get(5, TimeUnit.SECONDS);

    assertThat(glossary.definitions()).containsExactly(Map.entry("flow", "a flow"));
  }

  @Test
  void define_fallsBackAfterFourFailedAttempts() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    var define =
        samples
        .new Define(
            word -> {
              attempts.incrementAndGet();
              return CompletableFuture.failedFuture(new IllegalStateException("offline"));
            });
    Glossary glossary = new Glossary(new ConcurrentHashMap<>());
    RunOptions options =
        RunOptions.builder().params(Map.of("word", "flow")).scheduler(NO_WAIT).build();

    new AsyncFlow<>(define).runAsync(glossary, options).get(5, TimeUnit.SECONDS);

    assertThat(attempts).hasValue(4);
    assertThat(glossary.definitions()).containsEntry("flow", "(no definition: offline)");
  }

  @Test
  void checkAll_runsEveryItemAndReportsEveryFailure() {
    var flow = new AsyncFlow<>(new FlowCoreSamples.CheckAll());
    RunOptions options = RunOptions.builder().scheduler(NO_WAIT).build();

    assertThat(flow.runAsync(List.of("a", " ", "b", ""), options))
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(Exception.class)
        .havingCause()
        .isInstanceOfSatisfying(
            BatchFailedException.class, failed -> assertThat(failed.outcomes()).hasSize(4));
  }

  @Test
  void stepLimit_endsALoopAtTheLimit() {
    AtomicInteger steps = new AtomicInteger();
    Node<Object, Object, Object> decide =
        new Node<>() {
          @Override
          protected String post(Object shared, Object prep, Object exec, RunContext ctx) {
            steps.incrementAndGet();
            return "again";
          }
        };
    decide.next(decide, "again");

    FlowCoreSamples.stepLimit(new AsyncFlow<>(decide), new Object());

    assertThat(steps).hasValue(1_000);
  }

  @Test
  void logRetries_runsTheFlowThroughItsRetry() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> ended = new CompletableFuture<>();
    Node<Object, Object, Object> flaky =
        new Node<>(RetryPolicy.fixed(2, Duration.ZERO)) {
          @Override
          protected Object exec(Object prep, RunContext ctx) {
            if (attempts.incrementAndGet() == 1) {
              throw new IllegalStateException("first attempt fails");
            }
            return "ok";
          }

          @Override
          protected String post(Object shared, Object prep, Object exec, RunContext ctx) {
            ended.complete((String) exec);
            return null;
          }
        };

    FlowCoreSamples.logRetries(new AsyncFlow<>(flaky), new Object());

    assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void stepLimit_failsTheRunWithStepLimitExceeded() {
    Node<Object, Object, Object> loop =
        new Node<>() {
          @Override
          protected String post(Object shared, Object prep, Object exec, RunContext ctx) {
            return null;
          }
        };
    loop.next(loop);

    assertThatThrownBy(
            () ->
                new AsyncFlow<>(loop)
                    .runAsync(new Object(), RunOptions.builder().maxSteps(1_000).build())
                    .get(5, TimeUnit.SECONDS))
        .hasMessageContaining("step limit of 1000");
  }
}
