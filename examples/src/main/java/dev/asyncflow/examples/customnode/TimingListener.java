package dev.asyncflow.examples.customnode;

import dev.asyncflow.core.BaseNode;
import dev.asyncflow.core.FlowListener;
import dev.asyncflow.core.RunContext;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Prints a line when a flow or node starts and when it ends, with how long it took:
 *
 * <pre>
 *   start  queryTrials
 *   end    queryTrials  41.7 ms  (action: default)
 * </pre>
 *
 * <p>It remembers one start time per node, so give each run its own listener. Thread-safe, as every
 * {@link FlowListener} must be.
 */
public final class TimingListener extends FlowListener {
  private final PrintStream out;
  private final Map<BaseNode<?>, Long> startedAt = new ConcurrentHashMap<>();

  /**
   * Creates a listener that prints to {@code out}.
   *
   * @param out where the lines go
   */
  public TimingListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void flowStarted(BaseNode<?> flow, RunContext ctx) {
    started(flow);
  }

  @Override
  public void flowFinished(BaseNode<?> flow, RunContext ctx, @Nullable String action) {
    ended(flow, "action: " + (action == null ? "default" : action));
  }

  @Override
  public void flowFailed(BaseNode<?> flow, RunContext ctx, Throwable error) {
    ended(flow, "failed: " + error.getClass().getSimpleName());
  }

  @Override
  public void nodeStarted(BaseNode<?> node, RunContext ctx) {
    started(node);
  }

  @Override
  public void nodeFinished(BaseNode<?> node, RunContext ctx, @Nullable String action) {
    ended(node, "action: " + (action == null ? "default" : action));
  }

  @Override
  public void nodeFailed(BaseNode<?> node, RunContext ctx, Throwable error) {
    ended(node, "failed: " + error.getClass().getSimpleName());
  }

  private void started(BaseNode<?> node) {
    startedAt.put(node, System.nanoTime());
    out.println("  start  " + node.name());
  }

  private void ended(BaseNode<?> node, String how) {
    Long start = startedAt.remove(node);
    String took =
        start == null
            ? "?"
            : String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6);
    out.println("  end    " + node.name() + "  " + took + "  (" + how + ")");
  }
}
