package dev.asyncflow.examples.customnode;

import dev.asyncflow.core.Node;
import dev.asyncflow.core.RunContext;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.TrialsState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A step for {@link dev.asyncflow.trials.TrialsFlow}: keeps the studies that are recruiting and
 * have a site in one country, so that only those are summarized. Insert it with {@code
 * TrialsFlow.builder(client, summarizer).afterQuery(new RecruitingInCountry("Germany"))}.
 *
 * <p>Thread-safe: it holds only its country, so one instance serves concurrent runs.
 */
// docs:docs/getting-started.md#custom-node begin
public final class RecruitingInCountry extends Node<TrialsState, List<Study>, List<Study>> {
  private final String country;

  public RecruitingInCountry(String country) {
    this.country = country;
    setName("recruiting in " + country);
  }

  @Override
  protected List<Study> prep(TrialsState state, RunContext ctx) {
    return state.studies(); // what the search found
  }

  @Override
  protected List<Study> exec(@Nullable List<Study> studies, RunContext ctx) {
    // @Nullable as in Node: a prep may return null (this one never does).
    return studies == null ? List.of() : studies.stream().filter(this::keeps).toList();
  }

  @Override
  protected @Nullable String post(
      TrialsState state, @Nullable List<Study> found, @Nullable List<Study> kept, RunContext ctx) {
    state.setStudies(kept == null ? List.of() : kept); // what the summarizer sees
    return null; // the default action: on to the summary
  }

  private boolean keeps(Study study) {
    return "RECRUITING".equals(study.overallStatus())
        && study.locations().stream().anyMatch(site -> country.equalsIgnoreCase(site.country()));
  }
}
// docs:docs/getting-started.md#custom-node end
