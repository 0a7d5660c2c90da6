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
 * <p>Instances are immutable and thread-safe.
 */
public final class ParallelPolicy {
  /** No limit: every item starts at once. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private static final ParallelPolicy DEFAULT =
      new ParallelPolicy(UNBOUNDED, FailurePolicy.FAIL_FAST);

  private final int maxConcurrency;
  private final FailurePolicy failurePolicy;

  private ParallelPolicy(int maxConcurrency, FailurePolicy failurePolicy) {
    this.maxConcurrency = maxConcurrency;
    this.failurePolicy = failurePolicy;
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
     * holds every {@link Outcome}, or succeeds when no item failed.
     */
    COLLECT_ALL
  }

  /**
   * Returns the default policy: unbounded, fail-fast.
   *
   * @return the default policy
   */
  public static ParallelPolicy unbounded() {
    return DEFAULT;
  }

  /**
   * Returns a fail-fast policy with at most {@code maxConcurrency} items in flight.
   *
   * @param maxConcurrency 1 or more
   * @return the policy
   * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
   */
  public static ParallelPolicy maxConcurrency(int maxConcurrency) {
    return DEFAULT.withMaxConcurrency(maxConcurrency);
  }

  /**
   * Returns a copy of this policy with another concurrency limit.
   *
   * @param maxConcurrency 1 or more, or {@link #UNBOUNDED}
   * @return the new policy
   * @throws IllegalArgumentException if {@code maxConcurrency} is less than 1
   */
  public ParallelPolicy withMaxConcurrency(int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be 1 or more, was " + maxConcurrency);
    }
    return new ParallelPolicy(maxConcurrency, failurePolicy);
  }

  /**
   * Returns a copy of this policy with another failure policy.
   *
   * @param failurePolicy what one failure does to the rest of the batch
   * @return the new policy
   */
  public ParallelPolicy withFailurePolicy(FailurePolicy failurePolicy) {
    return new ParallelPolicy(
        maxConcurrency, Objects.requireNonNull(failurePolicy, "failurePolicy"));
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
}
