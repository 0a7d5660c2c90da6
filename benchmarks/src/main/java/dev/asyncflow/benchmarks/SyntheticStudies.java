package dev.asyncflow.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * Synthetic ClinicalTrials.gov API v2 pages for the load harnesses: each study carries the modules
 * the trials client reads (identification, status, sponsor, conditions, design, arms and
 * interventions, eligibility, locations), about 1.3 KB of JSON, so that parsing a page costs what
 * parsing a real page of slim studies costs. The studies of a search term are a pure function of
 * the term, so two runs over the same mutations receive the same studies.
 */
final class SyntheticStudies {
  private SyntheticStudies() {}

  /**
   * Returns one page of {@code pageSize} studies for {@code term}, as UTF-8 JSON.
   *
   * @param term the search term, used to derive stable NCT ids
   * @param pageSize how many studies the page holds
   * @param countTotal whether to include {@code totalCount}, as the API does on request
   * @return the page
   */
  static byte[] page(String term, int pageSize, boolean countTotal) {
    int base = Math.floorMod(term.hashCode(), 9_000_000) + 1_000_000;
    StringBuilder json = new StringBuilder(pageSize * 1400 + 100).append("{\"studies\":[");
    for (int i = 0; i < pageSize; i++) {
      if (i > 0) {
        json.append(',');
      }
      appendStudy(json, "NCT0" + (base + i * 7), jsonText(term), i);
    }
    json.append(']');
    if (countTotal) {
      json.append(",\"totalCount\":").append(pageSize * 3);
    }
    json.append(",\"nextPageToken\":\"").append(Integer.toHexString(base)).append("\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendStudy(StringBuilder json, String nctId, String term, int index) {
    String phase = index % 3 == 0 ? "PHASE2" : index % 3 == 1 ? "PHASE1\",\"PHASE2" : "PHASE3";
    json.append("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"")
        .append(nctId)
        .append("\",\"briefTitle\":\"A Study of Targeted Therapy ")
        .append(index)
        .append(" in Patients With ")
        .append(term)
        .append(" Positive Non-Small Cell Lung Cancer\",\"officialTitle\":\"A Phase 2, Open-Label,")
        .append(" Multicenter Study of an Investigational Inhibitor in Adults With Advanced or")
        .append(" Metastatic Solid Tumors Harboring ")
        .append(term)
        .append("\"},\"statusModule\":{\"overallStatus\":\"RECRUITING\",")
        .append("\"startDateStruct\":{\"date\":\"2025-03-01\"},")
        .append("\"lastUpdatePostDateStruct\":{\"date\":\"2026-10-15\"}},")
        .append("\"sponsorCollaboratorsModule\":{\"leadSponsor\":{\"name\":\"Example Oncology\",")
        .append("\"class\":\"INDUSTRY\"}},\"descriptionModule\":{\"briefSummary\":\"This study ")
        .append("tests whether an investigational inhibitor shrinks tumors that carry ")
        .append(term)
        .append(" and how safe it is.\"},\"conditionsModule\":{\"conditions\":[\"Non-Small Cell")
        .append(" Lung Cancer\",\"Solid Tumor\"],\"keywords\":[\"")
        .append(term)
        .append("\"]},\"designModule\":{\"studyType\":\"INTERVENTIONAL\",\"phases\":[\"")
        .append(phase)
        .append("\"],\"enrollmentInfo\":{\"count\":120}},\"armsInterventionsModule\":")
        .append("{\"interventions\":[{\"type\":\"DRUG\",\"name\":\"Investigational inhibitor\"},")
        .append("{\"type\":\"DRUG\",\"name\":\"Carboplatin\"}]},\"eligibilityModule\":")
        .append("{\"eligibilityCriteria\":\"Inclusion Criteria:\\n\\n* Documented ")
        .append(term)
        .append(" by a validated test\\n* Measurable disease per RECIST 1.1\\n\\nExclusion ")
        .append("Criteria:\\n\\n* Symptomatic brain metastases\",\"minimumAge\":\"18 Years\"},")
        .append("\"contactsLocationsModule\":{\"locations\":[{\"facility\":\"City Cancer")
        .append(" Center\",\"city\":\"Boston\",\"country\":\"United States\"}]}}}");
  }

  private static String jsonText(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
