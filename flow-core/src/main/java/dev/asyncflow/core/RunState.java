package dev.asyncflow.core;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What every machine of one run shares: the guarded listener, the scheduler, the jitter source, the
 * executor that continues work after a timer fires, and the step count.
 */
final class RunState {
  private static final AtomicIntegerFieldUpdater<RunState> STEPS =
      AtomicIntegerFieldUpdater.newUpdater(RunState.class, "steps");

  final FlowListener listener;
  final Scheduler scheduler;
  private final @Nullable RandomGenerator random;
  final Executor resumeExecutor;
  private final int maxSteps;
  private volatile int steps;

  RunState(RunOptions options, Executor resumeExecutor) {
    this.listener = CompositeListener.guard(options.listener());
    this.scheduler = options.scheduler();
    this.random = options.random();
    this.resumeExecutor = resumeExecutor;
    this.maxSteps = options.maxSteps();
  }

  /**
   * Counts one step, a node that a flow of this run is about to enter, and returns the failure when
   * it exceeds the run's limit. An unlimited run counts nothing, so the check costs one comparison.
   */
  @Nullable StepLimitExceededException countStep(BaseNode<?> node) {
    if (maxSteps == RunOptions.UNLIMITED_STEPS) {
      return null;
    }
    int step = STEPS.incrementAndGet(this);
    return step > maxSteps ? new StepLimitExceededException(maxSteps, node.name(), this) : null;
  }

  RandomGenerator random() {
    return random != null ? random : ThreadLocalRandom.current();
  }
}
