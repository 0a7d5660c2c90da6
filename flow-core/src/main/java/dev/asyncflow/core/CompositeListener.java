package dev.asyncflow.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Forwards each event to one or more listeners. Whatever a listener throws is logged and swallowed,
 * so it reaches neither the other listeners nor the run.
 */
final class CompositeListener extends FlowListener {
  private static final System.Logger LOG = Graph.LOG;

  private final List<FlowListener> listeners;

  CompositeListener(List<FlowListener> listeners) {
    this.listeners = listeners;
  }

  /** Returns {@code listener} guarded so that it never throws into a run. */
  static FlowListener guard(FlowListener listener) {
    if (listener == NONE || listener instanceof CompositeListener) {
      return listener;
    }
    return new CompositeListener(List.of(listener));
  }

  private void each(Consumer<FlowListener> event) {
    for (FlowListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "FlowListener " + listener + " threw; ignored", e);
      }
    }
  }

  @Override
  public void flowStarted(BaseNode<?> flow, RunContext context) {
    each(l -> l.flowStarted(flow, context));
  }

  @Override
  public void flowFinished(BaseNode<?> flow, RunContext context, @Nullable String action) {
    each(l -> l.flowFinished(flow, context, action));
  }

  @Override
  public void flowFailed(BaseNode<?> flow, RunContext context, Throwable error) {
    each(l -> l.flowFailed(flow, context, error));
  }

  @Override
  public void nodeStarted(BaseNode<?> node, RunContext context) {
    each(l -> l.nodeStarted(node, context));
  }

  @Override
  public void nodeFinished(BaseNode<?> node, RunContext context, @Nullable String action) {
    each(l -> l.nodeFinished(node, context, action));
  }

  @Override
  public void nodeFailed(BaseNode<?> node, RunContext context, Throwable error) {
    each(l -> l.nodeFailed(node, context, error));
  }

  @Override
  public void retryScheduled(
      BaseNode<?> node, RunContext context, Throwable error, Duration delay) {
    each(l -> l.retryScheduled(node, context, error, delay));
  }

  @Override
  public void fallbackInvoked(BaseNode<?> node, RunContext context, Throwable error) {
    each(l -> l.fallbackInvoked(node, context, error));
  }
}
