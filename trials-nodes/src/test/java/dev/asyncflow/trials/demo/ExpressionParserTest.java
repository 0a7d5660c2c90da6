package dev.asyncflow.trials.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.trials.demo.Expression.And;
import dev.asyncflow.trials.demo.Expression.InArea;
import dev.asyncflow.trials.demo.Expression.Not;
import dev.asyncflow.trials.demo.Expression.Or;
import dev.asyncflow.trials.demo.Expression.Phrase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Essie subset: operators, precedence, areas, escapes. */
class ExpressionParserTest {
  @Test
  void theClientsMutationQuery_parsesToAnOrOfAreas() {
    Expression parsed =
        ExpressionParser.parse(
            "query.term",
            "(AREA[EligibilityCriteria](\"EGFR L858R\") OR AREA[BriefTitle](\"EGFR L858R\"))");

    Phrase phrase = new Phrase(List.of("egfr", "l858r"));
    assertThat(parsed)
        .isEqualTo(
            new Or(
                new InArea(Area.ELIGIBILITY_CRITERIA, phrase),
                new InArea(Area.BRIEF_TITLE, phrase)));
  }

  @Test
  void andBindsTighterThanOr_andAdjacentTermsAreAnded() {
    assertThat(ExpressionParser.parse("q", "a b OR NOT c"))
        .isEqualTo(
            new Or(
                new And(new Phrase(List.of("a")), new Phrase(List.of("b"))),
                new Not(new Phrase(List.of("c")))));
    assertThat(ExpressionParser.parse("q", "a AND b AND c"))
        .isEqualTo(
            new And(
                new And(new Phrase(List.of("a")), new Phrase(List.of("b"))),
                new Phrase(List.of("c"))));
  }

  @Test
  void operatorsAreUpperCase_andWholeWords() {
    assertThat(ExpressionParser.parse("q", "ORANGE or ANDROID"))
        .isEqualTo(
            new And(
                new And(new Phrase(List.of("orange")), new Phrase(List.of("or"))),
                new Phrase(List.of("android"))));
  }

  @Test
  void insideQuotes_operatorsAreWords_andBackslashesEscape() {
    assertThat(ExpressionParser.parse("q", "\"A OR AREA[X] \\\"B\\\\\""))
        .isEqualTo(new Phrase(List.of("a", "or", "area", "x", "b")));
  }

  @Test
  void areaNames_ignoreCase() {
    assertThat(ExpressionParser.parse("q", "AREA[locationcity]\"Lyon\""))
        .isEqualTo(new InArea(Area.LOCATION_CITY, new Phrase(List.of("lyon"))));
  }

  @Test
  void errors_nameTheParameter() {
    assertThatThrownBy(() -> ExpressionParser.parse("query.cond", "(a"))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("Invalid query.cond expression: the parenthesis at character 1 is not closed");
    assertThatThrownBy(() -> ExpressionParser.parse("query.cond", "   "))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void words_splitOnAnythingButLettersAndDigits() {
    assertThat(Words.of("EGFR-L858R, exon\u00a019!"))
        .containsExactly("egfr", "l858r", "exon", "19");
    assertThat(Words.contain(Words.of("x EGFR  l858r y"), Words.of("egfr L858R"))).isTrue();
    assertThat(Words.contain(Words.of("EGFR L858RX"), Words.of("EGFR L858R"))).isFalse();
    assertThat(Words.contain(Words.of("anything"), List.of())).isFalse();
  }
}
