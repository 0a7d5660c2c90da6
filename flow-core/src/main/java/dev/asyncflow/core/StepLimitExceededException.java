package dev.asyncflow.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown through a run's future when the run would take more steps than its {@linkplain
 * RunOptions.Builder#maxSteps(int) step limit} allows: a flow was about to enter one node more. The
 * node named did not start, nor did any node after it.
 *
 * <p>Immutable and thread-safe.
 */
public final class StepLimitExceededException extends FlowException {
  private static final long serialVersionUID = 1L;

  /** The step limit of the run. */
  private final int limit;

  /** The name of the node that would have been the step beyond the limit. */
  private final String nodeName;

  /** The run that raised it, so that only that run's batches treat it as the end of the run. */
  private final transient @Nullable Object run;

  /**
   * Creates the exception.
   *
   * @param limit the run's step limit
   * @param nodeName the name of the node that would have been step {@code limit + 1}
   */
  public StepLimitExceededException(int limit, String nodeName) {
    this(limit, nodeName, null);
  }

  StepLimitExceededException(int limit, String nodeName, @Nullable Object run) {
    super(
        "run exceeded its step limit of "
            + limit
            + " at node '"
            + nodeName
            + "' (step "
            + ((long) limit + 1)
            + ")");
    this.limit = limit;
    this.nodeName = nodeName;
    this.run = run;
  }

  /**
   * Returns the run's step limit.
   *
   * @return the limit the run exceeded
   */
  public int limit() {
    return limit;
  }

  /**
   * Returns the name of the node that would have been the step beyond the limit.
   *
   * @return the node's name
   */
  public String nodeName() {
    return nodeName;
  }

  /** Whether {@code state}'s own step limit raised this, rather than a run nested in a hook. */
  boolean raisedBy(RunState state) {
    return run == state;
  }
}
