package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.StudyQuery;
import java.net.URI;
import java.util.List;

/** Studies and results built in memory for rendering tests. */
final class Studies {
  private Studies() {}

  static Study study(
      String nctId, String title, String status, List<String> phases, String sponsor) {
    return new Study(
        nctId,
        title,
        null,
        status,
        "2024-01",
        sponsor,
        "A brief summary.",
        List.of("Melanoma"),
        List.of(),
        "INTERVENTIONAL",
        phases,
        40,
        List.of(new Study.Intervention("DRUG", "Dabrafenib")),
        null,
        List.of(),
        URI.create("https://clinicaltrials.gov/study/" + nctId),
        false,
        JsonNodeFactory.instance.objectNode());
  }

  static Study braf() {
    return study(
        "NCT09900001",
        "Dabrafenib for BRAF V600E melanoma",
        "RECRUITING",
        List.of("PHASE2"),
        "Example Oncology Group");
  }

  static Study kras() {
    return study(
        "NCT09900002",
        "A *bold* [link](http://x) title",
        "NOT_YET_RECRUITING",
        List.of("PHASE1", "PHASE2"),
        "Sponsor_With_Underscores");
  }

  static SearchResult result(String mutation, Integer total, Study... studies) {
    return new SearchResult(StudyQuery.ofMutation(mutation), List.of(studies), total, 0);
  }
}
