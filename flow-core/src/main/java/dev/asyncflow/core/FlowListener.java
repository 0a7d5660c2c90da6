package dev.asyncflow.core;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Receives the events of a run: flows and nodes starting, finishing and failing, retries being
 * scheduled and fallbacks being taken.
 *
 * <p>Every method does nothing by default, so new events never break an implementation. A listener
 * must not throw: if it does, the exception (anything but a {@link VirtualMachineError}) is logged
 * through {@link System.Logger} and the run goes on as if the listener had returned. Events for one
 * node or flow come in order (started, then retries and fallbacks, then finished or failed), but
 * events of parallel items interleave and may arrive on different threads, so implementations must
 * be thread-safe.
 *
 * <p>A nested flow reports {@code flowStarted}/{@code flowFinished}; other nodes report {@code
 * nodeStarted}/{@code nodeFinished}. A cancelled or timed-out node reports {@code nodeFailed} with
 * the {@link java.util.concurrent.CancellationException} or {@link NodeTimeoutException}.
 */
public abstract class FlowListener {

  /** A listener that ignores every event. */
  public static final FlowListener NONE = new FlowListener() {};

  /** Creates a listener. */
  protected FlowListener() {}

  /**
   * Returns a listener that forwards every event to each of {@code listeners} in order. A listener
   * that throws does not stop the others from being called.
   *
   * @param listeners the listeners to call
   * @return a composite listener
   * @throws NullPointerException if one of the listeners is null
   */
  public static FlowListener composite(FlowListener... listeners) {
    return new CompositeListener(List.of(listeners));
  }

  /**
   * Returns a listener that forwards every event to each of {@code listeners} in list order. A
   * listener that throws does not stop the others from being called. The list is copied, so later
   * changes to it do not change the composite.
   *
   * @param listeners the listeners to call
   * @return a composite listener
   * @throws NullPointerException if the list or one of its elements is null
   */
  public static FlowListener composite(List<? extends FlowListener> listeners) {
    return new CompositeListener(List.copyOf(listeners));
  }

  /**
   * A flow, top-level or nested, is about to run its {@code prep}.
   *
   * @param flow the flow
   * @param context the run's params
   */
  public void flowStarted(BaseNode<?> flow, RunContext context) {}

  /**
   * A flow finished.
   *
   * @param flow the flow
   * @param context the run's params
   * @param action the action its {@code post} returned
   */
  public void flowFinished(BaseNode<?> flow, RunContext context, @Nullable String action) {}

  /**
   * A flow failed, was cancelled or timed out.
   *
   * @param flow the flow
   * @param context the run's params
   * @param error what ended it
   */
  public void flowFailed(BaseNode<?> flow, RunContext context, Throwable error) {}

  /**
   * A node is about to run its {@code prep}.
   *
   * @param node the node
   * @param context the run's params
   */
  public void nodeStarted(BaseNode<?> node, RunContext context) {}

  /**
   * A node finished.
   *
   * @param node the node
   * @param context the run's params
   * @param action the action its {@code post} returned
   */
  public void nodeFinished(BaseNode<?> node, RunContext context, @Nullable String action) {}

  /**
   * A node failed, was cancelled or timed out.
   *
   * @param node the node
   * @param context the run's params
   * @param error what ended it
   */
  public void nodeFailed(BaseNode<?> node, RunContext context, Throwable error) {}

  /**
   * An attempt of {@code exec} failed and another will follow after {@code delay}.
   *
   * @param node the node
   * @param context the failed attempt's context ({@link RunContext#attempt()} is 0-based)
   * @param error why the attempt failed
   * @param delay the wait before the next attempt
   */
  public void retryScheduled(
      BaseNode<?> node, RunContext context, Throwable error, Duration delay) {}

  /**
   * The last attempt of {@code exec} failed and {@code execFallback} is about to be called.
   *
   * @param node the node
   * @param context the last attempt's context
   * @param error why the last attempt failed
   */
  public void fallbackInvoked(BaseNode<?> node, RunContext context, Throwable error) {}
}
