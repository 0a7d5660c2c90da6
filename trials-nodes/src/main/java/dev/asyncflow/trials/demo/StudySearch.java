package dev.asyncflow.trials.demo;

import dev.asyncflow.trials.OverallStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One {@code GET /api/v2/studies}: its parameters checked and turned into a filter and a page.
 * Immutable.
 */
final class StudySearch {
  /** The parameters that choose studies; a page token is tied to their values. */
  private static final Set<String> SELECTING =
      Set.of(
          "query.term",
          "query.cond",
          "query.intr",
          "query.titles",
          "query.spons",
          "query.locn",
          "filter.overallStatus",
          "filter.geo",
          "filter.advanced",
          "sort");

  /** Accepted and without effect: the demo server always answers whole studies in JSON. */
  private static final Set<String> ACCEPTED = Set.of("fields", "format", "countTotal", "pageSize");

  private static final Set<Area> TERM_AREAS =
      EnumSet.of(
          Area.BRIEF_TITLE,
          Area.OFFICIAL_TITLE,
          Area.BRIEF_SUMMARY,
          Area.KEYWORD,
          Area.ELIGIBILITY_CRITERIA,
          Area.CONDITION,
          Area.INTERVENTION_NAME);

  private static final Set<Area> LOCATION_AREAS =
      EnumSet.of(
          Area.LOCATION_FACILITY, Area.LOCATION_CITY, Area.LOCATION_STATE, Area.LOCATION_COUNTRY);

  private static final Pattern DISTANCE =
      Pattern.compile(
          "distance\\(\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*,\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*,"
              + "\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(mi|km)\\s*\\)",
          Pattern.CASE_INSENSITIVE);

  private static final double KILOMETRES_PER_MILE = 1.609344;

  /** The real API's largest page. */
  static final int MAX_PAGE_SIZE = 1000;

  private static final int DEFAULT_PAGE_SIZE = 10;

  private final List<Predicate<DemoStudy>> filters = new ArrayList<>();
  private final Map<String, String> selecting = new LinkedHashMap<>();
  private final int pageSize;
  private final boolean countTotal;
  private final @Nullable String pageToken;

  /**
   * Checks the parameters and prepares the search.
   *
   * @param parameters the decoded query parameters
   * @throws BadRequestException if a parameter is unknown or its value is not valid
   */
  StudySearch(Map<String, String> parameters) {
    parameters.forEach(this::accept);
    this.pageSize = pageSize(parameters.get("pageSize"));
    this.countTotal = bool("countTotal", parameters.get("countTotal"));
    this.pageToken = parameters.get("pageToken");
    checkFormat(parameters.get("format"));
  }

  /**
   * Returns the page this search asks for.
   *
   * @param studies every demo study, in the order pages list them
   * @return the page's studies, the next page's token and the total count when asked for
   * @throws BadRequestException if the page token is not valid for this search
   */
  Page page(List<DemoStudy> studies) {
    List<DemoStudy> found = studies.stream().filter(this::matches).toList();
    String fingerprint = PageToken.fingerprint(selecting);
    int from = pageToken == null ? 0 : PageToken.decode(pageToken, fingerprint, found.size());
    int to = (int) Math.min(found.size(), (long) from + pageSize);
    String next = to < found.size() ? PageToken.encode(to, fingerprint) : null;
    Integer total = countTotal && pageToken == null ? found.size() : null;
    return new Page(found.subList(from, to), next, total);
  }

  /**
   * One page of a search's results.
   *
   * @param studies the page's studies
   * @param nextPageToken the token of the next page, or null on the last page
   * @param totalCount how many studies the search finds in all, or null when not asked for
   */
  record Page(
      List<DemoStudy> studies, @Nullable String nextPageToken, @Nullable Integer totalCount) {}

  private boolean matches(DemoStudy study) {
    for (Predicate<DemoStudy> filter : filters) {
      if (!filter.test(study)) {
        return false;
      }
    }
    return true;
  }

  private void accept(String name, String value) {
    if (SELECTING.contains(name)) {
      selecting.put(name, value);
      filters.add(filter(name, value));
    } else if (!ACCEPTED.contains(name) && !name.equals("pageToken")) {
      throw new BadRequestException(unknown(name));
    }
  }

