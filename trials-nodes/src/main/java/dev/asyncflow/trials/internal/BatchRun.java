package dev.asyncflow.trials.internal;

import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.BatchProgress;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One run of a batch: starts at most {@code concurrency} queries at once, in the order of their
 * groups, and hands every input's outcome to a sink, one at a time, followed by the progress.
 *
 * <p>Two serial loops keep it non-blocking and flat on the stack: one starts queries, one delivers
 * outcomes; a thread that finds a loop running leaves its work to that loop. Cancelling {@link
 * #result()} (or a sink that throws) stops both: queries not yet started are never sent, and the
 * running ones are cancelled newest first, so that calls still waiting for a flow-http permit are
 * withdrawn before the calls on the network free theirs.
 */
public final class BatchRun {
  private final List<String> inputs;
  private final List<BatchGroups.Group> groups;
  private final Function<String, CompletableFuture<BatchAnswer>> answers;
  private final Consumer<? super BatchOutcome> sink;
  private final Consumer<? super BatchProgress> progress;
  private final int concurrency;
  private final CompletableFuture<BatchProgress> result = new CompletableFuture<>();
  private final AtomicReferenceArray<CompletableFuture<BatchAnswer>> running;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger starting = new AtomicInteger();
  private final AtomicInteger delivering = new AtomicInteger();
  private final Queue<Answered> undelivered = new ConcurrentLinkedQueue<>();
  private int nextGroup;

  /** A group's answer waiting for delivery. */
  private record Answered(int group, BatchAnswer answer) {}

  private int successes;
  private int failures;

  private BatchRun(
      List<String> inputs,
      List<BatchGroups.Group> groups,
      int concurrency,
      Function<String, CompletableFuture<BatchAnswer>> answers,
      Consumer<? super BatchOutcome> sink,
      Consumer<? super BatchProgress> progress) {
    this.inputs = inputs;
    this.groups = groups;
    this.concurrency = concurrency;
    this.answers = answers;
    this.sink = sink;
    this.progress = progress;
    this.running = new AtomicReferenceArray<>(groups.size());
  }

  /**
   * Starts a run.
   *
   * @param inputs the inputs, none null, as {@link BatchGroups#copyOf(List)} returns them
   * @param concurrency how many queries may run at once
   * @param answers answers one group's text; its future must not fail (failures are answers)
   * @param sink receives each input's outcome, in completion order, never two at once
   * @param progress receives the progress after each outcome
   * @return the run; its result completes with the final progress once every input has its outcome
   */
  public static BatchRun start(
      List<String> inputs,
      int concurrency,
      Function<String, CompletableFuture<BatchAnswer>> answers,
      Consumer<? super BatchOutcome> sink,
      Consumer<? super BatchProgress> progress) {
    List<BatchGroups.Group> groups = BatchGroups.of(inputs);
    BatchRun run = new BatchRun(List.copyOf(inputs), groups, concurrency, answers, sink, progress);
    Futures.whenDone(run.result, (value, failure) -> run.cancelRunning());
    if (inputs.isEmpty()) {
      run.result.complete(new BatchProgress(0, 0, 0, 0));
    } else {
      run.startQueries();
    }
    return run;
  }

  /**
   * Returns the future of the run: cancelling it cancels the batch.
   *
   * @return the future of the final progress
   */
  public CompletableFuture<BatchProgress> result() {
    return result;
  }

  private void startQueries() {
    if (starting.getAndIncrement() != 0) {
      return;
    }
    do {
      while (!result.isDone() && nextGroup < groups.size() && inFlight.get() < concurrency) {
        start(nextGroup++);
      }
    } while (starting.decrementAndGet() != 0);
  }

  private void start(int group) {
    inFlight.incrementAndGet();
    CompletableFuture<BatchAnswer> answer = answerOf(groups.get(group).text());
    running.set(group, answer);
    if (result.isDone()) {
      answer.cancel(true);
    }
    Futures.whenDone(answer, (value, failure) -> answered(group, value, failure));
  }

  private CompletableFuture<BatchAnswer> answerOf(String text) {
    try {
      return Objects.requireNonNull(answers.apply(text), "the answer's future");
    } catch (Throwable e) {
      return CompletableFuture.completedFuture(BatchAnswer.failed(e));
    }
  }

  private void answered(int group, @Nullable BatchAnswer answer, @Nullable Throwable failure) {
    running.set(group, null);
    if (result.isDone()) {
      return;
    }
    BatchAnswer settled =
        answer != null ? answer : BatchAnswer.failed(Objects.requireNonNull(failure));
    undelivered.add(new Answered(group, settled));
    deliver();
  }

  /**
   * Delivers the answered groups, each group's outcomes one after another. A group keeps its slot
   * until its outcomes are delivered, so a slow consumer holds back new searches instead of letting
   * outcomes pile up.
   */
  private void deliver() {
    if (delivering.getAndIncrement() != 0) {
      return;
    }
    do {
      Answered answered;
      while (!result.isDone() && (answered = undelivered.poll()) != null) {
        deliverGroup(answered);
        inFlight.decrementAndGet();
        startQueries();
      }
    } while (delivering.decrementAndGet() != 0);
  }

  private void deliverGroup(Answered answered) {
    for (int index : groups.get(answered.group()).indexes()) {
      if (result.isDone()) {
        return;
      }
      deliverOne(answered.answer().outcome(index, inputs.get(index)));
    }
  }

  private void deliverOne(BatchOutcome outcome) {
    if (outcome.isSuccess()) {
      successes++;
    } else {
      failures++;
    }
    BatchProgress now = new BatchProgress(successes + failures, inputs.size(), successes, failures);
    try {
      sink.accept(outcome);
      progress.accept(now);
    } catch (Throwable e) {
      // An Error too: the run must end, not wait forever for a delivery loop that is gone.
      result.completeExceptionally(e);
      return;
    }
    if (now.isComplete()) {
      result.complete(now);
    }
  }

  private void cancelRunning() {
    undelivered.clear();
    for (int group = running.length() - 1; group >= 0; group--) {
      CompletableFuture<BatchAnswer> answer = running.getAndSet(group, null);
      if (answer != null) {
        answer.cancel(true);
      }
    }
  }
}
