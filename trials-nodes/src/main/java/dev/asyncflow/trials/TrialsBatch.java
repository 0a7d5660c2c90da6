package dev.asyncflow.trials;

import dev.asyncflow.trials.internal.BatchAnswer;
import dev.asyncflow.trials.internal.BatchGroups;
import dev.asyncflow.trials.internal.BatchRun;
import dev.asyncflow.trials.internal.Futures;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Searches ClinicalTrials.gov for many mutations at once: every input gets exactly one {@link
 * BatchOutcome}, a success with its studies (and summary) or a failure with its typed error,
 * however the searches fail.
 *
 * <pre>{@code
 * TrialsBatch batch = TrialsBatch.builder(client)
 *     .onProgress(p -> System.err.printf("%d/%d%n", p.done(), p.total()))
 *     .build();
 * List<BatchOutcome> outcomes = batch.run(List.of("EGFR L858R", "BRAF V600E")).join();
 * }</pre>
 *
 * <ul>
 *   <li>Inputs that differ only by case or surrounding spaces are searched once, and the answer is
 *       reported for each of them.
 *   <li>At most {@linkplain Builder#concurrency(int) concurrency} searches (with their summaries)
 *       run at once; by default the client's own limit ({@code maxConcurrency} of its service), so
 *       nothing waits in flow-http's queue. The client's rate limit and retries still apply to each
 *       request.
 *   <li>{@link #run(List)} collects the outcomes in input order; {@link #stream(List, Consumer)}
 *       hands each to a callback as it completes and keeps none, for inputs too many to hold.
 *   <li>Cancelling the returned future ends the batch at once: searches not yet started are never
 *       sent, and running ones are cancelled newest first, so calls still waiting for a permit are
 *       withdrawn before calls on the network release theirs. No outcome is reported after that.
 *   <li>{@link TrialsBatchNode} runs a batch as a node of an application's own flow.
 * </ul>
 *
 * <p>Within one run, callbacks (the progress listener, the outcome consumer) are called one at a
 * time, never concurrently, on the thread that completed the search (often a flow-http worker) or,
 * for outcomes known at once (an unusable input, a cached result), on the thread calling {@code
 * run} or {@code stream}. They should return quickly: a search keeps its slot until its outcomes
 * are delivered, so a slow callback holds back new searches rather than letting outcomes pile up.
 * One that throws (an {@code Error} too) ends the batch: running searches are cancelled and the
 * returned future fails with what it threw.
 *
 * <p>Thread-safe: one batch serves any number of runs at once; each run reports its own progress,
 * so a listener shared by concurrent runs is called by each of them, possibly at the same time.
 */
public final class TrialsBatch {
  private final ClinicalTrialsClient client;
  private final int concurrency;
  private final Function<String, StudyQuery> query;
  private final @Nullable TrialSummarizer summarizer;
  private final Consumer<? super BatchProgress> onProgress;

  private TrialsBatch(Builder builder) {
    this.client = builder.client;
    this.concurrency =
        builder.concurrency > 0 ? builder.concurrency : client.service().config().maxConcurrency();
    this.query = builder.query;
    this.summarizer = builder.summarizer;
    this.onProgress = builder.onProgress;
  }

  /**
   * Creates a batch of mutation searches ({@link StudyQuery#ofMutation(String)}) without summaries,
   * as many at once as the client allows.
   *
   * @param client the client that searches
   * @return the batch
   */
  public static TrialsBatch create(ClinicalTrialsClient client) {
    return builder(client).build();
  }

  /**
   * Returns a builder of a batch on {@code client}.
   *
   * @param client the client that searches
   * @return a new builder
   */
  public static Builder builder(ClinicalTrialsClient client) {
    return new Builder(client);
  }

  /**
   * Returns how many searches run at once.
   *
   * @return the concurrency
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Searches for every input and collects the outcomes in input order.
   *
   * @param inputs mutations (or whatever the {@linkplain Builder#query(Function) query function}
   *     reads), none null; a blank or unusable one fails its own outcome with {@link
   *     InvalidQueryException} and sends nothing
   * @return the outcomes, one per input, in input order; cancelling it cancels the batch; failed
   *     with a {@link NullPointerException} naming the position of a null input, before any request
   */
  public CompletableFuture<List<BatchOutcome>> run(List<String> inputs) {
    List<String> checked;
    try {
      checked = BatchGroups.copyOf(Objects.requireNonNull(inputs, "inputs"));
    } catch (NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
    AtomicReferenceArray<BatchOutcome> outcomes = new AtomicReferenceArray<>(checked.size());
    CompletableFuture<BatchProgress> progress =
        start(checked, outcome -> outcomes.set(outcome.index(), outcome));
    CompletableFuture<List<BatchOutcome>> collected = progress.thenApply(done -> inOrder(outcomes));
    Futures.cancelWith(collected, progress);
    return collected;
  }

  /**
   * Searches for every input and hands each outcome to {@code onOutcome} as it completes, keeping
   * none: memory stays bounded by the concurrency, not by the number of inputs.
   *
   * @param inputs as for {@link #run(List)}
   * @param onOutcome receives each input's outcome, in completion order (the inputs of one search
   *     one after another), never two at once
   * @return the final progress, once every input has had its outcome; cancelling it cancels the
   *     batch; failed with a {@link NullPointerException} naming the position of a null input,
   *     before any request
   */
  public CompletableFuture<BatchProgress> stream(
      List<String> inputs, Consumer<? super BatchOutcome> onOutcome) {
    List<String> checked;
    try {
      checked = BatchGroups.copyOf(Objects.requireNonNull(inputs, "inputs"));
      Objects.requireNonNull(onOutcome, "onOutcome");
    } catch (NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
    return start(checked, onOutcome);
  }

  private CompletableFuture<BatchProgress> start(
      List<String> checked, Consumer<? super BatchOutcome> onOutcome) {
    return BatchRun.start(checked, concurrency, this::answer, onOutcome, onProgress).result();
  }

  /**
   * Describes the batch's settings.
   *
   * @return such as {@code TrialsBatch[concurrency=4, summarizer=none]}
   */
  @Override
  public String toString() {
    return "TrialsBatch[concurrency="
        + concurrency
        + ", summarizer="
        + (summarizer == null ? "none" : summarizer.getClass().getSimpleName())
        + "]";
  }

  private CompletableFuture<BatchAnswer> answer(String text) {
    CompletableFuture<SearchResult> search = client.search(query.apply(text));
    CompletableFuture<BatchAnswer> answer = new CompletableFuture<>();
    AtomicReference<Future<?>> current = new AtomicReference<>(search);
    Futures.cancelWith(answer, current::get);
    Futures.whenDone(
        search,
        (result, failure) -> {
          if (failure != null) {
            answer.complete(BatchAnswer.failed(failure));
          } else if (result == null) {
            answer.complete(
                BatchAnswer.failed(new NullPointerException("the client's search gave null")));
          } else if (summarizer == null) {
            answer.complete(BatchAnswer.found(result, null));
          } else {
            summarize(text, result, summarizer, answer, current);
          }
        });
    return answer;
  }

  private static void summarize(
      String topic,
      SearchResult result,
      TrialSummarizer summarizer,
      CompletableFuture<BatchAnswer> answer,
      AtomicReference<Future<?>> current) {
    CompletableFuture<TrialSummary> summary;
    try {
      summary = Objects.requireNonNull(summarizer.summarize(topic, result.studies()), "summary");
    } catch (RuntimeException e) {
      answer.complete(BatchAnswer.failed(e));
      return;
    }
    current.set(summary);
    if (answer.isCancelled()) {
      summary.cancel(true);
    }
    Futures.whenDone(
        summary,
        (written, failure) ->
            answer.complete(
                failure != null
                    ? BatchAnswer.failed(failure)
                    : written == null
                        ? BatchAnswer.failed(new NullPointerException("the summarizer gave null"))
                        : BatchAnswer.found(result, written)));
  }

  private static List<BatchOutcome> inOrder(AtomicReferenceArray<BatchOutcome> outcomes) {
    BatchOutcome[] array = new BatchOutcome[outcomes.length()];
    for (int i = 0; i < array.length; i++) {
      array[i] = outcomes.get(i);
    }
    return List.of(array);
  }

  /** Builds a {@link TrialsBatch}. Not thread-safe. */
  public static final class Builder {
    private final ClinicalTrialsClient client;
    private int concurrency;
    private Function<String, StudyQuery> query = StudyQuery::ofMutation;
    private @Nullable TrialSummarizer summarizer;
    private Consumer<? super BatchProgress> onProgress = progress -> {};

    private Builder(ClinicalTrialsClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Sets how many searches (each with its summary) run at once. Default: the client service's
     * {@code maxConcurrency}. Above it, the extra searches wait in flow-http's queue of the
     * service; beyond its {@code maxQueued}, or after its {@code acquireTimeout}, they fail (as
     * {@link ClinicalTrialsUnreachableException} outcomes).
     *
     * @param concurrency at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code concurrency} is below 1
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets how an input becomes a query. Default {@link StudyQuery#ofMutation(String)}; for example
     * {@code m -> StudyQuery.builder().term(m).maxResults(10).build()} for the first page of a
     * plain term search. It receives the input trimmed; what it throws fails that input.
     *
     * @param query turns an input into a query
     * @return this builder
     */
    public Builder query(Function<String, StudyQuery> query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /**
     * Summarizes each input's studies with {@code summarizer} (topic: the trimmed input). Default:
     * no summaries. A summary that fails fails its input's outcome with the summarizer's error.
     *
     * @param summarizer the summarizer
     * @return this builder
     */
    public Builder summarizer(TrialSummarizer summarizer) {
      this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
      return this;
    }

    /**
     * Sets the listener told the progress of a run after each outcome (called one at a time; should
     * return quickly).
     *
     * @param onProgress the listener
     * @return this builder
     */
    public Builder onProgress(Consumer<? super BatchProgress> onProgress) {
      this.onProgress = Objects.requireNonNull(onProgress, "onProgress");
      return this;
    }

    /**
     * Builds the batch.
     *
     * @return the batch
     */
    public TrialsBatch build() {
      return new TrialsBatch(this);
    }
  }
}
