package dev.asyncflow.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * What every node and flow has in common: its successors by action, a name and an optional timeout.
 * Extend {@link Node}, {@link BatchNode}, {@link AsyncNode}, {@link AsyncBatchNode} or {@link
 * AsyncParallelBatchNode}, or use one of the flows; this class cannot be extended directly.
 *
 * <p>Wiring follows PocketFlow: {@code a.next(b)} links the default action and returns {@code b},
 * so chains read left to right; {@code a.next(b, "retry")} links a named action. A null or empty
 * action means {@link #DEFAULT_ACTION}.
 *
 * <pre>{@code
 * decide.next(search, "search").next(decide);
 * decide.next(answer, "answer");
 * }</pre>
 *
 * <p>Thread-safety: a node holds no per-run state, so one definition may run in any number of flows
 * and runs at once. Wiring and settings are safe to change from any thread, but a run sees them as
 * they are when it reaches the node; wire a graph fully before running it.
 *
 * @param <S> the type of the shared store that the flow's nodes read and write
 */
public abstract class BaseNode<S> {
  /** The action of a node whose {@code post} returns null or "". */
  public static final String DEFAULT_ACTION = "default";

  private volatile Map<String, BaseNode<S>> successors = Map.of();
  private volatile String name;
  private volatile @Nullable Duration timeout;

  // Built on first use, as describe() reads the subclass's final fields. A race only builds an
  // equal descriptor twice; its final fields make it safe to publish without synchronization.
  private @Nullable NodeDescriptor<S> descriptor;

  BaseNode() {
    this.name = defaultName(getClass());
  }

  /**
   * Links {@code node} as the successor for the default action.
   *
   * @param node the node to run next
   * @param <N> the successor's type
   * @return {@code node}, so that chains read left to right
   */
  public final <N extends BaseNode<S>> N next(N node) {
    return next(node, DEFAULT_ACTION);
  }

  /**
   * Links {@code node} as the successor for {@code action}. Re-linking an action replaces its
   * successor and logs a warning, as PocketFlow does.
   *
   * @param node the node to run next
   * @param action the action that leads to it; null or "" means {@link #DEFAULT_ACTION}
   * @param <N> the successor's type
   * @return {@code node}
   */
  public final <N extends BaseNode<S>> N next(N node, @Nullable String action) {
    Objects.requireNonNull(node, "node");
    String key = normalize(action);
    if (link(key, node)) {
      Graph.LOG.log(
          System.Logger.Level.WARNING,
          "Overwriting successor for action ''{0}'' of node ''{1}''",
          key,
          name);
    }
    return node;
  }

  /** Links {@code node} for {@code key}; returns whether it replaced another successor. */
  private synchronized boolean link(String key, BaseNode<S> node) {
    Map<String, BaseNode<S>> copy = new LinkedHashMap<>(successors);
    boolean replaced = copy.put(key, node) != null;
    successors = Collections.unmodifiableMap(copy);
    return replaced;
  }

  /**
   * Returns the successors by action, in the order they were first linked.
   *
   * @return an immutable snapshot
   */
  public final Map<String, BaseNode<S>> successors() {
    return successors;
  }

  /**
   * Returns the successor for an action.
   *
   * @param action the action; null or "" means {@link #DEFAULT_ACTION}
   * @return the successor, or null if none is linked
   */
  public final @Nullable BaseNode<S> successor(@Nullable String action) {
    return successors.get(normalize(action));
  }

  /**
   * Returns the node's name, used in logs, errors, listener events and Mermaid output.
   *
   * @return the name; by default the simple name of the node's class
   */
  public final String name() {
    return name;
  }

  /**
   * Sets the node's name.
   *
   * @param name a non-blank name
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public final void setName(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = name;
  }

  /**
   * Returns the node's timeout.
   *
   * @return the timeout, or null when the node may run as long as it takes
   */
  public final @Nullable Duration timeout() {
    return timeout;
  }

  /**
   * Limits how long one run of this node may take, from its {@code prep} to the end of its {@code
   * post}, retries and waits included. When the time is up, the node's in-flight stage is cancelled
   * and the run fails with a {@link NodeTimeoutException}; it is not retried. A synchronous hook
   * cannot be interrupted: the timeout takes effect once it returns.
   *
   * @param timeout a positive duration, or null for none
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public final void setTimeout(@Nullable Duration timeout) {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Describes this node to the engine: its kind, policies and hooks. Called once per node, on first
   * use; each node class says what it is here and nowhere else.
   */
  abstract NodeDescriptor<S> describe();

  /** The engine's description of this node. */
  final NodeDescriptor<S> descriptor() {
    NodeDescriptor<S> current = descriptor;
    if (current == null) {
      current = describe();
      descriptor = current;
    }
    return current;
  }

  /** Starts one run of this node within a run; the value is the action. */
  final CompletableFuture<@Nullable String> start(S shared, RunContext context) {
    NodeRun<S> run = new NodeRun<>(descriptor(), shared, context);
    Duration limit = timeout;
    if (limit != null) {
      armTimeout(run, limit, context.run());
    }
    return run.launch();
  }

  /** Runs this node as the root of a new run; misuse is reported through the future. */
  final CompletableFuture<@Nullable String> startRoot(
      S shared, RunOptions options, Executor resumeExecutor) {
    try {
      Objects.requireNonNull(shared, "shared");
      Objects.requireNonNull(options, "options");
      RunState run = new RunState(options, resumeExecutor);
      return start(shared, new RunContext(run, options.params()));
    } catch (RuntimeException e) {
      return Stages.failed(e);
    }
  }

  /** Runs this node alone, warning that successors are not run, as PocketFlow does. */
  final CompletableFuture<@Nullable String> startAlone(
      S shared, RunOptions options, Executor resumeExecutor) {
    if (!successors.isEmpty()) {
      Graph.LOG.log(
          System.Logger.Level.WARNING,
          "Node ''{0}'' has successors, which running it alone does not run; use a flow",
          name);
    }
    return startRoot(shared, options, resumeExecutor);
  }

  /** Runs this node as the root of a blocking run on the calling thread. */
  final @Nullable String runBlocking(S shared, RunOptions options) {
    CallerLoop loop = new CallerLoop();
    return loop.await(startAlone(shared, options, loop), "node '" + name + "'");
  }

  private void armTimeout(NodeRun<S> run, Duration limit, RunState state) {
    Scheduler.Cancellable timer =
        state.scheduler.schedule(limit, () -> run.expire(new NodeTimeoutException(name, limit)));
    run.whenComplete((value, error) -> timer.cancel());
  }

  static String normalize(@Nullable String action) {
    return action == null || action.isEmpty() ? DEFAULT_ACTION : action;
  }

  private static String defaultName(Class<?> type) {
    String simple = type.getSimpleName();
    if (!simple.isEmpty()) {
      return simple;
    }
    String full = type.getName();
    return full.substring(full.lastIndexOf('.') + 1);
  }
}
