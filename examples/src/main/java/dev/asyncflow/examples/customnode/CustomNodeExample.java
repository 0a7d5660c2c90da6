package dev.asyncflow.examples.customnode;

import dev.asyncflow.core.RunOptions;
import dev.asyncflow.examples.runtime.Endpoints;
import dev.asyncflow.examples.runtime.JvmTuning;
import dev.asyncflow.examples.runtime.TrialsServices;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialSummary;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Inserts a custom node into the ready-made trials flow: {@link RecruitingInCountry} keeps the
 * recruiting trials with a site in one country. Prints the flow's Mermaid text, each node's timing
 * ({@link TimingListener}), the studies kept and their summary.
 *
 * <p>Runs on the offline demo data unless {@code --online} is given:
 *
 * <pre>
 * java -cp examples/target/trials.jar dev.asyncflow.examples.customnode.CustomNodeExample \
 *     [--country Germany] [--mutation "BRAF V600E"] [--online]
 * </pre>
 */
@Command(
    name = "CustomNodeExample",
    description = "Finds the trials of a mutation that are recruiting in one country.")
public final class CustomNodeExample implements Callable<Integer> {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(names = "--country", description = "Country of the sites (default: ${DEFAULT-VALUE}).")
  String country = "Germany";

  @Option(names = "--mutation", description = "Mutation to search (default: ${DEFAULT-VALUE}).")
  String mutation = "BRAF V600E";

  @Option(names = "--online", description = "Ask ClinicalTrials.gov instead of the demo data.")
  boolean online;

  private final PrintStream out;
  private final Function<String, @Nullable String> env;

  CustomNodeExample(PrintStream out, Function<String, @Nullable String> env) {
    this.out = out;
    this.env = env;
  }

  /**
   * Runs the example and exits with 0 on success, 1 when the search or the summary failed and 2 for
   * bad options.
   *
   * @param args {@code [--country C] [--mutation M] [--online]}
   */
  public static void main(String[] args) {
    JvmTuning.tuneCommonPool();
    System.exit(run(args, System.out, System::getenv));
  }

  /** Parses {@code args} and runs; returns the exit code. */
  static int run(String[] args, PrintStream out, Function<String, @Nullable String> env) {
    return new CommandLine(new CustomNodeExample(out, env))
        .setOut(new PrintWriter(out, true))
        .execute(args);
  }

  @Override
  public Integer call() {
    StudyQuery query;
    try {
      query = StudyQuery.builder().mutation(mutation).maxResults(50).build();
    } catch (IllegalArgumentException invalid) {
      out.println("Invalid input: " + invalid.getMessage());
      return 2;
    }
    try (TrialsServices services = TrialsServices.start(new Endpoints(null, null, !online), env)) {
      services.notices().forEach(out::println);
      TrialsState done = search(services.client(), services.summarizer(), query);
      printStudies(done);
      return 0;
    } catch (CompletionException failed) {
      Throwable cause = failed.getCause() == null ? failed : failed.getCause();
      out.println("Failed: " + cause.getMessage() + (online ? " (try without --online)" : ""));
      return 1;
    }
  }

  /** Builds the flow with the custom node, prints its graph, runs it and prints the timings. */
  private TrialsState search(
      ClinicalTrialsClient client, TrialSummarizer summarizer, StudyQuery query) {
    out.println("Flow (Mermaid), then each node's timing:");
    // docs:docs/getting-started.md#after-query begin
    TrialsFlow flow =
        TrialsFlow.builder(client, summarizer).afterQuery(new RecruitingInCountry(country)).build();
    out.println(flow.toMermaid());
    RunOptions options = RunOptions.builder().listener(new TimingListener(out)).build();
    TrialsState done = flow.run(query, options).join();
    // docs:docs/getting-started.md#after-query end
    return done;
  }

  private void printStudies(TrialsState done) {
    SearchResult found = done.result();
    int searched = found == null ? 0 : found.studies().size();
    out.printf(
        "%nRecruiting in %s: %d of the %d studies found for \"%s\"%n",
        country, done.studies().size(), searched, mutation);
    for (Study study : done.studies()) {
      out.println("  " + study.nctId() + "  " + study.overallStatus() + "  " + study.title());
      out.println("      sites in " + country + ": " + sitesIn(study));
    }
    TrialSummary summary = done.summary();
    if (summary != null) {
      out.println();
      out.println(summary.text());
    }
  }

  private String sitesIn(Study study) {
    return study.locations().stream()
        .filter(site -> country.equalsIgnoreCase(site.country()))
        .map(site -> site.city() == null ? "(city not given)" : site.city())
        .distinct()
        .collect(Collectors.joining(", "));
  }
}
