package dev.asyncflow.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a parallel batch ({@link AsyncParallelBatchNode}, {@link AsyncParallelBatchFlow}) runs its
 * items: how many at once, and what one failure does to the others.
 *
 * <p>The default is PocketFlow's unbounded concurrency with {@link FailurePolicy#FAIL_FAST}.
 * Results always keep the input order, whatever order items finish in.
 *
 * <pre>{@code
 * ParallelPolicy policy = ParallelPolicy.builder()
 *     .maxConcurrency(8)
 *     .failurePolicy(ParallelPolicy.FailurePolicy.COLLECT_ALL)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; a builder is not thread-safe, and changing it after
 * {@link Builder#build()} does not change policies already built.
 */
public final class ParallelPolicy {
  /** No limit: every item starts at once. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private static final ParallelPolicy DEFAULTS = new Builder().build();

  private final int maxConcurrency;
  private final FailurePolicy failurePolicy;

  private ParallelPolicy(Builder builder) {
    this.maxConcurrency = builder.maxConcurrency;
    this.failurePolicy = builder.failurePolicy;
  }

  /** What happens to the rest of a parallel batch when one item fails. */
  public enum FailurePolicy {
    /**
     * The first failure fails the whole batch at once; items still running are cancelled and no
     * further item starts. PocketFlow leaves the siblings running; asyncflow does not.
     */
    FAIL_FAST,
    /**
     * Every item runs to its end; the batch then fails with a {@link BatchFailedException} that
     * holds every {@link Outcome}, or succeeds when no item failed. One failure still ends the
     * batch at once: the run's own {@linkplain RunOptions.Builder#maxSteps(int) step limit}, which
     * ends the whole run.
     */
    COLLECT_ALL
  }

  /**
   * Returns the default policy: unbounded, fail-fast.
   *
   * @return the default policy
   */
  public static ParallelPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns the unbounded, fail-fast policy: the default, named for where it reads better.
   *
   * @return the default policy
   */
  public static ParallelPolicy unbounded() {
    return DEFAULTS;
  }

  /**
   * Returns a fail-fast policy with at most {@code maxConcurrency} items in flight.
   *
   * @param maxConcurrency 1 or more
   * @return the policy
   * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
   */
  public static ParallelPolicy maxConcurrency(int maxConcurrency) {
    return builder().maxConcurrency(maxConcurrency).build();
  }

  /**
   * Returns a builder starting from the default policy.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from the settings of {@code policy}.
   *
   * @param policy the policy to start from
   * @return a new builder; changing it does not change {@code policy}
   */
  public static Builder builder(ParallelPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Returns the most items in flight at once.
   *
   * @return the limit, or {@link #UNBOUNDED}
   */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Returns what one failure does to the rest of the batch.
   *
   * @return the failure policy
   */
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ParallelPolicy
        && ((ParallelPolicy) o).maxConcurrency == maxConcurrency
        && ((ParallelPolicy) o).failurePolicy == failurePolicy;
  }

  @Override
  public int hashCode() {
    return 31 * maxConcurrency + failurePolicy.hashCode();
  }

  @Override
  public String toString() {
    String limit = maxConcurrency == UNBOUNDED ? "unbounded" : String.valueOf(maxConcurrency);
    return "ParallelPolicy{maxConcurrency=" + limit + ", failurePolicy=" + failurePolicy + "}";
  }

  /**
   * Builds a {@link ParallelPolicy}. Every setter validates its argument and names it in the error.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private int maxConcurrency = UNBOUNDED;
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;

    private Builder() {}

    private Builder(ParallelPolicy policy) {
      this.maxConcurrency = policy.maxConcurrency;
      this.failurePolicy = policy.failurePolicy;
    }

    /**
     * Sets the most items in flight at once.
     *
     * @param maxConcurrency 1 or more, or {@link #UNBOUNDED}; default {@link #UNBOUNDED}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "maxConcurrency must be 1 or more, was " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * Sets what one failure does to the rest of the batch.
     *
     * @param failurePolicy the failure policy; default {@link FailurePolicy#FAIL_FAST}
     * @return this builder
     */
    public Builder failurePolicy(FailurePolicy failurePolicy) {
      this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
      return this;
    }

    /**
     * Builds the policy from the current settings.
     *
     * @return a new immutable policy
     */
    public ParallelPolicy build() {
      return new ParallelPolicy(this);
    }
  }
}
