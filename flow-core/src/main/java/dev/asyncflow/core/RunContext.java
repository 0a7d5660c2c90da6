package dev.asyncflow.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a hook knows about the run it is part of: the params, the current attempt of {@code exec}
 * and whether the work has been cancelled.
 *
 * <p>PocketFlow keeps params and the retry counter on the node itself and copies the node for every
 * step; asyncflow keeps node definitions free of per-run state and hands each hook a context
 * instead, so one definition can serve many concurrent runs.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RunContext {
  private final RunState run;
  private final Map<String, Object> params;
  private final int attempt;
  private final @Nullable Trampoline<?> scope;
  private final @Nullable RunContext outer;

  RunContext(RunState run, Map<String, Object> params) {
    this(run, params, 0, null, null);
  }

  private RunContext(
      RunState run,
      Map<String, Object> params,
      int attempt,
      @Nullable Trampoline<?> scope,
      @Nullable RunContext outer) {
    this.run = run;
    this.params = params;
    this.attempt = attempt;
    this.scope = scope;
    this.outer = outer;
  }

  /**
   * Returns the params of this run: the run's own, merged with those of every enclosing batch flow
   * (inner values win).
   *
   * @return an immutable map
   */
  public Map<String, Object> params() {
    return params;
  }

  /**
   * Returns one param.
   *
   * @param name the param's name
   * @return its value, or null if there is no such param
   */
  public @Nullable Object param(String name) {
    return params.get(name);
  }

  /**
   * Returns one param that must be present and of a given type.
   *
   * @param name the param's name
   * @param type the expected type
   * @param <T> the expected type
   * @return the value
   * @throws IllegalArgumentException if the param is missing or of another type
   */
  public <T> T param(String name, Class<T> type) {
    Object value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException("No param '" + name + "'; params are " + params.keySet());
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "Param '" + name + "' is a " + value.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(value);
  }

  /**
   * Returns the 0-based number of the current attempt of {@code exec} (PocketFlow's {@code
   * cur_retry}): 0 on the first attempt, 1 on the first retry. Outside {@code exec} and {@code
   * execFallback} it is 0.
   *
   * @return the attempt number
   */
  public int attempt() {
    return attempt;
  }

  /**
   * Tells whether the work this hook belongs to has been cancelled, failed elsewhere or timed out:
   * the node's run, or the run of any flow or batch that encloses it. A long-running synchronous
   * hook may poll it to stop early.
   *
   * @return true once the enclosing node's run, or an enclosing one, is over
   */
  public boolean isCancelled() {
    return stopReason() != null;
  }

  /** Returns why the work of this context must stop, looking through every enclosing run. */
  @Nullable Throwable stopReason() {
    for (RunContext context = this; context != null; context = context.outer) {
      Trampoline<?> current = context.scope;
      Throwable reason = current == null ? null : current.stopReason();
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  RunState run() {
    return run;
  }

  RunContext withAttempt(int attempt) {
    return new RunContext(run, params, attempt, scope, outer);
  }

  /** Returns the context of work nested in this one, which ends with {@code scope}. */
  RunContext withScope(Trampoline<?> scope) {
    return new RunContext(run, params, 0, scope, this);
  }

  RunContext withParams(Map<String, Object> params) {
    return new RunContext(run, params, 0, scope, outer);
  }

  static Map<String, Object> copyParams(Map<String, ?> params) {
    Objects.requireNonNull(params, "params");
    params.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "params must not have a null name");
          Objects.requireNonNull(v, () -> "param '" + k + "' must not be null");
        });
    return Map.copyOf(params);
  }

  static Map<String, Object> merge(Map<String, Object> outer, Map<String, ?> inner) {
    if (inner.isEmpty()) {
      return outer;
    }
    Map<String, Object> merged = new HashMap<>(outer);
    merged.putAll(copyParams(inner));
    return Map.copyOf(merged);
  }

  @Override
  public String toString() {
    return "RunContext{params=" + params.keySet() + ", attempt=" + attempt + "}";
  }
}
