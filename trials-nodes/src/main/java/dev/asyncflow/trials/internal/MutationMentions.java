package dev.asyncflow.trials.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Finds where a study's eligibility criteria name a mutation: under the inclusion criteria, the
 * exclusion criteria, both or neither.
 *
 * <h2>Sections</h2>
 *
 * The text is read line by line (any line break, {@code \r\n} included). A heading line opens a
 * section of its kind, which runs to the next heading; the heading line belongs to the section it
 * opens. Text before the first heading is general eligibility and counts as inclusion. To classify
 * a line, leading list markers ({@code *}, {@code -}, {@code •}, numbers and letters such as {@code
 * 1.}, {@code 2)}, {@code (a)}, {@code 1\.}), markdown marks ({@code #}, {@code **}, {@code _}) and
 * surrounding spaces are set aside, and so are trailing emphasis marks and a trailing colon (ASCII
 * or full-width {@code ：}). What is left, the line's body, is a heading when either:
 *
 * <ul>
 *   <li><b>it is a criteria title</b>: it starts with {@code Inclusion Criteria} or {@code
 *       Exclusion Criteria} (any case, {@code Criterion} too), optionally after one qualifier such
 *       as {@code Key}, {@code Main} or {@code Additional}, and the body is at most 120 characters
 *       long or the title is followed directly by a colon ({@code Exclusion Criteria: ...} on one
 *       line). A bulleted or numbered title counts ({@code -INCLUSION CRITERIA:}, {@code 1.
 *       Inclusion criteria}); or
 *   <li><b>it is a sentence that introduces a list</b>: a line that is not itself a list item, that
 *       ends with a colon, whose body is at most 120 characters long, and that names a kind: {@code
 *       exclusion criteria}, {@code exclude}, {@code excluded}, {@code ineligible} or {@code not
 *       (be) eligible} make it an exclusion heading ({@code Subjects will be excluded if they meet
 *       any of the following criteria:}); otherwise {@code inclusion criteria}, {@code eligible} or
 *       {@code included} make it an inclusion heading.
 * </ul>
 *
 * So an ordinary criterion is not a heading even when it talks about criteria: a bullet such as
 * {@code * Patients who meet any exclusion criteria of part A} neither starts with a title nor is a
 * sentence outside a list, and {@code 5. Patients ... are eligible for the study.} is a list item
 * without a colon. The limit of 120 characters admits the longest genuine heading sentences seen
 * (about 100 characters) and keeps long criteria out.
 *
 * <h2>Mentions</h2>
 *
 * The mutation is split into tokens, the runs of letters and digits ({@code EGFR L858R} gives
 * {@code EGFR} and {@code L858R}); a {@code p} token directly before a token with a digit is the
 * protein prefix of {@code p.L858R} and is dropped. The text names the mutation where the tokens
 * appear in order, ignoring case, each pair separated by one to three characters that are neither
 * letters nor digits ({@code EGFR-L858R}, {@code EGFR L858R}, {@code EGFR:L858R}, {@code EGFR
 * (L858R)}), and a token with a digit may carry a {@code p.} prefix ({@code KRAS p.G12C}). When
 * there are two tokens or more and the last holds a digit, that variant alone names the mutation
 * too ({@code exon 19 deletion or L858R}). Mentions are whole words: no letter or digit may stand
 * right before or after, so {@code L858RX} and {@code KRAS G12CD} do not name {@code L858R} or
 * {@code G12C}. A mutation with no letters or digits names nothing.
 *
 * <h2>Limitations</h2>
 *
 * Negation is not read: {@code no EGFR L858R}, {@code KRAS non-G12C} or {@code L858R-negative}
 * under the inclusion criteria count as inclusion mentions. A variant named alone may belong to
 * another gene ({@code NRAS G12C} names {@code KRAS G12C}), and case is ignored even where it
 * carries meaning ({@code eGFR}, a kidney filtration rate, names {@code EGFR}). Headings are
 * recognized at the start of a line only: a whole text written on one line is one section. A
 * heading written as a bulleted sentence ({@code * Patients are excluded if:}) is not recognized,
 * and a sentence heading inside a section ({@code Patients with treated metastases are eligible:})
 * switches the kind until the next heading.
 *
 * <p>Stateless and thread-safe.
 */
public final class MutationMentions {
  private static final int HEADING_MAX_LENGTH = 120;

  private static final Pattern LINE_BREAK = Pattern.compile("\\R");

  private static final String ENUMERATOR_REGEX = "\\(?(?:\\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\\\\?[.)]";

  private static final Pattern ENUMERATOR = Pattern.compile(ENUMERATOR_REGEX + "(?=\\s)");

  private static final String BULLETS = "*+-•·–—";

  private static final String LEADING_MARKS = BULLETS + "#>_";

  private static final Pattern LIST_ITEM =
      Pattern.compile("^\\s*(?:[" + Pattern.quote(BULLETS) + "]|" + ENUMERATOR_REGEX + ")\\s");

  private static final String EMPHASIS = "*_";

  private static final String COLONS = ":：";

  private static final Pattern TITLE =
      Pattern.compile(
          "^(?:(?:key|main|major|general|additional|principal|specific)\\s+)?"
              + "(?<kind>inclusion|exclusion)\\s+criteri(?:a|on)\\b(?<colon>\\s*[:：])?",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern EXCLUSION_WORDS =
      Pattern.compile(
          "\\bexclusion\\s+criteri|\\bexclud(?:e|ed)\\b|\\bineligible\\b|\\bnot\\s+(?:be\\s+)?eligible\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern INCLUSION_WORDS =
      Pattern.compile(
          "\\binclusion\\s+criteri|\\beligible\\b|\\bincluded\\b", Pattern.CASE_INSENSITIVE);

  private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private static final String BETWEEN_TOKENS = "[^\\p{L}\\p{N}]{1,3}";

  private static final String PROTEIN_PREFIX = "(?:p\\.)?";

  private MutationMentions() {}

  /** Which sections of the eligibility criteria name the mutation. */
  public enum Where {
    /** Not named in the criteria. */
    NONE,
    /** Named under the inclusion criteria (or before any heading) only. */
    INCLUSION,
    /** Named under the exclusion criteria only. */
    EXCLUSION,
    /** Named under both. */
    BOTH
  }

  /**
   * Finds where {@code criteria} name {@code mutation}, by the rules of this class.
   *
   * @param criteria the eligibility text, or null when the study has none
   * @param mutation the mutation searched for, such as {@code "EGFR L858R"}
   * @return where it is named; {@link Where#NONE} for null criteria
   */
  public static Where in(@Nullable String criteria, String mutation) {
    return of(mutation).in(criteria);
  }

  /**
   * Returns the finder of one mutation, its pattern compiled once, for the many studies of a page.
   *
   * @param mutation the mutation searched for, such as {@code "EGFR L858R"}
   * @return the finder
   */
  public static Finder of(String mutation) {
    return new Finder(mentionPattern(mutation));
  }

  /** Finds one mutation in eligibility texts. Immutable and thread-safe. */
  public static final class Finder {
    private final Optional<Pattern> mention;

    private Finder(Optional<Pattern> mention) {
      this.mention = mention;
    }

    /**
     * Finds where {@code criteria} name the mutation, by the rules of {@link MutationMentions}.
     *
     * @param criteria the eligibility text, or null when the study has none
     * @return where it is named; {@link Where#NONE} for null criteria
     */
    public Where in(@Nullable String criteria) {
      if (criteria == null || mention.isEmpty()) {
        return Where.NONE;
      }
      Set<Where> found = EnumSet.noneOf(Where.class);
      for (Section section : sections(criteria)) {
        if (mention.get().matcher(section.text()).find()) {
          found.add(section.kind());
        }
      }
      return combine(found);
    }
  }

  private static Where combine(Set<Where> found) {
    if (found.size() == 2) {
      return Where.BOTH;
    }
    return found.isEmpty() ? Where.NONE : found.iterator().next();
  }

  /** A run of lines of one kind, {@link Where#INCLUSION} or {@link Where#EXCLUSION}. */
  private record Section(Where kind, String text) {}

  private static List<Section> sections(String criteria) {
    List<Section> sections = new ArrayList<>();
    Where kind = Where.INCLUSION;
    StringBuilder text = new StringBuilder();
    for (String line : LINE_BREAK.split(criteria, -1)) {
      Where heading = headingKind(line);
      if (heading != null) {
        sections.add(new Section(kind, text.toString()));
        kind = heading;
        text.setLength(0);
      }
      text.append(line).append('\n');
    }
    sections.add(new Section(kind, text.toString()));
    return sections;
  }

  /** The kind of section {@code line} opens, or null when it is not a heading. */
  private static @Nullable Where headingKind(String line) {
    String body = withoutLeadingMarks(line);
    boolean isShort = endWithout(body, EMPHASIS + COLONS) <= HEADING_MAX_LENGTH;
    Matcher title = TITLE.matcher(body);
    if (title.find()) {
      return isShort || title.group("colon") != null ? kindOf(title.group("kind")) : null;
    }
    return isShort && introducesList(line) ? sentenceKind(body) : null;
  }

  /** {@code line} without leading whitespace, bullets, enumerators and markdown marks. */
  private static String withoutLeadingMarks(String line) {
    Matcher enumerator = ENUMERATOR.matcher(line);
    int start = 0;
    while (start < line.length()) {
      if (isLeadingMark(line.charAt(start))) {
        start++;
      } else if (enumerator.region(start, line.length()).lookingAt()) {
        start = enumerator.end();
      } else {
        break;
      }
    }
    return line.substring(start);
  }

  private static boolean isLeadingMark(char c) {
    return Character.isWhitespace(c) || LEADING_MARKS.indexOf(c) >= 0;
  }

  /** Whether {@code line} is not a list item and ends with a colon (perhaps inside emphasis). */
  private static boolean introducesList(String line) {
    int end = endWithout(line, EMPHASIS);
    return !LIST_ITEM.matcher(line).find() && end > 0 && COLONS.indexOf(line.charAt(end - 1)) >= 0;
  }

  /** The length of {@code text} without its trailing whitespace and {@code marks}. */
  private static int endWithout(String text, String marks) {
    int end = text.length();
    while (end > 0
        && (Character.isWhitespace(text.charAt(end - 1))
            || marks.indexOf(text.charAt(end - 1)) >= 0)) {
      end--;
    }
    return end;
  }

  private static Where kindOf(String word) {
    return word.equalsIgnoreCase("exclusion") ? Where.EXCLUSION : Where.INCLUSION;
  }

  private static @Nullable Where sentenceKind(String body) {
    if (EXCLUSION_WORDS.matcher(body).find()) {
      return Where.EXCLUSION;
    }
    return INCLUSION_WORDS.matcher(body).find() ? Where.INCLUSION : null;
  }

  /** The pattern that finds {@code mutation}; empty when it has no letters or digits. */
  private static Optional<Pattern> mentionPattern(String mutation) {
    List<String> tokens = tokens(mutation);
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    String regex =
        tokens.stream()
            .map(MutationMentions::tokenRegex)
            .collect(Collectors.joining(BETWEEN_TOKENS));
    String variant = tokens.get(tokens.size() - 1);
    if (tokens.size() > 1 && hasDigit(variant)) {
      regex = regex + "|" + tokenRegex(variant);
    }
    return Optional.of(
        Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:" + regex + ")(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
  }

  private static List<String> tokens(String mutation) {
    List<String> tokens =
        Arrays.stream(TOKEN_SEPARATORS.split(mutation)).filter(token -> !token.isEmpty()).toList();
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      boolean proteinPrefix =
          tokens.get(i).equalsIgnoreCase("p")
              && i + 1 < tokens.size()
              && hasDigit(tokens.get(i + 1));
      if (!proteinPrefix) {
        kept.add(tokens.get(i));
      }
    }
    return kept;
  }

  private static String tokenRegex(String token) {
    return (hasDigit(token) ? PROTEIN_PREFIX : "") + Pattern.quote(token);
  }

  private static boolean hasDigit(String token) {
    return token.codePoints().anyMatch(Character::isDigit);
  }
}
