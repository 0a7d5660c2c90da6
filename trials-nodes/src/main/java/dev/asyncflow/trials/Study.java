package dev.asyncflow.trials;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One study record from ClinicalTrials.gov API v2, with the fields most applications need.
 *
 * <p>Parsed leniently: any module of the record may be missing, so every field but {@link
 * #nctId()}, {@link #url()} and the lists may be null, and a missing list is empty. Unknown fields
 * are ignored here and stay reachable in {@link #raw()}. Status and phases keep the API's own
 * values (such as {@code "RECRUITING"} and {@code "PHASE2"}) so that a value this version does not
 * know is kept, not dropped; {@link OverallStatus#fromApi(String)} and {@link
 * Phase#fromApi(String)} read them.
 *
 * <p>Immutable and thread-safe as long as the JSON node it was constructed with is not changed:
 * lists are unmodifiable copies and {@link #raw()} returns a copy, but the record keeps the node it
 * is given (studies from the client hold a node nobody else can reach), so code that builds a
 * {@code Study} itself must not change that node afterwards.
 *
 * @param nctId the NCT id, such as {@code "NCT06604689"} ({@code identificationModule.nctId})
 * @param briefTitle {@code identificationModule.briefTitle}
 * @param officialTitle {@code identificationModule.officialTitle}
 * @param overallStatus {@code statusModule.overallStatus}, an API value such as {@code
 *     "RECRUITING"}
 * @param startDate {@code statusModule.startDateStruct.date}, as the API writes it ({@code
 *     "2024-09-30"} or {@code "2024-09"})
 * @param leadSponsor {@code sponsorCollaboratorsModule.leadSponsor.name}
 * @param briefSummary {@code descriptionModule.briefSummary}
 * @param conditions {@code conditionsModule.conditions}
 * @param keywords {@code conditionsModule.keywords}
 * @param studyType {@code designModule.studyType}, such as {@code "INTERVENTIONAL"}
 * @param phases {@code designModule.phases}, API values such as {@code "PHASE2"}, in record order
 * @param enrollment {@code designModule.enrollmentInfo.count}
 * @param interventions {@code armsInterventionsModule.interventions}
 * @param eligibility {@code eligibilityModule}
 * @param locations {@code contactsLocationsModule.locations}
 * @param url the study's page on clinicaltrials.gov
 * @param exclusionOnly whether the study names the searched mutation in its eligibility criteria
 *     only under the exclusion criteria (always false outside a mutation search)
 * @param raw the study's JSON as the server sent it
 */
public record Study(
    String nctId,
    @Nullable String briefTitle,
    @Nullable String officialTitle,
    @Nullable String overallStatus,
    @Nullable String startDate,
    @Nullable String leadSponsor,
    @Nullable String briefSummary,
    List<String> conditions,
    List<String> keywords,
    @Nullable String studyType,
    List<String> phases,
    @Nullable Integer enrollment,
    List<Intervention> interventions,
    @Nullable Eligibility eligibility,
    List<Location> locations,
    URI url,
    boolean exclusionOnly,
    JsonNode raw) {

  /**
   * Copies the lists and checks the required components. The JSON node is kept as given, not
   * copied: do not change it afterwards.
   *
   * @param nctId see the record's nctId component
   * @param briefTitle see the record's briefTitle component
   * @param officialTitle see the record's officialTitle component
   * @param overallStatus see the record's overallStatus component
   * @param startDate see the record's startDate component
   * @param leadSponsor see the record's leadSponsor component
   * @param briefSummary see the record's briefSummary component
   * @param conditions see the record's conditions component
   * @param keywords see the record's keywords component
   * @param studyType see the record's studyType component
   * @param phases see the record's phases component
   * @param enrollment see the record's enrollment component
   * @param interventions see the record's interventions component
   * @param eligibility see the record's eligibility component
   * @param locations see the record's locations component
   * @param url see the record's url component
   * @param exclusionOnly see the record's exclusionOnly component
   * @param raw see the record's raw component
   * @throws NullPointerException if a required component or a list element is null
   */
  public Study {
    Objects.requireNonNull(nctId, "nctId");
    conditions = List.copyOf(conditions);
    keywords = List.copyOf(keywords);
    phases = List.copyOf(phases);
    interventions = List.copyOf(interventions);
    locations = List.copyOf(locations);
    Objects.requireNonNull(url, "url");
    // Not copied: the parser hands over a node nobody else holds, and copying every study's tree
    // was a large share of a batch's CPU and allocation. raw() still returns a copy.
  }

  /**
   * Returns the study's JSON as the server sent it, every field included.
   *
   * @return a copy the caller may change
   */
  @Override
  public JsonNode raw() {
    return raw.deepCopy();
  }

  /**
   * Returns the title to show: the brief title, else the official title, else the NCT id.
   *
   * @return never blank
   */
  public String title() {
    if (briefTitle != null && !briefTitle.isBlank()) {
      return briefTitle;
    }
    return officialTitle != null && !officialTitle.isBlank() ? officialTitle : nctId;
  }

  /**
   * One intervention of a study ({@code armsInterventionsModule.interventions[]}). Immutable.
   *
   * @param type the API's type, such as {@code "DRUG"}, or null when missing
   * @param name the intervention's name, or null when missing
   */
  public record Intervention(@Nullable String type, @Nullable String name) {}

  /**
   * A study's eligibility ({@code eligibilityModule}). Immutable.
   *
   * @param criteria the free-text criteria, usually with inclusion and exclusion sections
   * @param sex {@code ALL}, {@code FEMALE} or {@code MALE}
   * @param minimumAge such as {@code "18 Years"}
   * @param maximumAge such as {@code "75 Years"}
   */
  public record Eligibility(
      @Nullable String criteria,
      @Nullable String sex,
      @Nullable String minimumAge,
      @Nullable String maximumAge) {}

  /**
   * One site of a study ({@code contactsLocationsModule.locations[]}). Immutable.
   *
   * @param facility the site's name
   * @param city the city
   * @param state the state or region
   * @param country the country
   * @param status the site's recruitment status, an API value such as {@code "RECRUITING"}
   */
  public record Location(
      @Nullable String facility,
      @Nullable String city,
      @Nullable String state,
      @Nullable String country,
      @Nullable String status) {}
}
