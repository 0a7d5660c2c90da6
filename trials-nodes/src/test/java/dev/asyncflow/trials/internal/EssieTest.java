package dev.asyncflow.trials.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EssieTest {
  /** The mutation query with every phrase removed: what no user text may change. */
  private static final String MUTATION_QUERY_SKELETON =
      "(AREA[EligibilityCriteria]() OR AREA[BriefTitle]() OR AREA[OfficialTitle]()"
          + " OR AREA[BriefSummary]() OR AREA[Keyword]())";

  @Test
  void mutationQuery_egfrL858R_isTheDocumentedExpression() {
    assertThat(Essie.mutationQuery("EGFR L858R"))
        .isEqualTo(
            "(AREA[EligibilityCriteria](\"EGFR L858R\") OR AREA[BriefTitle](\"EGFR L858R\")"
                + " OR AREA[OfficialTitle](\"EGFR L858R\") OR AREA[BriefSummary](\"EGFR L858R\")"
                + " OR AREA[Keyword](\"EGFR L858R\"))");
  }

  @Test
  void mutationQuery_krasG12C_quotesTheMutationInEveryArea() {
    assertThat(Essie.mutationQuery("KRAS G12C"))
        .isEqualTo(
            "(AREA[EligibilityCriteria](\"KRAS G12C\") OR AREA[BriefTitle](\"KRAS G12C\")"
                + " OR AREA[OfficialTitle](\"KRAS G12C\") OR AREA[BriefSummary](\"KRAS G12C\")"
                + " OR AREA[Keyword](\"KRAS G12C\"))");
  }

  @Test
  void mutationQuery_textThatTriesToCloseThePhrase_staysOnePhrase() {
    String hostile = "EGFR\") OR AREA[Phase](PHASE3";

    assertThat(Essie.mutationQuery(hostile))
        .startsWith("(AREA[EligibilityCriteria](\"EGFR\\\") OR AREA[Phase](PHASE3\") OR ");
    assertThat(skeleton(Essie.mutationQuery(hostile))).isEqualTo(MUTATION_QUERY_SKELETON);
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("EGFR L858R", "\"EGFR L858R\""),
        Arguments.of("say \"L858R\"", "\"say \\\"L858R\\\"\""),
        Arguments.of("a\\b", "\"a\\\\b\""),
        Arguments.of("ends with \\", "\"ends with \\\\\""),
        Arguments.of("\\\"", "\"\\\\\\\"\""),
        Arguments.of("\"", "\"\\\"\""),
        Arguments.of("AREA[Phase]PHASE3", "\"AREA[Phase]PHASE3\""),
        Arguments.of("x OR y", "\"x OR y\""),
        Arguments.of("EGFR AND NOT KRAS", "\"EGFR AND NOT KRAS\""),
        Arguments.of("(EGFR) [KRAS] {BRAF}", "\"(EGFR) [KRAS] {BRAF}\""),
        Arguments.of("EGFR* ~L858R ^2 -x +y", "\"EGFR* ~L858R ^2 -x +y\""),
        Arguments.of("Δ19 délétion 肺癌 𝛥", "\"Δ19 délétion 肺癌 𝛥\""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("escapes")
  void phrase_operatorsAndQuotes_areLiteralInsideOnePhrase(String text, String expected) {
    assertThat(Essie.phrase(text)).isEqualTo(expected);
    assertThat(unescape(expected)).isEqualTo(text);
  }

  @Test
  void phrase_anyText_unescapesToItselfWithNoBareQuoteInside() {
    // Property: for many generated texts, the phrase is one quoted string holding the text.
    Random random = new Random(8);
    for (int i = 0; i < 5_000; i++) {
      String text = randomText(random);

      assertThat(unescape(Essie.phrase(text))).as("phrase of %s", text).isEqualTo(text);
      assertThat(skeleton(Essie.mutationQuery(text))).isEqualTo(MUTATION_QUERY_SKELETON);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void phrase_blankText_isAProgrammingError(String text) {
    assertThatThrownBy(() -> Essie.phrase(text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clean it first");
  }

  @Test
  void area_nameAndText_isTheAreaFollowedByThePhrase() {
    assertThat(Essie.area("Condition", "lung \"NSCLC\" cancer"))
        .isEqualTo("AREA[Condition]\"lung \\\"NSCLC\\\" cancer\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Condition]", "Cond ition", "Phase]OR AREA[X", "Ärea", "Phase3"})
  void area_nameThatIsNotAsciiLetters_isAProgrammingError(String area) {
    assertThatThrownBy(() -> Essie.area(area, "lung cancer"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASCII letters");
  }

  @Test
  void area_blankText_isAProgrammingError() {
    assertThatThrownBy(() -> Essie.area("Condition", " "))
        .isExactlyInstanceOf(IllegalArgumentException.class);
  }

  /** Reads a phrase as Essie does: the quoted text, each backslash taking the next character. */
  private static String unescape(String phrase) {
    assertThat(phrase).startsWith("\"").endsWith("\"").hasSizeGreaterThan(1);
    StringBuilder text = new StringBuilder();
    String inner = phrase.substring(1, phrase.length() - 1);
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '"') {
        fail("bare quote at %d in %s", i + 1, phrase);
      }
      if (c == '\\') {
        assertThat(i + 1).as("dangling backslash in %s", phrase).isLessThan(inner.length());
        c = inner.charAt(++i);
      }
      text.append(c);
    }
    return text.toString();
  }

  /** Removes every quoted phrase from a query, leaving its operators and structure. */
  private static String skeleton(String query) {
    StringBuilder outside = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        outside.append(c);
      }
    }
    assertThat(quoted).as("unterminated phrase in %s", query).isFalse();
    return outside.toString();
  }

  private static final String ALPHABET = "\\\"[]()AREORNOTand: 19Lé肺*~^-+";

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder("x");
    int length = random.nextInt(24);
    for (int i = 0; i < length; i++) {
      text.append(
          random.nextInt(10) == 0
              ? "𝛥"
              : String.valueOf(ALPHABET.charAt(random.nextInt(ALPHABET.length()))));
    }
    return random.nextBoolean() ? text.reverse().toString() : text.toString();
  }
}
