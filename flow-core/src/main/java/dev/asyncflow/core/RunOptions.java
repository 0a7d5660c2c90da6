package dev.asyncflow.core;

import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What one run gets besides its shared store: the initial params, a listener, the scheduler for
 * retry waits and timeouts, the random source for retry jitter, and an optional step limit.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *     .params(Map.of("mutation", "EGFR L858R"))
 *     .listener(myListener)
 *     .build();
 * flow.runAsync(shared, options);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe and may be shared by any number of runs. The
 * scheduler, the listener and the random source must then be thread-safe too.
 */
public final class RunOptions {
  /** The {@link #maxSteps()} of a run without a step limit. */
  static final int UNLIMITED_STEPS = Integer.MAX_VALUE;

  private static final RunOptions DEFAULTS = new Builder().build();

  private final Map<String, Object> params;
  private final FlowListener listener;
  private final Scheduler scheduler;
  private final @Nullable RandomGenerator random;
  private final int maxSteps;

  private RunOptions(Builder builder) {
    this.params = builder.params;
    this.listener = builder.listener;
    this.scheduler = builder.scheduler;
    this.random = builder.random;
    this.maxSteps = builder.maxSteps;
  }

  /**
   * Returns the defaults: no params, no listener, {@link Scheduler#systemDefault()} and {@link
   * java.util.concurrent.ThreadLocalRandom} jitter.
   *
   * @return the default options
   */
  public static RunOptions ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from the settings of {@code options}.
   *
   * @param options the options to start from
   * @return a new builder; changing it does not change {@code options}
   */
  public static Builder builder(RunOptions options) {
    return new Builder(Objects.requireNonNull(options, "options"));
  }

  /**
   * Returns the params every node of the run sees.
   *
   * @return an immutable map
   */
  public Map<String, Object> params() {
    return params;
  }

  /**
   * Returns the run's listener.
   *
   * @return the listener, {@link FlowListener#NONE} by default
   */
  public FlowListener listener() {
    return listener;
  }

  /**
   * Returns the scheduler for retry waits and timeouts.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Returns the random source for retry jitter, or null for {@link
   * java.util.concurrent.ThreadLocalRandom}.
   *
   * @return the random source, or null
   */
  public @Nullable RandomGenerator random() {
    return random;
  }

  /**
   * Returns how many steps the run may take; see {@link Builder#maxSteps(int)} for what a step is.
   *
   * @return the step limit; {@link Integer#MAX_VALUE}, the default, means no limit
   */
  public int maxSteps() {
    return maxSteps;
  }

  @Override
  public String toString() {
    // Param names only: their values may be secrets.
    return "RunOptions{params="
        + params.keySet()
        + ", listener="
        + listener
        + ", scheduler="
        + scheduler
        + ", random="
        + (random == null ? "ThreadLocalRandom" : random)
        + ", maxSteps="
        + (maxSteps == UNLIMITED_STEPS ? "unlimited" : String.valueOf(maxSteps))
        + "}";
  }

  /**
   * Builds {@link RunOptions}. Not thread-safe; a built instance does not change when the builder
   * does.
   */
  public static final class Builder {
    private Map<String, Object> params = Map.of();
    private FlowListener listener = FlowListener.NONE;
    private Scheduler scheduler = Scheduler.systemDefault();
    private @Nullable RandomGenerator random;
    private int maxSteps = UNLIMITED_STEPS;

    private Builder() {}

    private Builder(RunOptions options) {
      this.params = options.params;
      this.listener = options.listener;
      this.scheduler = options.scheduler;
      this.random = options.random;
      this.maxSteps = options.maxSteps;
    }

    /**
     * Sets the params of the run (PocketFlow's {@code set_params} on the top-level flow).
     *
     * @param params names to values; neither may be null
     * @return this builder
     * @throws NullPointerException if a key or value is null
     */
    public Builder params(Map<String, ?> params) {
      this.params = RunContext.copyParams(params);
      return this;
    }

    /**
     * Sets the listener. Use {@link FlowListener#composite(FlowListener...)} for several.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(FlowListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the scheduler for retry waits and timeouts.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the random source for retry jitter; seed it to make waits repeatable in tests. It is
     * called from whichever thread schedules a retry, concurrently when runs overlap or items of a
     * parallel batch retry at once, so it must be thread-safe ({@link java.util.Random} is).
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Limits the number of steps of the run, as LangGraph4j's recursion limit does, so that a flow
     * that loops without end fails instead of running forever. A flow whose stages all complete
     * synchronously runs entirely inside {@code runAsync}, on the calling thread; without a limit,
     * such a loop could not be stopped, as the caller never gets the future to cancel.
     *
     * <p>A step is the start of one node's run by a flow of this run: every node a flow enters
     * counts, each time it enters it, nested flows included (a nested flow is a step, and so is
     * each node it runs) as are the nodes of every graph run of a batch flow, concurrent runs of a
     * parallel batch flow counting against the same limit. Not steps: the node or flow the run was
     * started on, the items of a batch node, and retries of {@code exec}. So with a limit of {@code
     * n}, a flow that loops on one node runs that node {@code n} times.
     *
     * <p>When a flow is about to enter a node that would be step {@code maxSteps + 1}, the node
     * does not start and the run fails with a {@link StepLimitExceededException} naming it; every
     * enclosing flow fails with it too, and a parallel batch flow cancels its other runs, in
     * collect-all mode as well.
     *
     * @param maxSteps a positive limit; {@link Integer#MAX_VALUE}, the default, means no limit
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSteps} is zero or negative
     */
    public Builder maxSteps(int maxSteps) {
      if (maxSteps <= 0) {
        throw new IllegalArgumentException("maxSteps must be positive, was " + maxSteps);
      }
      this.maxSteps = maxSteps;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return new immutable options
     */
    public RunOptions build() {
      return new RunOptions(this);
    }
  }
}
