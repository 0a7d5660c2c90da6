package dev.asyncflow.examples.customnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the example on the offline demo data, as {@code main} does without {@code --online}. */
class CustomNodeExampleTest {
  private static final String MUTATION = "BRAF V600E";

  /** The demo data's studies for the mutation, as a plain search finds them. */
  private static List<Study> demoStudies;

  /** A country with at least one recruiting demo study for the mutation. */
  private static String country;

  @BeforeAll
  static void readTheDemoData() throws Exception {
    try (DemoTrialsServer demo = DemoTrialsServer.start();
        HttpClientManager http = HttpClientManager.create()) {
      ClinicalTrialsClient client =
          ClinicalTrialsClient.builder(http).baseUri(demo.baseUri()).build();
      StudyQuery query = StudyQuery.builder().mutation(MUTATION).maxResults(50).build();
      demoStudies = client.search(query).get(10, TimeUnit.SECONDS).studies();
    }
    Optional<String> recruitingCountry =
        demoStudies.stream()
            .filter(study -> "RECRUITING".equals(study.overallStatus()))
            .flatMap(study -> study.locations().stream())
            .map(Study.Location::country)
            .filter(Objects::nonNull)
            .findFirst();
    assertThat(recruitingCountry).as("a recruiting demo study with a site").isPresent();
    country = recruitingCountry.get();
  }

  @Test
  void keepsOnlyStudiesRecruitingInTheCountry() {
    Run run = run("--country", country, "--mutation", MUTATION);

    assertThat(run.exitCode()).isZero();
    Map<String, Study> byId =
        demoStudies.stream().collect(Collectors.toMap(Study::nctId, study -> study));
    List<String> kept = run.keptIds();
    assertThat(kept).isNotEmpty();
    for (String nctId : kept) {
      Study study = byId.get(nctId);
      assertThat(study.overallStatus()).as(nctId).isEqualTo("RECRUITING");
      assertThat(study.locations()).as(nctId).anyMatch(l -> country.equalsIgnoreCase(l.country()));
    }
    List<String> expected =
        demoStudies.stream()
            .filter(s -> "RECRUITING".equals(s.overallStatus()))
            .filter(
                s -> s.locations().stream().anyMatch(l -> country.equalsIgnoreCase(l.country())))
            .map(Study::nctId)
            .toList();
    assertThat(kept).containsExactlyElementsOf(expected);
    assertThat(run.output())
        .contains(
            "Recruiting in "
                + country
                + ": "
                + kept.size()
                + " of the "
                + demoStudies.size()
                + " studies found for \""
                + MUTATION
                + "\"\n");
  }

  @Test
  void printsEachNodesStartAndEndWithItsTiming() {
    Run run = run("--country", country, "--mutation", MUTATION);

    for (String node : List.of("queryTrials", "recruiting in " + country, "summarizeTrials")) {
      assertThat(run.output())
          .contains("  start  " + node + "\n")
          .containsPattern("  end    " + node + "  \\d+\\.\\d ms  \\(action: default\\)\n");
    }
    assertThat(run.output().indexOf("  start  queryTrials"))
        .isLessThan(run.output().indexOf("  start  recruiting in " + country))
        .isLessThan(run.output().indexOf("  start  summarizeTrials"));
  }

  @Test
  void printsTheFlowAsMermaid() {
    Run run = run("--country", country, "--mutation", MUTATION);

    assertThat(run.output())
        .contains("flowchart TD")
        .contains("[\"queryTrials\"]")
        .contains("[\"recruiting in " + country + "\"]")
        .contains("[\"summarizeTrials\"]");
  }

  @Test
  void saysTheDataIsDemoDataAndSummarizesLocally() {
    Run run = run("--country", country);

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("DEMO DATA").contains("local summarizer");
  }

  @Test
  void aCountryWithoutStudies_keepsNone() {
    Run run = run("--country", "Atlantis");

    assertThat(run.exitCode()).isZero();
    assertThat(run.keptIds()).isEmpty();
    assertThat(run.output()).contains("Recruiting in Atlantis: 0 of the ");
  }

  @Test
  void aBlankMutation_isBadInput() {
    Run run = run("--mutation", " ");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).startsWith("Invalid input: ");
  }

  @Test
  void help_printsTheOptions() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("--country").contains("--mutation").contains("--online");
  }

  @Test
  void anUnknownOption_isBadUsage() {
    assertThat(run("--contry", "Germany").exitCode()).isEqualTo(2);
  }

  /** What one run printed and returned. */
  private record Run(int exitCode, String output) {
    /** The NCT ids of the studies listed as kept. */
    List<String> keptIds() {
      return output
          .lines()
          .filter(line -> line.matches("  NCT\\d+  .*"))
          .map(line -> line.strip().split("\\s+")[0])
          .toList();
    }
  }

  private static Run run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Function<String, String> noEnvironment = name -> null;
    int exitCode = CustomNodeExample.run(args, out, noEnvironment);
    return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
  }
}
