package dev.asyncflow.examples.customnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.asyncflow.core.AsyncFlow;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialsState;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecruitingInCountryTest {

  @Test
  void keepsOnlyRecruitingStudiesWithASiteInTheCountry() throws Exception {
    TrialsState state = new TrialsState(StudyQuery.ofMutation("BRAF V600E"));
    state.setResult(
        new SearchResult(
            state.query(),
            List.of(
                study("NCT1", "RECRUITING", "Germany", "France"),
                study("NCT2", "RECRUITING", "France"),
                study("NCT3", "COMPLETED", "Germany"),
                study("NCT4", "RECRUITING", "germany"),
                study("NCT5", "RECRUITING"),
                study("NCT6", null, "Germany")),
            6,
            0));

    new AsyncFlow<>(new RecruitingInCountry("Germany")).runAsync(state).get(5, TimeUnit.SECONDS);

    assertThat(state.studies()).extracting(Study::nctId).containsExactly("NCT1", "NCT4");
    assertThat(state.result().studies()).hasSize(6);
  }

  @Test
  void isNamedAfterItsCountry() {
    assertThat(new RecruitingInCountry("United States").name())
        .isEqualTo("recruiting in United States");
  }

  private static Study study(String nctId, String status, String... countries) {
    List<Study.Location> sites =
        List.of(countries).stream()
            .map(country -> new Study.Location("Site", "City", null, country, null))
            .toList();
    return new Study(
        nctId,
        "Study " + nctId,
        null,
        status,
        null,
        null,
        null,
        List.of(),
        List.of(),
        null,
        List.of(),
        null,
        List.of(),
        null,
        sites,
        URI.create("https://clinicaltrials.gov/study/" + nctId),
        false,
        JsonNodeFactory.instance.objectNode());
  }
}
