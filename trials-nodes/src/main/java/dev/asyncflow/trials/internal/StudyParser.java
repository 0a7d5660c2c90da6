package dev.asyncflow.trials.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncflow.trials.Study;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads ClinicalTrials.gov API v2 study records and search pages into {@link Study} values.
 *
 * <p>Lenient: a module or field that is missing, JSON {@code null} or of the wrong JSON type (a
 * number where text is expected, an object where an array is) is read as missing, giving a null
 * field or an empty list; list elements of the wrong type are skipped; unknown fields are ignored
 * and stay in {@link Study#raw()}. Only a record that cannot be a study at all is refused with a
 * {@link MalformedStudyException}: one that is not a JSON object, or whose {@code
 * protocolSection.identificationModule.nctId} is missing, blank or not letters and digits (the NCT
 * id makes the study's URL).
 *
 * <p>Stateless and thread-safe.
 */
public final class StudyParser {
  private static final String STUDY_PAGE = "https://clinicaltrials.gov/study/";

  private static final Pattern USABLE_NCT_ID = Pattern.compile("[A-Za-z0-9]+");

  private StudyParser() {}

  /**
   * One page of a study search ({@code GET /api/v2/studies}). Immutable and thread-safe.
   *
   * @param studies the page's studies, in the server's order
   * @param totalCount how many studies match the whole search; the server sends it on the first
   *     page only, when asked with {@code countTotal=true}, so null otherwise
   * @param nextPageToken the token that fetches the next page, or null on the last page
   */
  public record Page(
      List<Study> studies, @Nullable Integer totalCount, @Nullable String nextPageToken) {
    /**
     * Copies the studies.
     *
     * @param studies see the record's studies component
     * @param totalCount see the record's totalCount component
     * @param nextPageToken see the record's nextPageToken component
     */
    public Page {
      studies = List.copyOf(studies);
    }
  }

  /**
   * Reads one study record, as {@code GET /api/v2/studies/{nctId}} returns it or as an element of a
   * page's {@code studies}.
   *
   * @param study the record
   * @param mutation the mutation searched for, which decides {@link Study#exclusionOnly()} by
   *     {@link MutationMentions#in(String, String)}; null outside a mutation search
   * @return the study
   * @throws MalformedStudyException if the record is not an object or has no usable NCT id
   */
  public static Study parse(JsonNode study, @Nullable String mutation) {
    return parse(study, mutation == null ? null : MutationMentions.of(mutation));
  }

  private static Study parse(JsonNode study, MutationMentions.@Nullable Finder mutation) {
    if (!study.isObject()) {
      throw new MalformedStudyException("study is not a JSON object: found " + typeOf(study));
    }
    JsonNode protocol = study.path("protocolSection");
    JsonNode identification = protocol.path("identificationModule");
    String nctId = nctId(identification);
    JsonNode status = protocol.path("statusModule");
    JsonNode conditions = protocol.path("conditionsModule");
    JsonNode design = protocol.path("designModule");
    Study.Eligibility eligibility = eligibility(protocol.path("eligibilityModule"));
    return new Study(
        nctId,
        text(identification, "briefTitle"),
        text(identification, "officialTitle"),
        text(status, "overallStatus"),
        text(status.path("startDateStruct"), "date"),
        text(protocol.path("sponsorCollaboratorsModule").path("leadSponsor"), "name"),
        text(protocol.path("descriptionModule"), "briefSummary"),
        texts(conditions, "conditions"),
        texts(conditions, "keywords"),
        text(design, "studyType"),
        texts(design, "phases"),
        integer(design.path("enrollmentInfo"), "count"),
        objects(
            protocol.path("armsInterventionsModule"), "interventions", StudyParser::intervention),
        eligibility,
        objects(protocol.path("contactsLocationsModule"), "locations", StudyParser::location),
        URI.create(STUDY_PAGE + nctId),
        isExclusionOnly(eligibility, mutation),
        study);
  }

  /**
   * Reads one page of a study search: its {@code studies}, {@code totalCount} and {@code
   * nextPageToken}. A missing {@code studies} is an empty page; a {@code totalCount} that is not an
   * integer and a {@code nextPageToken} that is not text or is blank are read as missing.
   *
   * @param page the response body
   * @param mutation the mutation searched for, or null; see {@link #parse(JsonNode, String)}
   * @return the page
   * @throws MalformedStudyException if the body is not an object, its {@code studies} is not an
   *     array, or one of its studies is malformed
   */
  public static Page parsePage(JsonNode page, @Nullable String mutation) {
    if (!page.isObject()) {
      throw new MalformedStudyException("response is not a JSON object: found " + typeOf(page));
    }
    MutationMentions.Finder finder = mutation == null ? null : MutationMentions.of(mutation);
    JsonNode records = studiesArray(page);
    List<Study> studies = new ArrayList<>(records.size());
    for (JsonNode study : records) {
      studies.add(parse(study, finder));
    }
    return new Page(studies, integer(page, "totalCount"), nextPageToken(page));
  }

  private static @Nullable String nextPageToken(JsonNode page) {
    String token = text(page, "nextPageToken");
    return token == null || token.isBlank() ? null : token;
  }

  private static JsonNode studiesArray(JsonNode page) {
    JsonNode studies = page.path("studies");
    if (!studies.isArray() && !isAbsent(studies)) {
      throw new MalformedStudyException("response has no studies array: found " + typeOf(studies));
    }
    return studies;
  }

  private static String nctId(JsonNode identification) {
    String nctId = text(identification, "nctId");
    if (nctId == null || nctId.isBlank()) {
      throw new MalformedStudyException("study has no protocolSection.identificationModule.nctId");
    }
    String stripped = nctId.strip();
    if (!USABLE_NCT_ID.matcher(stripped).matches()) {
      throw new MalformedStudyException(
          "study has an unusable protocolSection.identificationModule.nctId "
              + SearchText.quote(nctId)
              + ": only letters and digits make a study URL");
    }
    return stripped;
  }

  private static Study.@Nullable Eligibility eligibility(JsonNode module) {
    if (!module.isObject()) {
      return null;
    }
    return new Study.Eligibility(
        text(module, "eligibilityCriteria"),
        text(module, "sex"),
        text(module, "minimumAge"),
        text(module, "maximumAge"));
  }

  private static boolean isExclusionOnly(
      Study.@Nullable Eligibility eligibility, MutationMentions.@Nullable Finder mutation) {
    if (mutation == null) {
      return false;
    }
    String criteria = eligibility == null ? null : eligibility.criteria();
    return mutation.in(criteria) == MutationMentions.Where.EXCLUSION;
  }

  private static Study.Intervention intervention(JsonNode intervention) {
    return new Study.Intervention(text(intervention, "type"), text(intervention, "name"));
  }

  private static Study.Location location(JsonNode location) {
    return new Study.Location(
        text(location, "facility"),
        text(location, "city"),
        text(location, "state"),
        text(location, "country"),
        text(location, "status"));
  }

  private static @Nullable String text(JsonNode parent, String field) {
    JsonNode value = parent.path(field);
    return value.isTextual() ? value.textValue() : null;
  }

  private static @Nullable Integer integer(JsonNode parent, String field) {
    JsonNode value = parent.path(field);
    return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
  }

  private static List<String> texts(JsonNode parent, String field) {
    return elements(parent, field, JsonNode::isTextual, JsonNode::textValue);
  }

  private static <T> List<T> objects(JsonNode parent, String field, Function<JsonNode, T> reader) {
    return elements(parent, field, JsonNode::isObject, reader);
  }

  /**
   * The elements of the array {@code parent.field} that pass {@code keep}, read; none when it is
   * not an array. Plain loops: a batch parses every study of every page, and streams here showed up
   * in its allocation profile.
   */
  private static <T> List<T> elements(
      JsonNode parent, String field, Predicate<JsonNode> keep, Function<JsonNode, T> reader) {
    JsonNode array = parent.path(field);
    if (!array.isArray() || array.isEmpty()) {
      return List.of();
    }
    List<T> read = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      if (keep.test(element)) {
        read.add(reader.apply(element));
      }
    }
    return read;
  }

  private static boolean isAbsent(JsonNode value) {
    return value.isMissingNode() || value.isNull();
  }

  private static String typeOf(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
