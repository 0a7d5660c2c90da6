package dev.asyncflow.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous node: {@code prep} reads the shared store, {@code exec} does the work (and is the
 * only hook that is retried), {@code post} writes results back and returns the action that picks
 * the next node. Every hook is optional.
 *
 * <pre>{@code
 * class Summarize extends Node<Map<String, String>, String, String> {
 *   Summarize() { super(3, Duration.ofSeconds(1)); }      // 3 attempts, 1 s apart
 *
 *   protected String prep(Map<String, String> shared, RunContext ctx) {
 *     return shared.get("text");
 *   }
 *   protected String exec(String text, RunContext ctx) {
 *     return llm.summarize(text);                         // retried on exception
 *   }
 *   protected String post(Map<String, String> shared, String text, String summary,
 *       RunContext ctx) {
 *     shared.put("summary", summary);
 *     return null;                                        // the default action
 *   }
 * }
 * }</pre>
 *
 * <p>As in PocketFlow, exceptions from {@code prep} and {@code post} propagate unchanged; an
 * exception from {@code exec} is retried up to {@link RetryPolicy#maxAttempts()} attempts, and when
 * the last attempt fails {@link #execFallback} decides the result (by default it rethrows). An
 * {@link Error}, an {@link InterruptedException} or a {@link
 * java.util.concurrent.CancellationException} is neither retried nor handed to the fallback, as
 * PocketFlow does not retry Python's {@code BaseException}s. Unlike PocketFlow, the params and the
 * attempt number are not fields of the node but come in the {@link RunContext}, so one node
 * definition can serve many concurrent runs. Between attempts the run waits on its {@link
 * Scheduler}, and the blocking {@link #run} keeps every hook on the calling thread.
 *
 * <p>Thread-safety: the node holds no per-run state; hooks of concurrent runs may be called on
 * different threads at once, so they must not keep per-run data in fields.
 *
 * @param <S> the shared store type
 * @param <P> what {@code prep} returns and {@code exec} receives
 * @param <E> what {@code exec} returns and {@code post} receives
 */
public abstract class Node<S, P, E> extends SyncExecNode<S> {
  /** Creates a node with one attempt and no retry. */
  protected Node() {
    this(RetryPolicy.none());
  }

  /**
   * Creates a node with PocketFlow's retry settings.
   *
   * @param maxAttempts the total number of attempts of {@code exec}; 0 means it never runs
   * @param delay the wait between attempts
   * @throws IllegalArgumentException if either is negative
   */
  protected Node(int maxAttempts, Duration delay) {
    this(RetryPolicy.fixed(maxAttempts, delay));
  }

  /**
   * Creates a node with a retry policy.
   *
   * @param retryPolicy how {@code exec} is retried
   */
  protected Node(RetryPolicy retryPolicy) {
    super(retryPolicy);
  }

  /**
   * Reads what {@code exec} needs from the shared store. Not retried.
   *
   * @param shared the shared store
   * @param context the run's params
   * @return the input of {@code exec}; null by default
   * @throws Exception to fail the run
   */
  protected @Nullable P prep(S shared, RunContext context) throws Exception {
    return null;
  }

  /**
   * Does the node's work. Should not touch the shared store. Retried on exception.
   *
   * @param prepResult what {@code prep} returned
   * @param context the run's params and the current {@linkplain RunContext#attempt() attempt}
   * @return the result handed to {@code post}; null by default
   * @throws Exception to fail this attempt
   */
  protected @Nullable E exec(@Nullable P prepResult, RunContext context) throws Exception {
    return null;
  }

  /**
   * Decides the result when the last attempt of {@code exec} failed.
   *
   * @param prepResult what {@code prep} returned
   * @param error the last attempt's exception
   * @param context the last attempt's context
   * @return a result to use instead; by default this method rethrows {@code error}
   * @throws Exception to fail the run
   */
  protected @Nullable E execFallback(@Nullable P prepResult, Exception error, RunContext context)
      throws Exception {
    throw error;
  }

  /**
   * Writes results to the shared store and picks the next node. Not retried.
   *
   * @param shared the shared store
   * @param prepResult what {@code prep} returned
   * @param execResult what {@code exec} (or {@code execFallback}) returned
   * @param context the run's params
   * @return the action; null (the default) means {@link #DEFAULT_ACTION}
   * @throws Exception to fail the run
   */
  protected @Nullable String post(
      S shared, @Nullable P prepResult, @Nullable E execResult, RunContext context)
      throws Exception {
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  final NodeDescriptor<S> describe() {
    return NodeDescriptor.node(
        this,
        /* async= */ false,
        (shared, context) -> Stages.completed(prep(shared, context)),
        (input, context) -> Stages.completed(exec((P) input, context)),
        (input, error, context) -> Stages.completed(execFallback((P) input, error, context)),
        (shared, prepResult, execResult, context) ->
            Stages.completed(post(shared, (P) prepResult, (E) execResult, context)));
  }
}
