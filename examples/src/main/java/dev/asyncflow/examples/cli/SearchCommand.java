package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.json.TrialsJson;
import dev.asyncflow.examples.runtime.TrialsServices;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummary;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trials search}: the trials for one mutation, as a table or one JSON object. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    versionProvider = TrialsCli.Version.class,
    description = "Find the clinical trials for one mutation (or, with --mode term, any text).")
final class SearchCommand implements Callable<Integer> {
  private static final String DEFAULT_DISTANCE = "50mi";

  private final Console console;

  @Parameters(index = "0", paramLabel = "MUTATION", description = "Such as \"EGFR L858R\".")
  private String mutation = "";

  @Option(names = "--condition", paramLabel = "C", description = "Only trials for a condition.")
  private @Nullable String condition;

  @Option(
      names = "--status",
      paramLabel = "S1,S2",
      split = ",",
      description = "Only trials in these statuses, such as RECRUITING,NOT_YET_RECRUITING.")
  private List<String> statuses = new ArrayList<>();

  @Option(names = "--country", paramLabel = "C", description = "Only trials with a site there.")
  private @Nullable String country;

  @Option(
      names = "--near",
      paramLabel = "LAT,LON",
      description = "Only trials with a site within --distance of this point.")
  private @Nullable String near;

  @Option(
      names = "--distance",
      paramLabel = "D",
      description = "With --near: a number and mi or km. Default: " + DEFAULT_DISTANCE + ".")
  private @Nullable String distance;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "10",
      description = "Show at most N trials, 1 to 1000. Default: ${DEFAULT-VALUE}.")
  private int max = 10;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "mutation",
      description =
          "mutation: search eligibility, titles, summary and keywords, and leave out trials that"
              + " name it only as an exclusion; term: plain full-text search."
              + " Default: ${DEFAULT-VALUE}.")
  private String mode = "mutation";

  @Option(
      names = "--keep-exclusion-only",
      description = "Keep, and mark, trials that name the mutation only as an exclusion.")
  private boolean keepExclusionOnly;

  @Option(names = "--summarize", description = "Add a summary of the trials found.")
  private boolean summarize;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  private boolean json;

  @Mixin private CommonOptions common = new CommonOptions();

  SearchCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    if (mutation.isBlank()) {
      throw new UsageException("the mutation is blank; give one such as \"EGFR L858R\"");
    }
    StudyQuery query = query();
    try (TrialsServices services =
        TrialsServices.start(common.endpoints(), console.environment())) {
      List<String> notices = services.notices(summarize);
      notices.forEach(json ? console.err()::println : console.out()::println);
      Found found = find(services, query);
      if (json) {
        console.out().println(TrialsJson.search(mutation, found.result(), found.summary()));
      } else {
        StudyTable.print(console.out(), mutation, found.result(), found.summary());
      }
      console.out().flush();
      return ExitCode.OK;
    }
  }

  /** A search's result and, with {@code --summarize}, its summary. */
  private record Found(SearchResult result, @Nullable TrialSummary summary) {}

  private Found find(TrialsServices services, StudyQuery query) {
    if (!summarize) {
      return new Found(services.client().search(query).join(), null);
    }
    TrialsState state =
        TrialsFlow.create(services.client(), services.summarizer()).run(query).join();
    return new Found(Objects.requireNonNull(state.result()), state.summary());
  }

  private StudyQuery query() {
    StudyQuery.Builder builder = StudyQuery.builder();
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "mutation" -> builder.mutation(mutation).keepExclusionOnly(keepExclusionOnly);
      case "term" -> builder.term(mutation);
      default -> throw new UsageException("--mode must be mutation or term, was \"" + mode + "\"");
    }
    builder.condition(condition).country(country).maxResults(OptionValues.max(max));
    builder.statuses(OptionValues.statuses("--status", statuses));
    if (near != null) {
      double[] point = OptionValues.point("--near", near);
      builder.near(point[0], point[1], distance == null ? DEFAULT_DISTANCE : distance);
    } else if (distance != null) {
      throw new UsageException("--distance needs --near LAT,LON");
    }
    return builder.build();
  }
}
