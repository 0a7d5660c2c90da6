package dev.asyncflow.core;

import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What one run gets besides its shared store: the initial params, a listener, the scheduler for
 * retry waits and timeouts, and the random source for retry jitter.
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
  private static final RunOptions DEFAULTS = new Builder().build();

  private final Map<String, Object> params;
  private final FlowListener listener;
  private final Scheduler scheduler;
  private final @Nullable RandomGenerator random;

  private RunOptions(Builder builder) {
    this.params = builder.params;
    this.listener = builder.listener;
    this.scheduler = builder.scheduler;
    this.random = builder.random;
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

    private Builder() {}

    private Builder(RunOptions options) {
      this.params = options.params;
      this.listener = options.listener;
      this.scheduler = options.scheduler;
      this.random = options.random;
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
     * Builds the options.
     *
     * @return new immutable options
     */
    public RunOptions build() {
      return new RunOptions(this);
    }
  }
}
