package dev.asyncflow.trials.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds ClinicalTrials.gov query expressions (the Essie syntax) in which the caller's text is
 * always one quoted phrase, so that no part of it can act as an operator.
 *
 * <p>Essie reads a backslash as "take the next character literally"; within double quotes only an
 * embedded quote needs one. A phrase here is the text in double quotes with every backslash doubled
 * and every double quote preceded by a backslash. Inside it {@code AREA[...]}, {@code OR}, {@code
 * AND}, {@code NOT}, brackets and parentheses are ordinary words. Give it text cleaned by {@link
 * SearchText#clean(String, String, int)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Essie {
  /** The fields a mutation-aware query searches, in the order the query names them. */
  private static final List<String> MUTATION_AREAS =
      List.of("EligibilityCriteria", "BriefTitle", "OfficialTitle", "BriefSummary", "Keyword");

  private static final Pattern AREA_NAME = Pattern.compile("[A-Za-z]+");

  private Essie() {}

  /**
   * Returns {@code text} as one quoted, escaped Essie phrase: {@code EGFR "L858R"} becomes {@code
   * "EGFR \"L858R\""}.
   *
   * @param text cleaned caller's text
   * @return the phrase, quotes included
   * @throws IllegalArgumentException if {@code text} is blank
   */
  public static String phrase(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("an Essie phrase needs text; clean it first");
    }
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * Returns the mutation-aware query: the mutation as one phrase searched in the eligibility
   * criteria, both titles, the brief summary and the keywords. For {@code EGFR L858R}:
   *
   * <pre>{@code
   * (AREA[EligibilityCriteria]("EGFR L858R") OR AREA[BriefTitle]("EGFR L858R")
   *  OR AREA[OfficialTitle]("EGFR L858R") OR AREA[BriefSummary]("EGFR L858R")
   *  OR AREA[Keyword]("EGFR L858R"))
   * }</pre>
   *
   * (one line, one space around each {@code OR}).
   *
   * @param mutation the cleaned mutation
   * @return the expression, for {@code query.term}
   * @throws IllegalArgumentException if {@code mutation} is blank
   */
  public static String mutationQuery(String mutation) {
    String grouped = "(" + phrase(mutation) + ")";
    return MUTATION_AREAS.stream()
        .map(area -> "AREA[" + area + "]" + grouped)
        .collect(Collectors.joining(" OR ", "(", ")"));
  }

  /**
   * Returns {@code AREA[area]} followed by {@code text} as one phrase, such as {@code
   * AREA[Condition]"lung cancer"}.
   *
   * @param area the Essie field name, ASCII letters only (chosen by this library, never by a
   *     caller)
   * @param text cleaned caller's text
   * @return the expression
   * @throws IllegalArgumentException if {@code area} is not ASCII letters or {@code text} is blank
   */
  public static String area(String area, String text) {
    if (!AREA_NAME.matcher(area).matches()) {
      throw new IllegalArgumentException("an Essie area is ASCII letters, was \"" + area + "\"");
    }
    return "AREA[" + area + "]" + phrase(text);
  }
}