  private static String unknown(String name) {
    int dot = name.indexOf('.');
    String prefix = dot < 0 ? "" : name.substring(0, dot);
    return Set.of("query", "filter", "postFilter", "aggFilters").contains(prefix)
        ? "Unknown parameter name: " + name
        : "Invalid prefix in parameter name: " + name;
  }

  private static Predicate<DemoStudy> filter(String name, String value) {
    return switch (name) {
      case "query.term", "filter.advanced" -> inStudy(name, value, TERM_AREAS);
      case "query.cond" -> inStudy(name, value, EnumSet.of(Area.CONDITION, Area.KEYWORD));
      case "query.intr" -> inStudy(name, value, EnumSet.of(Area.INTERVENTION_NAME));
      case "query.titles" ->
          inStudy(name, value, EnumSet.of(Area.BRIEF_TITLE, Area.OFFICIAL_TITLE));
      case "query.spons" -> inStudy(name, value, EnumSet.of(Area.LEAD_SPONSOR_NAME));
      case "query.locn" -> atSomeLocation(ExpressionParser.parse(name, value));
      case "filter.overallStatus" -> withStatus(statuses(value));
      case "filter.geo" -> near(value);
      case "sort" -> study -> true;
      default -> throw new IllegalArgumentException("not a selecting parameter: " + name);
    };
  }

  private static Predicate<DemoStudy> inStudy(String name, String value, Set<Area> scope) {
    Expression expression = ExpressionParser.parse(name, value);
    return study -> expression.matches(study.text(), scope);
  }

  private static Predicate<DemoStudy> atSomeLocation(Expression expression) {
    return study ->
        study.locations().stream()
            .anyMatch(location -> expression.matches(location, LOCATION_AREAS));
  }

  private static Set<String> statuses(String value) {
    Set<String> statuses = new HashSet<>();
    for (String item : value.split(",", -1)) {
      String status = item.strip().toUpperCase(Locale.ROOT);
      try {
        statuses.add(OverallStatus.valueOf(status).name());
      } catch (IllegalArgumentException unknown) {
        throw new BadRequestException(
            "Invalid value in filter.overallStatus: \"" + item.strip() + "\"");
      }
    }
    return Set.copyOf(statuses);
  }

  private static Predicate<DemoStudy> withStatus(Set<String> statuses) {
    return study -> {
      String status = study.overallStatus();
      return status != null && statuses.contains(status);
    };
  }

  private static Predicate<DemoStudy> near(String value) {
    Matcher distance = DISTANCE.matcher(value.strip());
    if (!distance.matches()) {
      throw new BadRequestException(
          "Invalid filter.geo: expected distance(latitude,longitude,distance) with the distance"
              + " in mi or km, such as distance(39.0035707,-77.1013313,50mi); was "
              + value);
    }
    GeoPoint centre =
        new GeoPoint(Double.parseDouble(distance.group(1)), Double.parseDouble(distance.group(2)));
    if (Math.abs(centre.lat()) > 90 || Math.abs(centre.lon()) > 180) {
      throw new BadRequestException("Invalid filter.geo: the point is not on Earth: " + value);
    }
    double kilometres =
        Double.parseDouble(distance.group(3))
            * (distance.group(4).equalsIgnoreCase("mi") ? KILOMETRES_PER_MILE : 1);
    return study ->
        study.geoPoints().stream().anyMatch(point -> centre.kilometresTo(point) <= kilometres);
  }

  private static int pageSize(@Nullable String value) {
    if (value == null) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int size = Integer.parseInt(value.strip());
      if (size >= 1 && size <= MAX_PAGE_SIZE) {
        return size;
      }
    } catch (NumberFormatException notANumber) {
      // refused below
    }
    throw new BadRequestException(
        "Invalid pageSize: " + value + " (an integer from 1 to " + MAX_PAGE_SIZE + ")");
  }

  private static boolean bool(String name, @Nullable String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new BadRequestException("Invalid " + name + ": " + value + " (true or false)");
  }

  /**
   * Refuses any format but JSON.
   *
   * @param value the {@code format} parameter, or null
   * @throws BadRequestException if it is given and is not {@code json}
   */
  static void checkFormat(@Nullable String value) {
    if (value != null && !value.equalsIgnoreCase("json")) {
      throw new BadRequestException(
          "Unsupported format: " + value + " (the demo server answers format=json only)");
    }
  }
}
