package dev.asyncflow.examples;

import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.core.AsyncNode;
import dev.asyncflow.core.AsyncParallelBatchNode;
import dev.asyncflow.core.BaseNode;
import dev.asyncflow.core.FlowListener;
import dev.asyncflow.core.Node;
import dev.asyncflow.core.ParallelPolicy;
import dev.asyncflow.core.RetryPolicy;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.core.RunOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A quickstart for asyncflow: a small {@link AsyncFlow} that summarizes a handful of documents,
 * with no network and no sleeping thread.
 *
 * <pre>
 *   ValidateRequest --process--&gt; FetchGlossary --&gt; SummarizeDocuments --&gt; Report
 *         |
 *         +------------reject--&gt; Reject
 * </pre>
 *
 * <ul>
 *   <li>{@link ValidateRequest} is a <b>branch</b>: its {@code post} returns one of two actions.
 *   <li>{@link FetchGlossary} calls a simulated <b>flaky service</b> that fails its first {@value
 *       #GLOSSARY_FAILURES} attempts; a {@link RetryPolicy} with exponential backoff retries it.
 *   <li>{@link SummarizeDocuments} processes the documents <b>in parallel</b>, at most {@value
 *       #MAX_CONCURRENCY} at a time, and records the peak number in flight.
 * </ul>
 *
 * <p>Run it with {@code java -cp examples/target/trials.jar
 * dev.asyncflow.examples.QuickstartExample} or {@code mvn -pl examples -am compile exec:java}.
 */
public final class QuickstartExample {
  /** How many summaries may be in flight at once. */
  static final int MAX_CONCURRENCY = 2;

  /** How many attempts of the glossary service fail before it recovers. */
  static final int GLOSSARY_FAILURES = 2;

  private QuickstartExample() {}

  /**
   * Runs the flow on six documents and prints what happened.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    List<String> documents =
        List.of("alpha.txt", "bravo.txt", "charlie.txt", "delta.txt", "echo.txt", "foxtrot.txt");

    Result result = run(documents, out);

    out.println();
    out.println("Flow action: " + result.action());
    out.println("Shared state:");
    out.println("  documents = " + result.shared().documents);
    out.println("  glossary  = " + result.shared().glossary);
    out.println("  summaries = " + result.shared().summaries);
    out.println("  status    = " + result.shared().status);
    out.println(
        "Peak summaries in flight: " + result.peakInFlight() + " (limit " + MAX_CONCURRENCY + ")");
    out.println();
    out.println("Mermaid:");
    out.print(buildFlow(new InFlightGauge()).toMermaid());
  }

  /**
   * Builds the flow, runs it once on {@code documents} and waits for it.
   *
   * @param documents the documents to summarize; none takes the "reject" branch
   * @param out where the listener prints events
   * @return the flow's action, the final shared state and the peak concurrency
   */
  static Result run(List<String> documents, PrintStream out) {
    InFlightGauge gauge = new InFlightGauge();
    AsyncFlow<Shared> flow = buildFlow(gauge);
    Shared shared = new Shared(documents);
    RunOptions options = RunOptions.builder().listener(new PrintingListener(out)).build();

    // runAsync never blocks; join() here only keeps main() alive until the flow is done.
    String action = flow.runAsync(shared, options).join();
    return new Result(action, shared, gauge.peak());
  }

  /**
   * Wires the nodes into a flow. Node definitions hold no per-run state, so one flow can serve any
   * number of runs; the gauge is a metric shared by all of them.
   *
   * @param gauge counts the summaries in flight
   * @return the flow, starting at {@link ValidateRequest}
   */
  static AsyncFlow<Shared> buildFlow(InFlightGauge gauge) {
    ValidateRequest validate = new ValidateRequest();
    validate
        .next(new FetchGlossary(), "process")
        .next(new SummarizeDocuments(gauge))
        .next(new Report());
    validate.next(new Reject(), "reject");

    AsyncFlow<Shared> flow = new AsyncFlow<>(validate);
    flow.setName("QuickstartFlow");
    return flow;
  }

  /**
   * What one run of the example produced.
   *
   * @param action the flow's last action
   * @param shared the shared store after the run
   * @param peakInFlight the most summaries that were in flight at once
   */
  record Result(@Nullable String action, Shared shared, int peakInFlight) {}

  /**
   * The shared store that the nodes read and write. Plain fields are enough: the hooks of one run
   * never run at the same time (parallel items run only {@code execAsync}, which must not touch the
   * store), and each hook sees what the previous one wrote.
   */
  static final class Shared {
    final List<String> documents;
    @Nullable String glossary;
    List<String> summaries = List.of();
    String status = "new";

    Shared(List<String> documents) {
      this.documents = documents;
    }
  }

  /** The branch: "process" when there is work to do, "reject" otherwise. */
  static final class ValidateRequest extends Node<Shared, List<String>, Boolean> {
    @Override
    protected List<String> prep(Shared shared, RunContext ctx) {
      return shared.documents;
    }

    @Override
    protected Boolean exec(@Nullable List<String> documents, RunContext ctx) {
      return documents != null && !documents.isEmpty();
    }

    @Override
    protected String post(
        Shared shared, @Nullable List<String> documents, @Nullable Boolean valid, RunContext ctx) {
      return Boolean.TRUE.equals(valid) ? "process" : "reject";
    }
  }

  /**
   * Fetches a glossary from a simulated flaky service. Only {@code execAsync} is retried; the
   * policy waits 40 ms before the first retry and doubles the wait after that.
   */
  static final class FetchGlossary extends AsyncNode<Shared, Void, String> {
    FetchGlossary() {
      super(
          RetryPolicy.builder()
              .maxAttempts(4) // total attempts, the first included
              .delay(Duration.ofMillis(40))
              .backoff(2.0, Duration.ofMillis(500))
              .build());
    }

    @Override
    protected CompletionStage<String> execAsync(@Nullable Void unused, RunContext ctx) {
      // The attempt number comes from the context, not from a field: the node is stateless, so
      // the failures are deterministic per run however many runs share the node.
      int attempt = ctx.attempt() + 1;
      return later(
          20,
          () -> {
            if (attempt <= GLOSSARY_FAILURES) {
              throw new ServiceUnavailableException("glossary service: HTTP 503 (simulated)");
            }
            return "glossary-v7 (fetched on attempt " + attempt + ")";
          });
    }

    @Override
    protected CompletionStage<@Nullable String> postAsync(
        Shared shared, @Nullable Void unused, @Nullable String glossary, RunContext ctx) {
      shared.glossary = glossary;
      return CompletableFuture.completedFuture(null); // the default action
    }
  }

  /** Summarizes each document, at most {@value #MAX_CONCURRENCY} at a time. */
  static final class SummarizeDocuments extends AsyncParallelBatchNode<Shared, String, String> {
    private final InFlightGauge gauge;

    SummarizeDocuments(InFlightGauge gauge) {
      super(ParallelPolicy.maxConcurrency(MAX_CONCURRENCY));
      this.gauge = gauge;
    }

    @Override
    protected CompletionStage<List<String>> prepAsync(Shared shared, RunContext ctx) {
      return CompletableFuture.completedFuture(shared.documents);
    }

    @Override
    protected CompletionStage<String> execAsync(String document, RunContext ctx) {
      gauge.enter();
      // whenComplete, not thenApply: the gauge must go down before the engine sees the item
      // finish and starts the next one, whether the item succeeded or not.
      return later(100, () -> "summary of " + document).whenComplete((s, e) -> gauge.exit());
    }

    @Override
    protected CompletionStage<@Nullable String> postAsync(
        Shared shared, List<String> documents, List<String> summaries, RunContext ctx) {
      shared.summaries = summaries; // in input order, whatever order the items finished in
      return CompletableFuture.completedFuture(null);
    }
  }

  /** The end of the happy path. Having no successors, it ends the flow silently. */
  static final class Report extends Node<Shared, Void, Void> {
    @Override
    protected String post(Shared shared, @Nullable Void prep, @Nullable Void exec, RunContext ctx) {
      shared.status = "summarized " + shared.summaries.size() + " documents";
      return "done";
    }
  }

  /** The end of the "reject" branch. */
  static final class Reject extends Node<Shared, Void, Void> {
    @Override
    protected String post(Shared shared, @Nullable Void prep, @Nullable Void exec, RunContext ctx) {
      shared.status = "rejected: no documents";
      return "rejected";
    }
  }

  /**
   * Prints every event of a run with the time since the listener was created. Events of parallel
   * items may come from several threads, so a listener must be thread-safe; {@code println} is.
   */
  static final class PrintingListener extends FlowListener {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    PrintingListener(PrintStream out) {
      this.out = out;
    }

    private void print(String message) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      out.printf("[%4d ms] %s%n", millis, message);
    }

    /** A null action is the default one, as in {@code next(node)} without an action. */
    private static String actionName(@Nullable String action) {
      return action == null ? BaseNode.DEFAULT_ACTION : action;
    }

    @Override
    public void flowStarted(BaseNode<?> flow, RunContext ctx) {
      print("flow " + flow.name() + " started");
    }

    @Override
    public void flowFinished(BaseNode<?> flow, RunContext ctx, @Nullable String action) {
      print("flow " + flow.name() + " finished -> " + actionName(action));
    }

    @Override
    public void nodeStarted(BaseNode<?> node, RunContext ctx) {
      print("  " + node.name() + " started");
    }

    @Override
    public void nodeFinished(BaseNode<?> node, RunContext ctx, @Nullable String action) {
      print("  " + node.name() + " finished -> " + actionName(action));
    }

    @Override
    public void nodeFailed(BaseNode<?> node, RunContext ctx, Throwable error) {
      print("  " + node.name() + " FAILED: " + error);
    }

    @Override
    public void retryScheduled(BaseNode<?> node, RunContext ctx, Throwable error, Duration delay) {
      print(
          "  "
              + node.name()
              + " attempt "
              + (ctx.attempt() + 1)
              + " failed ("
              + error.getMessage()
              + "); retry scheduled in "
              + delay.toMillis()
              + " ms");
    }
  }

  /** Counts the items in flight and remembers the peak. Thread-safe. */
  static final class InFlightGauge {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    void enter() {
      int now = current.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
    }

    void exit() {
      current.decrementAndGet();
    }

    int peak() {
      return peak.get();
    }
  }

  /** The failure of the simulated glossary service; any exception from {@code exec} is retried. */
  static final class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServiceUnavailableException(String message) {
      super(message);
    }
  }

  /**
   * Simulates async latency: completes with {@code work}'s value after {@code millis}, via the
   * JDK's delay timer. No thread sleeps meanwhile, unlike {@code Thread.sleep}.
   */
  private static <T> CompletableFuture<T> later(long millis, Supplier<T> work) {
    return CompletableFuture.supplyAsync(
        work, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }
}
