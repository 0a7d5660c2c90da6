package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.cli.MutationList.Mutation;
import dev.asyncflow.examples.runtime.TrialsServices;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.BatchProgress;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialsBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trials batch}: the trials for many mutations at once, one result per mutation, then a
 * summary line on standard error. Exit code 0 when every mutation succeeded, 3 when some failed.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    versionProvider = TrialsCli.Version.class,
    description = {
      "Find the clinical trials for many mutations: one a line of FILE (or standard input for -);"
          + " blank lines and lines starting with # are skipped.",
      "With --json, one JSON line per mutation in input order. With --output, each result line is"
          + " appended to FILE as it completes (with its input line number) and --resume finishes"
          + " an interrupted batch."
    })
final class BatchCommand implements Callable<Integer> {
  private final Console console;

  @Parameters(index = "0", paramLabel = "FILE", description = "Mutations, one a line; - for stdin.")
  private String source = "";

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Searches at once, 1 to 1000. Default: 4 (16 with --offline); the public API's rate"
              + " limit of 10 requests a second applies whatever N is.")
  private @Nullable Integer concurrency;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "10",
      description = "At most N trials per mutation, 1 to 1000. Default: ${DEFAULT-VALUE}.")
  private int max = 10;

  @Option(names = "--summarize", description = "Add a summary to each mutation's result.")
  private boolean summarize;

  @Option(names = "--json", description = "One JSON line per mutation instead of tables.")
  private boolean json;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Append each JSON result line to FILE as it completes, instead of stdout.")
  private @Nullable Path output;

  @Option(
      names = "--resume",
      description =
          "With --output: skip the mutations FILE already answers; failed ones are searched again.")
  private boolean resume;

  @Mixin private CommonOptions common = new CommonOptions();

  /** Whether some mutation failed because ClinicalTrials.gov could not be reached. */
  private volatile boolean unreachable;

  BatchCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    checkOptions();
    List<Mutation> mutations = MutationList.read(source, console.in());
    var endpoints = common.endpoints();
    Target target = target(mutations);
    List<Mutation> todo = target.remaining(mutations);
    try (target;
        TrialsServices services =
            TrialsServices.start(
                endpoints, console.environment(), concurrency == null ? 0 : concurrency)) {
      services.notices(summarize).forEach(console.err()::println);
      target.announce(console.err(), mutations.size());
      long started = System.nanoTime();
      BatchProgress progress = run(services, todo, target, mutations.size() - todo.size());
      if (progress == null) {
        return ExitCode.FAILURE;
      }
      console.err().println(summaryLine(progress, target, System.nanoTime() - started));
      return progress.failures() == 0 ? ExitCode.OK : ExitCode.SOME_FAILED;
    }
  }

  private void checkOptions() {
    if (resume && output == null) {
      throw new UsageException("--resume needs --output FILE: the file it resumes");
    }
    if (concurrency != null) {
      OptionValues.concurrency(concurrency);
    }
    OptionValues.max(max);
  }

  private Target target(List<Mutation> mutations) {
    if (output == null) {
      return new Target.Stdout(console.out(), json);
    }
    if (resume) {
      return new Target.File(ResultFile.resume(output, mutations), output);
    }
    return new Target.File(ResultFile.create(output), output);
  }

  /**
   * Runs the batch over {@code todo}.
   *
   * @return the final progress, or null when the process is being interrupted
   */
  private @Nullable BatchProgress run(
      TrialsServices services, List<Mutation> todo, Target target, int skipped) {
    ProgressBar bar =
        console.errIsTerminal() ? new ProgressBar(console.err(), System::nanoTime, skipped) : null;
    List<String> inputs = new ArrayList<>(todo.size());
    todo.forEach(mutation -> inputs.add(mutation.text()));
    Consumer<BatchOutcome> sink = target.sink(todo).andThen(this::noteUnreachable);
    CompletableFuture<BatchProgress> running = batch(services, bar).stream(inputs, sink);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> onInterrupt(running, interrupted, target, bar), "trials-batch-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return running.join();
    } catch (CancellationException e) {
      if (interrupted.get()) {
        return null;
      }
      throw e;
    } finally {
      removeShutdownHook(hook);
      if (bar != null) {
        bar.clear();
      }
    }
  }

  private TrialsBatch batch(TrialsServices services, @Nullable ProgressBar bar) {
    TrialsBatch.Builder builder =
        TrialsBatch.builder(services.client())
            .query(mutation -> StudyQuery.builder().mutation(mutation).maxResults(max).build());
    if (concurrency != null) {
      builder.concurrency(concurrency);
    }
    if (summarize) {
      builder.summarizer(services.summarizer());
    }
    if (bar != null) {
      builder.onProgress(bar::update);
    }
    return builder.build();
  }

  private void noteUnreachable(BatchOutcome outcome) {
    if (outcome instanceof BatchOutcome.Failure failure
        && failure.error() instanceof ClinicalTrialsUnreachableException) {
      unreachable = true;
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs, or has run
    }
  }

  /**
   * On Ctrl-C or a termination signal: cancels the batch, closes the target (waiting for a line
   * being written, so the file ends with whole lines) and says how to finish.
   */
  private void onInterrupt(
      CompletableFuture<BatchProgress> running,
      AtomicBoolean interrupted,
      Target target,
      @Nullable ProgressBar bar) {
    if (running.isDone()) {
      return;
    }
    interrupted.set(true);
    running.cancel(true);
    target.close();
    if (bar != null) {
      bar.clear();
    }
    console
        .err()
        .println(
            output == null
                ? "trials batch: interrupted"
                : "trials batch: interrupted; run the same command with --resume to finish "
                    + output);
  }

  private String summaryLine(BatchProgress progress, Target target, long nanos) {
    return String.format(
        Locale.ROOT,
        "trials batch: %d %s: %d succeeded, %d failed, in %.1f s%s%s",
        progress.total(),
        progress.total() == 1 ? "mutation" : "mutations",
        progress.successes(),
        progress.failures(),
        nanos / 1e9,
        target.where(),
        unreachable ? "; " + CliErrors.UNREACHABLE_HINT : "");
  }
}
