package dev.asyncflow.trials.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The study fields an Essie {@code AREA[...]} can name on the demo server, by their API names.
 * Location areas hold the values of one location when a location is searched on its own ({@code
 * query.locn}), and of every location when the whole study is.
 */
enum Area {
  NCT_ID("NCTId"),
  BRIEF_TITLE("BriefTitle"),
  OFFICIAL_TITLE("OfficialTitle"),
  BRIEF_SUMMARY("BriefSummary"),
  CONDITION("Condition"),
  KEYWORD("Keyword"),
  INTERVENTION_NAME("InterventionName"),
  INTERVENTION_TYPE("InterventionType"),
  ELIGIBILITY_CRITERIA("EligibilityCriteria"),
  LEAD_SPONSOR_NAME("LeadSponsorName"),
  OVERALL_STATUS("OverallStatus"),
  PHASE("Phase"),
  STUDY_TYPE("StudyType"),
  SEX("Sex"),
  LOCATION_FACILITY("LocationFacility"),
  LOCATION_CITY("LocationCity"),
  LOCATION_STATE("LocationState"),
  LOCATION_COUNTRY("LocationCountry"),
  LOCATION_STATUS("LocationStatus");

  private static final Map<String, Area> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(a -> key(a.apiName), Function.identity()));

  private final String apiName;

  Area(String apiName) {
    this.apiName = apiName;
  }

  /**
   * Returns the area the API calls {@code name}, case ignored.
   *
   * @param name such as {@code EligibilityCriteria}
   * @return the area
   * @throws BadRequestException if the demo server does not know the area
   */
  static Area named(String name) {
    Area area = BY_NAME.get(key(name));
    if (area == null) {
      throw new BadRequestException("Unknown search area: AREA[" + name + "]");
    }
    return area;
  }

  /** Returns the API's name of the area, such as {@code EligibilityCriteria}. */
  String apiName() {
    return apiName;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
