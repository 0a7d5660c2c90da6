package dev.asyncflow.trials;

import dev.asyncflow.trials.internal.SearchText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to search ClinicalTrials.gov for, and which ranks of the result to return.
 *
 * <pre>{@code
 * StudyQuery query = StudyQuery.builder()
 *     .mutation("EGFR L858R")
 *     .condition("non-small cell lung cancer")
 *     .statuses(OverallStatus.RECRUITING, OverallStatus.NOT_YET_RECRUITING)
 *     .near(52.52, 13.405, "50mi")
 *     .ranks(1, 20)
 *     .build();
 * }</pre>
 *
 * <p>A query is in one of two {@linkplain Mode modes}. With a {@linkplain Builder#mutation(String)
 * mutation} it is mutation-aware: the mutation is searched as one phrase in the eligibility
 * criteria, the brief and official titles, the brief summary and the keywords, and studies that
 * name it only under their exclusion criteria are {@linkplain Study#exclusionOnly() marked} and
 * left out unless {@link Builder#keepExclusionOnly(boolean)} keeps them. With a {@linkplain
 * Builder#term(String) term} the text is searched as one phrase in {@code query.term}, the whole
 * record. Either may be left out, for example to list every recruiting study of a condition.
 *
 * <p>Every text is checked when it is set: stripped, inner whitespace collapsed, and refused with
 * {@link InvalidQueryException} when blank, too long or holding control characters. Text reaches
 * the API only as quoted, escaped Essie phrases, so quotes, backslashes, brackets, {@code
 * AREA[...]} or {@code OR} in it are searched for, never interpreted.
 *
 * <p>Immutable and thread-safe; a builder is not thread-safe, and {@link Builder#build()} copies
 * it.
 */
public final class StudyQuery {
  /**
   * The last rank a query may ask for. API v2 pages by cursor only, so reaching rank {@code n}
   * costs every page before it; 10,000 bounds that at 10 requests of 1,000 studies.
   */
  public static final int MAX_RANK = 10_000;

  /** The most characters of a condition, intervention, country or city. */
  public static final int FILTER_MAX_LENGTH = 200;

  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9.]*");
  private static final Pattern SORT = Pattern.compile("@?[A-Za-z][A-Za-z0-9.]*(:(asc|desc))?");
  private static final Pattern DISTANCE = Pattern.compile("[0-9]{1,5}(\\.[0-9]{1,3})?(mi|km)");

  private final Settings settings;

  private StudyQuery(Settings settings) {
    this.settings = settings;
  }

  /**
   * Returns a mutation-aware query for the first 10 studies.
   *
   * @param mutation the mutation, such as {@code "EGFR L858R"}
   * @return the query
   * @throws InvalidQueryException if the mutation is blank, too long or holds control characters
   */
  public static StudyQuery ofMutation(String mutation) {
    return builder().mutation(mutation).build();
  }

  /**
   * Returns a plain term query for the first 10 studies.
   *
   * @param term the text searched as one phrase in the whole record
   * @return the query
   * @throws InvalidQueryException if the term is blank, too long or holds control characters
   */
  public static StudyQuery ofTerm(String term) {
    return builder().term(term).build();
  }

  /**
   * Returns an empty builder: no text, no filters, ranks 1 to 10, total counted.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder(new Settings());
  }

  /**
   * Returns a builder holding the settings of {@code query}.
   *
   * @param query the query to start from
   * @return a new builder
   */
  public static Builder builder(StudyQuery query) {
    return new Builder(Objects.requireNonNull(query, "query").settings.copy());
  }

  /**
   * Returns how the text is searched.
   *
   * @return {@link Mode#MUTATION} when a mutation is set, else {@link Mode#TERM}
   */
  public Mode mode() {
    return settings.mode;
  }

  /**
   * Returns the mutation or term searched for, cleaned.
   *
   * @return the text, or null when the query searches filters only
   */
  public @Nullable String text() {
    return settings.text;
  }

  /**
   * Returns the condition searched in {@code query.cond}.
   *
   * @return the condition, or null
   */
  public @Nullable String condition() {
    return settings.condition;
  }

  /**
   * Returns the intervention searched in {@code query.intr}.
   *
   * @return the intervention, or null
   */
  public @Nullable String intervention() {
    return settings.intervention;
  }

  /**
   * Returns the overall statuses a study must have ({@code filter.overallStatus}).
   *
   * @return an immutable set, empty for any status
   */
  public Set<OverallStatus> statuses() {
    return Collections.unmodifiableSet(settings.statuses);
  }

  /**
   * Returns the country a study must have a site in.
   *
   * @return the country, or null
   */
  public @Nullable String country() {
    return settings.country;
  }

  /**
   * Returns the city a study must have a site in.
   *
   * @return the city, or null
   */
  public @Nullable String city() {
    return settings.city;
  }

  /**
   * Returns the API's geographic filter, such as {@code distance(52.52,13.405,50mi)}.
   *
   * @return the filter value for {@code filter.geo}, or null
   */
  public @Nullable String geoFilter() {
    return settings.geo;
  }

  /**
   * Returns the fields the API is asked to return ({@code fields}).
   *
   * @return an immutable list, empty for every field
   */
  public List<String> fields() {
    return List.copyOf(settings.fields);
  }

  /**
   * Returns the sort order ({@code sort}).
   *
   * @return an immutable list, empty for the API's relevance order
   */
  public List<String> sort() {
    return List.copyOf(settings.sort);
  }

  /**
   * Returns the first rank returned, 1-based.
   *
   * @return at least 1
   */
  public int minRank() {
    return settings.minRank;
  }

  /**
   * Returns the last rank returned, 1-based and inclusive.
   *
   * @return at least {@link #minRank()}
   */
  public int maxRank() {
    return settings.maxRank;
  }

  /**
   * Returns whether the API is asked for the total number of matching studies.
   *
   * @return true by default
   */
  public boolean countTotal() {
    return settings.countTotal;
  }

  /**
   * Returns whether studies that name the mutation only under their exclusion criteria are kept.
   *
   * @return false by default: they are left out of the result
   */
  public boolean keepExclusionOnly() {
    return settings.keepExclusionOnly;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof StudyQuery query && settings.equals(query.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  @Override
  public String toString() {
    return "StudyQuery{mode="
        + settings.mode
        + ", text="
        + settings.text
        + ", condition="
        + settings.condition
        + ", intervention="
        + settings.intervention
        + ", statuses="
        + settings.statuses
        + ", country="
        + settings.country
        + ", city="
        + settings.city
        + ", geoFilter="
        + settings.geo
        + ", fields="
        + settings.fields
        + ", sort="
        + settings.sort
        + ", minRank="
        + settings.minRank
        + ", maxRank="
        + settings.maxRank
        + ", countTotal="
        + settings.countTotal
        + ", keepExclusionOnly="
        + settings.keepExclusionOnly
        + "}";
  }

  /** How a query's text is searched. */
  public enum Mode {
    /**
     * The text is a mutation, searched as a phrase in eligibility criteria, titles, summary and
     * keywords; exclusion-only studies are marked.
     */
    MUTATION,
    /** The text, if any, is searched as a phrase in the whole record ({@code query.term}). */
    TERM
  }

  /** The settings a builder fills and {@link Builder#build()} copies. */
  private static final class Settings {
    private Mode mode = Mode.TERM;
    private @Nullable String text;
    private @Nullable String condition;
    private @Nullable String intervention;
    private EnumSet<OverallStatus> statuses = EnumSet.noneOf(OverallStatus.class);
    private @Nullable String country;
    private @Nullable String city;
    private @Nullable String geo;
    private List<String> fields = new ArrayList<>();
    private List<String> sort = new ArrayList<>();
    private int minRank = 1;
    private int maxRank = 10;
    private boolean countTotal = true;
    private boolean keepExclusionOnly;

    Settings copy() {
      Settings copy = new Settings();
      copy.mode = mode;
      copy.text = text;
      copy.condition = condition;
      copy.intervention = intervention;
      copy.statuses = EnumSet.copyOf(statuses);
      copy.country = country;
      copy.city = city;
      copy.geo = geo;
      copy.fields = new ArrayList<>(fields);
      copy.sort = new ArrayList<>(sort);
      copy.minRank = minRank;
      copy.maxRank = maxRank;
      copy.countTotal = countTotal;
      copy.keepExclusionOnly = keepExclusionOnly;
      return copy;
    }

    private List<Object> values() {
      return java.util.Arrays.asList(
          mode,
          text,
          condition,
          intervention,
          statuses,
          country,
          city,
          geo,
          fields,
          sort,
          minRank,
          maxRank,
          countTotal,
          keepExclusionOnly);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Settings settings && values().equals(settings.values());
    }

    @Override
    public int hashCode() {
      return values().hashCode();
    }
  }

  /** Builds a {@link StudyQuery}. Not thread-safe; {@link #build()} copies the settings. */
  public static final class Builder {
    private final Settings settings;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    /**
     * Searches for a mutation, mutation-aware ({@link Mode#MUTATION}); replaces any term.
     *
     * @param mutation such as {@code "EGFR L858R"}, at most 200 characters
     * @return this builder
     * @throws InvalidQueryException if blank, too long or holding control characters
     */
    public Builder mutation(String mutation) {
      settings.text = SearchText.clean("mutation", mutation, SearchText.MUTATION_MAX_LENGTH);
      settings.mode = Mode.MUTATION;
      return this;
    }

    /**
     * Searches for a term as one phrase in the whole record ({@link Mode#TERM}); replaces any
     * mutation.
     *
     * @param term the text, at most 500 characters
     * @return this builder
     * @throws InvalidQueryException if blank, too long or holding control characters
     */
    public Builder term(String term) {
      settings.text = SearchText.clean("term", term, SearchText.TERM_MAX_LENGTH);
      settings.mode = Mode.TERM;
      return this;
    }

    /**
     * Requires a condition ({@code query.cond}), searched as one phrase.
     *
     * @param condition such as {@code "non-small cell lung cancer"}, or null for none
     * @return this builder
     * @throws InvalidQueryException if blank, too long or holding control characters
     */
    public Builder condition(@Nullable String condition) {
      settings.condition = optional("condition", condition);
      return this;
    }

    /**
     * Requires an intervention ({@code query.intr}), searched as one phrase.
     *
     * @param intervention such as {@code "osimertinib"}, or null for none
     * @return this builder
     * @throws InvalidQueryException if blank, too long or holding control characters
     */
    public Builder intervention(@Nullable String intervention) {
      settings.intervention = optional("intervention", intervention);
      return this;
    }

    /**
     * Requires one of these overall statuses; none given means any status.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(OverallStatus... statuses) {
      return statuses(List.of(statuses));
    }

    /**
     * Requires one of these overall statuses; an empty collection means any status.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(Collection<OverallStatus> statuses) {
      EnumSet<OverallStatus> copy = EnumSet.noneOf(OverallStatus.class);
      statuses.forEach(status -> copy.add(Objects.requireNonNull(status, "status")));
      settings.statuses = copy;
      return this;
    }

    /**
     * Requires a site in this country ({@code query.locn}).
     *
     * @param country such as {@code "Germany"}, or null for any
     * @return this builder
     * @throws InvalidQueryException if blank, too long or holding control characters
     */
    public Builder country(@Nullable String country) {
      settings.country = optional("country", country);
      return this;
    }

    /**
     * Requires a site in this city ({@code query.locn}).
     *
     * @param city such as {@code "Berlin"}, or null for any
     * @return this builder
     * @throws InvalidQueryException if blank, too long or holding control characters
     */
    public Builder city(@Nullable String city) {
      settings.city = optional("city", city);
      return this;
    }

    /**
     * Requires a site within {@code distance} of a point ({@code
     * filter.geo=distance(lat,lon,distance)}): patients look for trials they can reach.
     *
     * @param latitude degrees, -90 to 90
     * @param longitude degrees, -180 to 180
     * @param distance a number and a unit, {@code mi} or {@code km}, such as {@code "50mi"}
     * @return this builder
     * @throws InvalidQueryException if a coordinate is out of range or the distance malformed
     */
    public Builder near(double latitude, double longitude, String distance) {
      checkRange("latitude", latitude, 90);
      checkRange("longitude", longitude, 180);
      if (distance == null || !DISTANCE.matcher(distance).matches()) {
        throw new InvalidQueryException(
            "distance", "must be a number and mi or km, such as 50mi, was " + quote(distance));
      }
      settings.geo = "distance(" + plain(latitude) + "," + plain(longitude) + "," + distance + ")";
      return this;
    }

    /**
     * Removes the geographic filter.
     *
     * @return this builder
     */
    public Builder anywhere() {
      settings.geo = null;
      return this;
    }

    /**
     * Asks the API for these fields only ({@code fields}), such as {@code "NCTId"} or {@code
     * "protocolSection.statusModule"}. In mutation mode {@code NCTId} and {@code
     * EligibilityCriteria} are added when missing: exclusion-only detection needs them.
     *
     * @param fields field names or paths; none for every field
     * @return this builder
     * @throws InvalidQueryException if a name holds characters other than letters, digits and dots
     */
    public Builder fields(String... fields) {
      settings.fields = checked("fields", FIELD, fields);
      return this;
    }

    /**
     * Sorts the results ({@code sort}), such as {@code "LastUpdatePostDate:desc"}.
     *
     * @param sort field names, each with an optional {@code :asc} or {@code :desc}; none for the
     *     API's relevance order
     * @return this builder
     * @throws InvalidQueryException if an entry is malformed
     */
    public Builder sort(String... sort) {
      settings.sort = checked("sort", SORT, sort);
      return this;
    }

    /**
     * Returns the studies ranked {@code minRank} to {@code maxRank} (1-based, inclusive). Default 1
     * to 10.
     *
     * @param minRank the first rank, at least 1
     * @param maxRank the last rank, at least {@code minRank}, at most {@link #MAX_RANK}
     * @return this builder
     * @throws InvalidQueryException if the window is empty, starts below 1 or ends after {@link
     *     #MAX_RANK}
     */
    public Builder ranks(int minRank, int maxRank) {
      if (minRank < 1 || maxRank < minRank) {
        throw new InvalidQueryException(
            "ranks", "need 1 <= minRank <= maxRank, were " + minRank + ".." + maxRank);
      }
      if (maxRank > MAX_RANK) {
        throw new InvalidQueryException(
            "ranks",
            "the last rank may be at most "
                + MAX_RANK
                + ", was "
                + maxRank
                + " (the API pages by cursor, so every page before it would be fetched)");
      }
      settings.minRank = minRank;
      settings.maxRank = maxRank;
      return this;
    }

    /**
     * Returns the first {@code count} studies: ranks 1 to {@code count}.
     *
     * @param count at least 1, at most {@link #MAX_RANK}
     * @return this builder
     * @throws InvalidQueryException if out of range
     */
    public Builder maxResults(int count) {
      return ranks(1, count);
    }

    /**
     * Sets whether the API counts every matching study ({@code countTotal}). Default true.
     *
     * @param countTotal false to skip the count
     * @return this builder
     */
    public Builder countTotal(boolean countTotal) {
      settings.countTotal = countTotal;
      return this;
    }

    /**
     * Sets whether studies that name the mutation only under their exclusion criteria stay in the
     * result, {@linkplain Study#exclusionOnly() marked}. Default false: they are left out and
     * counted in {@link SearchResult#exclusionOnlyDropped()}.
     *
     * @param keep true to keep them
     * @return this builder
     */
    public Builder keepExclusionOnly(boolean keep) {
      settings.keepExclusionOnly = keep;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return a new immutable query
     */
    public StudyQuery build() {
      return new StudyQuery(settings.copy());
    }

    private static @Nullable String optional(String argument, @Nullable String text) {
      return text == null ? null : SearchText.clean(argument, text, FILTER_MAX_LENGTH);
    }

    private static List<String> checked(String argument, Pattern pattern, String[] values) {
      List<String> checked = new ArrayList<>(values.length);
      for (String value : values) {
        if (value == null || !pattern.matcher(value).matches()) {
          throw new InvalidQueryException(argument, "malformed entry " + quote(value));
        }
        checked.add(value);
      }
      return checked;
    }

    private static void checkRange(String argument, double value, double bound) {
      if (!(value >= -bound && value <= bound)) {
        throw new InvalidQueryException(
            argument, "must be between -" + (int) bound + " and " + (int) bound + ", was " + value);
      }
    }

    private static String plain(double degrees) {
      return BigDecimal.valueOf(degrees).stripTrailingZeros().toPlainString();
    }

    private static String quote(@Nullable String value) {
      return value == null ? "null" : SearchText.quote(value);
    }
  }
}
