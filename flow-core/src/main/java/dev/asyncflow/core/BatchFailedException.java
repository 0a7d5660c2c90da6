package dev.asyncflow.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Thrown in {@link ParallelPolicy.FailurePolicy#COLLECT_ALL} mode when at least one item of a
 * parallel batch failed. Every item ran to its end; {@link #outcomes()} holds each outcome in input
 * order, and each failure is also attached as a {@linkplain #getSuppressed() suppressed} exception.
 * The cause is the first failure in input order.
 *
 * <p>Immutable and thread-safe.
 */
public final class BatchFailedException extends FlowException {
  private static final long serialVersionUID = 1L;

  // Outcomes hold arbitrary values, so they are not serialized.
  private final transient @Nullable List<Outcome<?>> outcomes;

  /**
   * Creates the exception.
   *
   * @param batchName the name of the node or flow whose batch failed
   * @param outcomes every outcome, in input order; at least one is a failure
   * @throws IllegalArgumentException if no outcome is a failure
   */
  public BatchFailedException(String batchName, List<? extends Outcome<?>> outcomes) {
    super(message(batchName, outcomes), firstFailure(outcomes));
    List<Outcome<?>> copy = List.copyOf(outcomes);
    this.outcomes = copy;
    for (Outcome<?> outcome : copy) {
      if (!outcome.isSuccess() && outcome.error() != getCause()) {
        addSuppressed(outcome.error());
      }
    }
  }

  /**
   * Returns every outcome of the batch, in input order.
   *
   * @return an immutable list of outcomes; empty in a deserialized copy, as outcomes are not
   *     serialized
   */
  public List<Outcome<?>> outcomes() {
    List<Outcome<?>> all = outcomes;
    return all != null ? all : List.of();
  }

  private static String message(String batchName, List<? extends Outcome<?>> outcomes) {
    long failed = outcomes.stream().filter(o -> !o.isSuccess()).count();
    return failed + " of " + outcomes.size() + " items of '" + batchName + "' failed";
  }

  private static Throwable firstFailure(List<? extends Outcome<?>> outcomes) {
    for (Outcome<?> outcome : outcomes) {
      if (!outcome.isSuccess()) {
        return outcome.error();
      }
    }
    throw new IllegalArgumentException("outcomes has no failure");
  }
}
