package dev.asyncflow.trials.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One demo study: its JSON as served, and what searches read from it.
 *
 * @param nctId its NCT id, such as {@code NCT09900001}
 * @param json the whole study, as the API's {@code studies[]} items and {@code /studies/{id}}
 * @param overallStatus {@code statusModule.overallStatus}, or null when missing
 * @param text the searchable text of the whole study, every location included
 * @param locations the searchable text of each location on its own
 * @param geoPoints the locations' coordinates, for those that have them
 */
record DemoStudy(
    String nctId,
    JsonNode json,
    @Nullable String overallStatus,
    Searchable text,
    List<Searchable> locations,
    List<GeoPoint> geoPoints) {

  /**
   * Reads a study in the API's shape; every module may be missing.
   *
   * @param json one study
   * @return the study
   * @throws IllegalStateException if it has no NCT id
   */
  static DemoStudy of(JsonNode json) {
    JsonNode protocol = json.path("protocolSection");
    String nctId = protocol.path("identificationModule").path("nctId").asText("");
    if (nctId.isEmpty()) {
      throw new IllegalStateException("a demo study has no nctId: " + json);
    }
    List<Searchable> locations = new ArrayList<>();
    List<GeoPoint> geoPoints = new ArrayList<>();
    for (JsonNode location : protocol.path("contactsLocationsModule").path("locations")) {
      locations.add(location(location));
      JsonNode point = location.path("geoPoint");
      if (point.path("lat").isNumber() && point.path("lon").isNumber()) {
        geoPoints.add(new GeoPoint(point.path("lat").asDouble(), point.path("lon").asDouble()));
      }
    }
    Searchable.Builder text = study(protocol);
    locations.forEach(text::addAll);
    JsonNode status = protocol.path("statusModule").path("overallStatus");
    return new DemoStudy(
        nctId,
        json,
        status.isTextual() ? status.asText() : null,
        text.build(),
        List.copyOf(locations),
        List.copyOf(geoPoints));
  }

  private static Searchable.Builder study(JsonNode protocol) {
    Searchable.Builder text = new Searchable.Builder();
    JsonNode identification = protocol.path("identificationModule");
    add(text, Area.NCT_ID, identification.path("nctId"));
    add(text, Area.BRIEF_TITLE, identification.path("briefTitle"));
    add(text, Area.OFFICIAL_TITLE, identification.path("officialTitle"));
    add(text, Area.OVERALL_STATUS, protocol.path("statusModule").path("overallStatus"));
    add(
        text,
        Area.LEAD_SPONSOR_NAME,
        protocol.path("sponsorCollaboratorsModule").path("leadSponsor").path("name"));
    add(text, Area.BRIEF_SUMMARY, protocol.path("descriptionModule").path("briefSummary"));
    JsonNode conditions = protocol.path("conditionsModule");
    add(text, Area.CONDITION, conditions.path("conditions"));
    add(text, Area.KEYWORD, conditions.path("keywords"));
    JsonNode design = protocol.path("designModule");
    add(text, Area.STUDY_TYPE, design.path("studyType"));
    add(text, Area.PHASE, design.path("phases"));
    for (JsonNode intervention : protocol.path("armsInterventionsModule").path("interventions")) {
      add(text, Area.INTERVENTION_NAME, intervention.path("name"));
      add(text, Area.INTERVENTION_TYPE, intervention.path("type"));
    }
    JsonNode eligibility = protocol.path("eligibilityModule");
    add(text, Area.ELIGIBILITY_CRITERIA, eligibility.path("eligibilityCriteria"));
    add(text, Area.SEX, eligibility.path("sex"));
    return text;
  }

  private static Searchable location(JsonNode location) {
    Searchable.Builder text = new Searchable.Builder();
    add(text, Area.LOCATION_FACILITY, location.path("facility"));
    add(text, Area.LOCATION_CITY, location.path("city"));
    add(text, Area.LOCATION_STATE, location.path("state"));
    add(text, Area.LOCATION_COUNTRY, location.path("country"));
    add(text, Area.LOCATION_STATUS, location.path("status"));
    return text.build();
  }

  /** Adds a text value, or each text item of an array; anything else is skipped. */
  private static void add(Searchable.Builder text, Area area, JsonNode value) {
    if (value.isTextual()) {
      text.add(area, value.asText());
    } else if (value.isArray()) {
      value.forEach(item -> add(text, area, item));
    }
  }
}
