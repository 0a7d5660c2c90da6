package dev.asyncflow.trials.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demo data itself: unmistakably synthetic, varied, and in the API's shape. */
class DemoDataTest {
  private final List<DemoStudy> studies = DemoData.get().studies();

  @Test
  void everyStudy_isMarkedAsDemoData_inAnUnassignedIdRange() {
    assertThat(studies).hasSizeBetween(25, 40);
    assertThat(studies)
        .allSatisfy(study -> assertThat(study.nctId()).matches("NCT099[0-9]{5}"))
        .allSatisfy(
            study ->
                assertThat(
                        protocol(study).path("identificationModule").path("officialTitle").asText())
                    .startsWith("DEMO DATA, not a real trial: "))
        .allSatisfy(
            study ->
                assertThat(protocol(study).path("identificationModule").path("briefTitle").asText())
                    .isNotBlank()
                    .doesNotContain("DEMO DATA"));
  }

  @Test
  void phasesStatusesAndCountries_areVaried() {
    Set<String> phases = values("designModule", "phases");
    Set<String> statuses = values("statusModule", "overallStatus");
    Set<String> countries = new HashSet<>();
    Set<String> interventionTypes = new HashSet<>();
    Set<List<String>> phaseLists = new HashSet<>();
    for (DemoStudy study : studies) {
      protocol(study)
          .path("contactsLocationsModule")
          .path("locations")
          .forEach(location -> countries.add(location.path("country").asText()));
      protocol(study)
          .path("armsInterventionsModule")
          .path("interventions")
          .forEach(intervention -> interventionTypes.add(intervention.path("type").asText()));
      List<String> list = new java.util.ArrayList<>();
      protocol(study).path("designModule").path("phases").forEach(p -> list.add(p.asText()));
      phaseLists.add(list);
    }

    assertThat(phases).contains("EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA");
    assertThat(phaseLists).contains(List.of("PHASE1", "PHASE2"));
    assertThat(statuses)
        .contains(
            "RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED", "TERMINATED");
    assertThat(countries)
        .contains("United States", "Germany", "France", "Japan", "Canada", "Spain");
    assertThat(interventionTypes).contains("DRUG", "BIOLOGICAL", "PROCEDURE");
  }

  @Test
  void locations_haveRealCoordinates() {
    List<GeoPoint> points = studies.stream().flatMap(s -> s.geoPoints().stream()).toList();

    assertThat(points)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(Math.abs(p.lat())).isLessThanOrEqualTo(90))
        .allSatisfy(p -> assertThat(Math.abs(p.lon())).isLessThanOrEqualTo(180));
    GeoPoint berlin = new GeoPoint(52.52437, 13.41053);
    GeoPoint paris = new GeoPoint(48.85341, 2.3488);
    assertThat(berlin.kilometresTo(paris)).isBetween(870.0, 885.0);
  }

  @Test
  void someModules_areMissing_asInRealRecords() {
    assertThat(missing("descriptionModule")).isPositive();
    assertThat(missing("contactsLocationsModule")).isPositive();
    assertThat(missing("sponsorCollaboratorsModule")).isPositive();
    assertThat(studies)
        .anySatisfy(
            study -> assertThat(protocol(study).path("designModule").has("phases")).isFalse());
  }

  @Test
  void eligibility_hasInclusionAndExclusionSections() {
    assertThat(studies)
        .filteredOn(study -> protocol(study).has("eligibilityModule"))
        .allSatisfy(
            study ->
                assertThat(
                        protocol(study)
                            .path("eligibilityModule")
                            .path("eligibilityCriteria")
                            .asText())
                    .contains("Inclusion Criteria:", "Exclusion Criteria:"));
  }

  @Test
  void lookup_ignoresCaseAndLeadingZeros() {
    assertThat(DemoData.get().study("nct9900001")).map(DemoStudy::nctId).hasValue("NCT09900001");
    assertThat(DemoData.get().study("NCT0009900001")).isPresent();
    assertThat(DemoData.get().study("NCT00000000")).isEmpty();
    assertThat(DemoData.get().study("bogus")).isEmpty();
  }

  private long missing(String module) {
    return studies.stream().filter(study -> !protocol(study).has(module)).count();
  }

  private Set<String> values(String module, String field) {
    Set<String> values = new HashSet<>();
    for (DemoStudy study : studies) {
      JsonNode value = protocol(study).path(module).path(field);
      Stream.of(value)
          .flatMap(
              v ->
                  v.isArray()
                      ? java.util.stream.StreamSupport.stream(v.spliterator(), false)
                      : Stream.of(v))
          .filter(JsonNode::isTextual)
          .forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static JsonNode protocol(DemoStudy study) {
    return study.json().path("protocolSection");
  }
}
