package dev.asyncflow.trials;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link Study} values for the summarizer tests: {@code study("NCT01000001")} gives a study
 * with only its id and URL, and the {@code with...} methods return changed copies. Immutable.
 */
public final class SummaryStudies {
  private SummaryStudies() {}

  /** Inclusion and exclusion criteria in the layout ClinicalTrials.gov uses. */
  public static String criteria(String inclusion, String exclusion) {
    return "Inclusion Criteria:\n\n* " + inclusion + "\n\nExclusion Criteria:\n\n* " + exclusion;
  }

  /** Returns a study with only an id and its URL: no title, status, phases or other facts. */
  public static Draft study(String nctId) {
    return new Draft(nctId);
  }

  /** A study under construction. Not thread-safe. */
  public static final class Draft {
    private final String nctId;
    private @Nullable String briefTitle;
    private @Nullable String officialTitle;
    private @Nullable String status;
    private @Nullable String sponsor;
    private @Nullable String summary;
    private List<String> conditions = List.of();
    private List<String> phases = List.of();
    private final List<Study.Intervention> interventions = new ArrayList<>();
    private Study.@Nullable Eligibility eligibility;
    private boolean exclusionOnly;

    private Draft(String nctId) {
      this.nctId = nctId;
    }

    public Draft title(String title) {
      this.briefTitle = title;
      return this;
    }

    public Draft officialTitle(String title) {
      this.officialTitle = title;
      return this;
    }

    public Draft status(@Nullable String status) {
      this.status = status;
      return this;
    }

    public Draft sponsor(String sponsor) {
      this.sponsor = sponsor;
      return this;
    }

    public Draft summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Draft conditions(String... conditions) {
      this.conditions = List.of(conditions);
      return this;
    }

    public Draft phases(String... phases) {
      this.phases = List.of(phases);
      return this;
    }

    public Draft intervention(@Nullable String type, @Nullable String name) {
      interventions.add(new Study.Intervention(type, name));
      return this;
    }

    public Draft criteria(String criteria) {
      this.eligibility = new Study.Eligibility(criteria, "ALL", "18 Years", null);
      return this;
    }

    public Draft exclusionOnly() {
      this.exclusionOnly = true;
      return this;
    }

    public Study build() {
      return new Study(
          nctId,
          briefTitle,
          officialTitle,
          status,
          null,
          sponsor,
          summary,
          conditions,
          List.of(),
          "INTERVENTIONAL",
          phases,
          null,
          interventions,
          eligibility,
          List.of(),
          URI.create("https://clinicaltrials.gov/study/" + nctId),
          exclusionOnly,
          JsonNodeFactory.instance.objectNode().put("nctId", nctId));
    }
  }
}
