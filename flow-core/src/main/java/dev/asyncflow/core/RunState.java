package dev.asyncflow.core;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What every machine of one run shares: the guarded listener, the scheduler, the jitter source and
 * the executor that continues work after a timer fires.
 */
final class RunState {
  final FlowListener listener;
  final Scheduler scheduler;
  private final @Nullable RandomGenerator random;
  final Executor resumeExecutor;

  RunState(RunOptions options, Executor resumeExecutor) {
    this.listener = CompositeListener.guard(options.listener());
    this.scheduler = options.scheduler();
    this.random = options.random();
    this.resumeExecutor = resumeExecutor;
  }

  RandomGenerator random() {
    return random != null ? random : ThreadLocalRandom.current();
  }
}
