package dev.asyncflow.trials.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.trials.InvalidQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchTextTest {
  private static final int MAX = SearchText.MUTATION_MAX_LENGTH;

  @Test
  void limits_areTheDocumentedOnes() {
    assertThat(SearchText.MUTATION_MAX_LENGTH).isEqualTo(200);
    assertThat(SearchText.TERM_MAX_LENGTH).isEqualTo(500);
  }

  @Test
  void clean_ordinaryText_isUnchanged() {
    assertThat(SearchText.clean("mutation", "EGFR L858R", MAX)).isEqualTo("EGFR L858R");
  }

  @Test
  void clean_surroundingAndRepeatedWhitespace_isStrippedAndCollapsed() {
    assertThat(SearchText.clean("mutation", " \t EGFR \r\n\n  L858R \n", MAX))
        .isEqualTo("EGFR L858R");
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "0009", "000A", "000B", "000C", "000D", "00A0", "1680", "2002", "2007", "200A", "2028",
        "2029", "202F", "205F", "3000"
      })
  void clean_unicodeWhitespace_becomesOneAsciiSpace(String hex) {
    String space = Character.toString(Integer.parseInt(hex, 16));

    assertThat(SearchText.clean("mutation", "EGFR" + space + space + "L858R", MAX))
        .isEqualTo("EGFR L858R");
  }

  @ParameterizedTest
  @ValueSource(strings = {"EGFR exon 19 délétion", "Δ19", "肺癌 EGFR", "KRAS G12C 𝛥"})
  void clean_lettersOfAnyScript_areKept(String text) {
    assertThat(SearchText.clean("term", text, MAX)).isEqualTo(text);
  }

  @Test
  void clean_null_isMissing() {
    assertThatThrownBy(() -> SearchText.clean("mutation", null, MAX))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.argument()).isEqualTo("mutation"))
        .hasMessage("mutation: is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\r\n", "\u00A0\u3000", "\u2028\u2029"})
  void clean_onlyWhitespace_isBlank(String text) {
    assertThatThrownBy(() -> SearchText.clean("condition", text, MAX))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("condition: is blank");
  }

  @Test
  void clean_tenThousandCharacters_isTooLongAndQuotesOnlyTheStart() {
    String text = "A".repeat(10_000);

    assertThatThrownBy(() -> SearchText.clean("mutation", text, MAX))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(
            "mutation: is 10000 characters long; at most 200 are allowed: \""
                + "A".repeat(40)
                + "\"...");
  }

  @Test
  void clean_exactlyTheLimit_isAllowed() {
    String text = "A".repeat(MAX);

    assertThat(SearchText.clean("mutation", text, MAX)).isEqualTo(text);
  }

  @Test
  void clean_oneOverTheLimit_isTooLong() {
    assertThatThrownBy(() -> SearchText.clean("mutation", "A".repeat(MAX + 1), MAX))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith("mutation: is 201 characters long; at most 200 are allowed");
  }

  @Test
  void clean_lengthIsCountedAfterCollapsingWhitespace() {
    String text = "  " + "A".repeat(MAX - 2) + "\n\n\n B  ";

    assertThat(SearchText.clean("mutation", text, MAX)).hasSize(MAX);
  }

  @Test
  void clean_lengthIsCountedInCodePointsNotChars() {
    String text = "𝛥".repeat(MAX);

    assertThat(SearchText.clean("mutation", text, MAX)).isEqualTo(text);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {"0000", "0001", "0008", "000E", "001B", "001C", "001F", "007F", "0085", "009F"})
  void clean_controlCharacter_isRefusedByCodePointAndIndex(String hex) {
    String text = "EGFR" + Character.toString(Integer.parseInt(hex, 16)) + "L858R";

    assertThatThrownBy(() -> SearchText.clean("mutation", text, MAX))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(
            "mutation: holds control character U+%s at index 4: \"EGFR\\u%sL858R\"", hex, hex);
  }

  @Test
  void clean_escapeSequence_isQuotedEscapedNeverRaw() {
    String text = "EGFR\u001B[31m L858R\tx";

    assertThatThrownBy(() -> SearchText.clean("mutation", text, MAX))
        .hasMessage(
            "mutation: holds control character U+001B at index 4: "
                + "\"EGFR\\u001B[31m L858R\\u0009x\"")
        .message()
        .doesNotContain("\u001B", "\t");
  }

  @Test
  void clean_controlCharacterLateInALongText_quotesOnlyTheFirst40Characters() {
    String text = "B".repeat(50) + "\u0000";

    assertThatThrownBy(() -> SearchText.clean("term", text, SearchText.TERM_MAX_LENGTH))
        .hasMessage(
            "term: holds control character U+0000 at index 50: \"" + "B".repeat(40) + "\"...");
  }

  @Test
  void clean_loneHighSurrogate_isRefused() {
    assertThatThrownBy(() -> SearchText.clean("mutation", "EGFR \uD835", MAX))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("mutation: holds an unpaired surrogate U+D835 at index 5: \"EGFR \\uD835\"");
  }

  @Test
  void clean_loneLowSurrogate_isRefused() {
    assertThatThrownBy(() -> SearchText.clean("mutation", "\uDEE5EGFR", MAX))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("mutation: holds an unpaired surrogate U+DEE5 at index 0: \"\\uDEE5EGFR\"");
  }

  @Test
  void clean_lineSeparatorInAQuotedValue_isEscaped() {
    String text = "A\u2028B\u0007";

    assertThatThrownBy(() -> SearchText.clean("term", text, MAX))
        .hasMessage("term: holds control character U+0007 at index 3: \"A\\u2028B\\u0007\"");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void clean_maxLengthBelowOne_isAProgrammingError(int maxLength) {
    assertThatThrownBy(() -> SearchText.clean("mutation", "EGFR", maxLength))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be at least 1, was " + maxLength);
  }
}
