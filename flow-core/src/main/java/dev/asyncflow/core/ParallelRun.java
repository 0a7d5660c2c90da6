package dev.asyncflow.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code size} tasks with at most {@code maxConcurrency} in flight and gathers their results
 * in input order. Sequential batches use it with a limit of one.
 *
 * <p>In fail-fast mode the first failure completes this future and cancels every task still
 * running; in collect-all mode the result is the list of every {@link Outcome}. A step limit
 * exceeded ends the whole run, so it fails the batch at once in either mode. Starting tasks goes
 * through a trampoline, so tasks that complete synchronously never nest on the stack. Completing
 * this future from outside cancels the running tasks.
 */
final class ParallelRun extends Trampoline<List<?>> {

  private final RunState run;
  private final IntFunction<CompletableFuture<?>> task;
  private final @Nullable String failWithName;
  private final int size;
  private final int maxConcurrency;
  private final boolean failFast;
  private final @Nullable Object[] values;
  private final @Nullable Throwable[] errors;
  private final AtomicReferenceArray<CompletableFuture<?>> running;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private int nextIndex;

  private ParallelRun(
      int size,
      ParallelPolicy policy,
      RunState run,
      IntFunction<CompletableFuture<?>> task,
      @Nullable String failWithName) {
    this.run = run;
    this.task = task;
    this.failWithName = failWithName;
    this.size = size;
    this.maxConcurrency = policy.maxConcurrency();
    this.failFast = policy.failurePolicy() == ParallelPolicy.FailurePolicy.FAIL_FAST;
    this.values = new Object[size];
    this.errors = new Throwable[size];
    this.running = new AtomicReferenceArray<>(size);
  }

  /**
   * Starts the tasks. The future's value is a list of results (fail-fast) or of {@link Outcome}s
   * (collect-all), in input order.
   */
  static ParallelRun start(
      int size, ParallelPolicy policy, RunState run, IntFunction<CompletableFuture<?>> task) {
    return start(size, policy, run, task, null);
  }

  /**
   * Starts the tasks. In collect-all mode, when {@code failWithName} is given and any task failed,
   * the future fails with a {@link BatchFailedException} naming it instead of yielding outcomes.
   */
  static ParallelRun start(
      int size,
      ParallelPolicy policy,
      RunState run,
      IntFunction<CompletableFuture<?>> task,
      @Nullable String failWithName) {
    ParallelRun tasks = new ParallelRun(size, policy, run, task, failWithName);
    if (size == 0) {
      tasks.completeQuietly(List.of());
    } else {
      tasks.drain();
    }
    return tasks;
  }

  @Override
  void pump() {
    if (stopped()) {
      cancelRunning();
      return;
    }
    while (!stopped() && nextIndex < size && inFlight.get() < maxConcurrency) {
      int index = nextIndex++;
      inFlight.incrementAndGet();
      CompletableFuture<?> future = startTask(index);
      running.set(index, future);
      future.whenComplete((value, error) -> onFinished(index, future));
    }
  }

  private boolean stopped() {
    return stopCause() != null || isDone();
  }

  private CompletableFuture<?> startTask(int index) {
    try {
      return task.apply(index);
    } catch (RuntimeException | Error e) {
      return Stages.failed(e);
    }
  }

  /** Whether {@code error} is this run's own step limit, which ends the run in either mode. */
  private boolean endsTheRun(Throwable error) {
    return error instanceof StepLimitExceededException limit && limit.raisedBy(run);
  }

  private void onFinished(int index, CompletableFuture<?> future) {
    running.set(index, null);
    Throwable error = Stages.failureOf(future);
    if (error == null) {
      values[index] = future.getNow(null);
    } else {
      errors[index] = error;
      if ((failFast || endsTheRun(error)) && stopCause() == null) {
        completeExceptionally(Stages.encode(error));
      }
    }
    inFlight.decrementAndGet();
    if (finished.incrementAndGet() == size) {
      if (stopCause() == null) {
        finish();
      }
    } else {
      drain();
    }
  }

  private void finish() {
    if (failFast) {
      completeQuietly(Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values))));
      return;
    }
    List<Outcome<?>> outcomes = new ArrayList<>(size);
    boolean anyFailed = false;
    for (int i = 0; i < size; i++) {
      Throwable error = errors[i];
      anyFailed |= error != null;
      outcomes.add(error == null ? Outcome.success(values[i]) : Outcome.failure(error));
    }
    if (anyFailed && failWithName != null) {
      failQuietly(new BatchFailedException(failWithName, outcomes));
    } else {
      completeQuietly(Collections.unmodifiableList(outcomes));
    }
  }

  private void cancelRunning() {
    for (int i = 0; i < size; i++) {
      CompletableFuture<?> future = running.getAndSet(i, null);
      if (future != null) {
        future.cancel(true);
      }
    }
  }
}
