package dev.asyncflow.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous node: like {@link Node}, but each hook returns a {@link CompletionStage}, so a
 * node waiting on I/O holds no thread. Runs in an {@link AsyncFlow} or alone with {@link
 * #runAsync}.
 *
 * <pre>{@code
 * class FetchPage extends AsyncNode<Map<String, Object>, URI, String> {
 *   FetchPage() { super(RetryPolicy.fixed(3, Duration.ofMillis(500))); }
 *
 *   protected CompletionStage<URI> prepAsync(Map<String, Object> shared, RunContext ctx) {
 *     return CompletableFuture.completedFuture((URI) shared.get("uri"));
 *   }
 *   protected CompletionStage<String> execAsync(URI uri, RunContext ctx) {
 *     return http.sendAsync(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString())
 *         .thenApply(HttpResponse::body);
 *   }
 *   protected CompletionStage<String> postAsync(Map<String, Object> shared, URI uri,
 *       String page, RunContext ctx) {
 *     shared.put("page", page);
 *     return CompletableFuture.completedFuture("parse");
 *   }
 * }
 * }</pre>
 *
 * <p>A hook may also throw instead of returning a failed stage; both mean the same. When the run is
 * cancelled or times out, the stage the node is waiting on is cancelled with {@code cancel(true)},
 * which aborts work such as an {@code HttpClient} exchange; so return a stage of this run's own,
 * never one shared with other work (return {@code cached.thenApply(x -> x)} rather than a cached
 * future itself).
 *
 * <p>Thread-safety: the node holds no per-run state; hooks may be called on any thread.
 *
 * @param <S> the shared store type
 * @param <P> what {@code prepAsync} yields and {@code execAsync} receives
 * @param <E> what {@code execAsync} yields and {@code postAsync} receives
 */
public abstract class AsyncNode<S, P, E> extends AsyncExecNode<S> {
  /** Creates a node with one attempt and no retry. */
  protected AsyncNode() {
    this(RetryPolicy.none());
  }

  /**
   * Creates a node with PocketFlow's retry settings. Waits between attempts use the run's {@link
   * Scheduler} and hold no thread.
   *
   * @param maxAttempts the total number of attempts of {@code execAsync}
   * @param delay the wait between attempts
   * @throws IllegalArgumentException if either is negative
   */
  protected AsyncNode(int maxAttempts, Duration delay) {
    this(RetryPolicy.fixed(maxAttempts, delay));
  }

  /**
   * Creates a node with a retry policy.
   *
   * @param retryPolicy how {@code execAsync} is retried
   */
  protected AsyncNode(RetryPolicy retryPolicy) {
    super(retryPolicy);
  }

  /**
   * Reads what {@code execAsync} needs from the shared store. Not retried.
   *
   * @param shared the shared store
   * @param context the run's params
   * @return a stage of the input of {@code execAsync}; of null by default
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable P> prepAsync(S shared, RunContext context) throws Exception {
    return Stages.nullStage();
  }

  /**
   * Does the node's work. Retried when the stage fails or the method throws.
   *
   * @param prepResult what {@code prepAsync} yielded
   * @param context the run's params and the current {@linkplain RunContext#attempt() attempt}
   * @return a stage of the result; of null by default
   * @throws Exception to fail this attempt
   */
  protected CompletionStage<@Nullable E> execAsync(@Nullable P prepResult, RunContext context)
      throws Exception {
    return Stages.nullStage();
  }

  /**
   * Decides the result when the last attempt failed.
   *
   * @param prepResult what {@code prepAsync} yielded
   * @param error the last attempt's exception
   * @param context the last attempt's context
   * @return a stage of the result to use instead; by default a stage failed with {@code error}
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable E> execFallbackAsync(
      @Nullable P prepResult, Exception error, RunContext context) throws Exception {
    return CompletableFuture.failedStage(error);
  }

  /**
   * Writes results to the shared store and picks the next node. Not retried.
   *
   * @param shared the shared store
   * @param prepResult what {@code prepAsync} yielded
   * @param execResult what {@code execAsync} (or the fallback) yielded
   * @param context the run's params
   * @return a stage of the action; of null (the default action) by default
   * @throws Exception to fail the run
   */
  protected CompletionStage<@Nullable String> postAsync(
      S shared, @Nullable P prepResult, @Nullable E execResult, RunContext context)
      throws Exception {
    return Stages.nullStage();
  }

  @Override
  @SuppressWarnings("unchecked")
  final NodeDescriptor<S> describe() {
    return NodeDescriptor.node(
        this,
        /* async= */ true,
        (shared, context) -> Stages.of(prepAsync(shared, context), this, "prepAsync"),
        (input, context) -> Stages.of(execAsync((P) input, context), this, "execAsync"),
        (input, error, context) ->
            Stages.of(execFallbackAsync((P) input, error, context), this, "execFallbackAsync"),
        (shared, prepResult, execResult, context) ->
            Stages.of(
                postAsync(shared, (P) prepResult, (E) execResult, context), this, "postAsync"));
  }
}
