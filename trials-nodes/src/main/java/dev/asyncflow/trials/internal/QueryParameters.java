package dev.asyncflow.trials.internal;

import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.SearchCache;
import dev.asyncflow.trials.StudyQuery;
import java.net.URI;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Turns a {@link StudyQuery} into the API's request parameters, every user text escaped. */
public final class QueryParameters {
  private QueryParameters() {}

  /**
   * Returns the parameters of the query's first page, page size aside, in a fixed order.
   *
   * @param query the query
   * @return name and raw value pairs, to be URL-encoded by the client
   */
  public static List<Map.Entry<String, String>> of(StudyQuery query) {
    List<Map.Entry<String, String>> parameters = new ArrayList<>();
    add(parameters, "query.term", term(query));
    add(parameters, "query.cond", phraseOrNull(query.condition()));
    add(parameters, "query.intr", phraseOrNull(query.intervention()));
    add(parameters, "query.locn", location(query));
    add(parameters, "filter.overallStatus", statuses(query.statuses()));
    add(parameters, "filter.geo", query.geoFilter());
    add(parameters, "fields", fields(query));
    add(parameters, "sort", query.sort().isEmpty() ? null : String.join(",", query.sort()));
    add(parameters, "countTotal", query.countTotal() ? "true" : null);
    return parameters;
  }

  /**
   * Returns the key a result of {@code query} is cached under.
   *
   * @param api the API's base URI, so that two servers sharing one store never mix their results
   * @param query the query
   * @param parameters the query's parameters, as {@link #of(StudyQuery)} returns them
   * @return the server, the query's parameters in canonical text form, its exclusion-only choice,
   *     and its window
   */
  public static SearchCache.Key cacheKey(
      URI api, StudyQuery query, List<Map.Entry<String, String>> parameters) {
    String canonical =
        api
            + "studies?"
            + parameters.stream()
                .map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("&"))
            + "&keepExclusionOnly="
            + (query.mode() == StudyQuery.Mode.MUTATION && query.keepExclusionOnly());
    return new SearchCache.Key(canonical, query.minRank(), query.maxRank());
  }

  private static @Nullable String term(StudyQuery query) {
    String text = query.text();
    if (text == null) {
      return null;
    }
    return query.mode() == StudyQuery.Mode.MUTATION
        ? Essie.mutationQuery(text)
        : Essie.phrase(text);
  }

  private static @Nullable String phraseOrNull(@Nullable String text) {
    return text == null ? null : Essie.phrase(text);
  }

  private static @Nullable String location(StudyQuery query) {
    List<String> parts = new ArrayList<>(2);
    String country = query.country();
    String city = query.city();
    if (country != null) {
      parts.add(Essie.area("LocationCountry", country));
    }
    if (city != null) {
      parts.add(Essie.area("LocationCity", city));
    }
    return parts.isEmpty() ? null : String.join(" AND ", parts);
  }

  private static @Nullable String statuses(Set<OverallStatus> statuses) {
    return statuses.isEmpty()
        ? null
        : statuses.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private static @Nullable String fields(StudyQuery query) {
    if (query.fields().isEmpty()) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>(query.fields());
    fields.add("NCTId");
    if (query.mode() == StudyQuery.Mode.MUTATION) {
      fields.add("EligibilityCriteria");
    }
    return String.join(",", fields);
  }

  private static void add(
      List<Map.Entry<String, String>> parameters, String name, @Nullable String value) {
    if (value != null) {
      parameters.add(new SimpleImmutableEntry<>(name, value));
    }
  }
}
