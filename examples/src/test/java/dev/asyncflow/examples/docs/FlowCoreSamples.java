package dev.asyncflow.examples.docs;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.AsyncParallelBatchNode;
import dev.asyncflow.core.BaseNode;
import dev.asyncflow.core.FlowListener;
import dev.asyncflow.core.ParallelPolicy;
import dev.asyncflow.core.RetryPolicy;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.core.RunOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The code of docs/flow-core.md. */
final class FlowCoreSamples {

  /** The caller's shared store of the custom-node sample. */
  record Glossary(Map<String, String> definitions) {}

  /** The service the custom-node sample calls. */
  interface Dictionary {
    CompletionStage<String> lookUp(String word);
  }

  // docs:docs/flow-core.md#custom-node begin
  /** Looks a word up; the shared store is a record of the caller's. */
  final class Define extends AsyncNode<Glossary, String, String> {
    private final Dictionary dictionary; // configuration, not per-run state

    Define(Dictionary dictionary) {
      super(
          RetryPolicy.builder()
              .maxAttempts(4)
              .delay(Duration.ofMillis(100))
              .backoff(2.0, Duration.ofSeconds(2)) // 100, 200, 400 ms ...
              .jitter(0.5) // ... each cut by up to half
              .build());
      this.dictionary = dictionary;
    }

    @Override
    protected CompletionStage<String> prepAsync(Glossary shared, RunContext ctx) {
      return CompletableFuture.completedFuture(ctx.param("word", String.class));
    }

    @Override
    protected CompletionStage<String> execAsync(String word, RunContext ctx) {
      return dictionary.lookUp(word); // a CompletionStage; never block here
    }

    @Override
    protected CompletionStage<String> execFallbackAsync(
        String word, Exception error, RunContext ctx) {
      return CompletableFuture.completedFuture("(no definition: " + error.getMessage() + ")");
    }

    @Override
    protected CompletionStage<String> postAsync(
        Glossary shared, String word, String definition, RunContext ctx) {
      shared.definitions().put(word, definition);
      return CompletableFuture.completedFuture(null); // default action
    }
  }

  // docs:docs/flow-core.md#custom-node end

  /** A parallel batch node that checks every item and reports all failures together. */
  static final class CheckAll extends AsyncParallelBatchNode<List<String>, String, String> {
    CheckAll() {
      // docs:docs/flow-core.md#parallel-policy begin
      super(
          RetryPolicy.fixed(3, Duration.ofSeconds(1)),
          ParallelPolicy.builder()
              .maxConcurrency(8)
              .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
              .build());
      // docs:docs/flow-core.md#parallel-policy end
    }

    @Override
    protected CompletionStage<List<String>> prepAsync(List<String> words, RunContext ctx) {
      return CompletableFuture.completedFuture(words);
    }

    @Override
    protected CompletionStage<String> execAsync(String word, RunContext ctx) {
      return word.isBlank()
          ? CompletableFuture.failedFuture(new IllegalArgumentException("blank word"))
          : CompletableFuture.completedFuture(word.toUpperCase(Locale.ROOT));
    }
  }

  /** Runs {@code agent} with a step limit of 1,000. */
  static <S> void stepLimit(AsyncFlow<S> agent, S shared) {
    // docs:docs/flow-core.md#step-limit begin
    RunOptions options = RunOptions.builder().maxSteps(1_000).build();
    agent.runAsync(shared, options); // fails instead of looping forever
    // docs:docs/flow-core.md#step-limit end
  }

  /** Runs {@code flow} with a listener that prints every retry. */
  static <S> void logRetries(AsyncFlow<S> flow, S shared) {
    // docs:docs/flow-core.md#listener begin
    FlowListener log =
        new FlowListener() {
          @Override
          public void retryScheduled(
              BaseNode<?> node, RunContext ctx, Throwable error, Duration delay) {
            // ctx.attempt() is 0-based: the first attempt is attempt 0
            System.out.printf(
                "%s attempt %d failed (%s); retrying in %s%n",
                node, ctx.attempt() + 1, error, delay);
          }
        };
    flow.runAsync(shared, RunOptions.builder().listener(log).build());
    // docs:docs/flow-core.md#listener end
  }
}
