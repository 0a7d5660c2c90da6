package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.trials.OverallStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading and checking tool arguments; every message names the argument. */
class ToolArgumentsTest {
  private static final List<String> KNOWN =
      List.of("mutation", "condition", "statuses", "max_results");

  private static ToolArguments args(Object... nameThenValue) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < nameThenValue.length; i += 2) {
      map.put((String) nameThenValue[i], nameThenValue[i + 1]);
    }
    return ToolArguments.of(map, KNOWN);
  }

  @Test
  void unknownArgument_isNamedWithWhatTheToolTakes() {
    assertThatThrownBy(() -> args("mutaton", "BRAF V600E"))
        .isInstanceOf(ArgumentException.class)
        .hasMessage(
            "mutaton: unknown argument; this tool takes mutation, condition, statuses,"
                + " max_results");
    assertThatThrownBy(() -> ToolArguments.of(Map.of("x", 1), List.of()))
        .hasMessage("x: unknown argument; this tool takes no arguments");
  }

  @Test
  void noArgumentsAtAll_isLikeAnEmptyObject() {
    assertThatThrownBy(() -> ToolArguments.of(null, KNOWN).requiredText("mutation"))
        .hasMessage("mutation: is required");
  }

  @Test
  void requiredText() {
    assertThat(args("mutation", " BRAF V600E ").requiredText("mutation")).isEqualTo(" BRAF V600E ");
    assertThatThrownBy(() -> args().requiredText("mutation")).hasMessage("mutation: is required");
    assertThatThrownBy(() -> args("mutation", null).requiredText("mutation"))
        .hasMessage("mutation: is required");
    assertThatThrownBy(() -> args("mutation", "  ").requiredText("mutation"))
        .hasMessage("mutation: must not be blank");
    assertThatThrownBy(() -> args("mutation", 600).requiredText("mutation"))
        .hasMessage("mutation: must be a string, was the number 600");
    assertThatThrownBy(() -> args("mutation", List.of("a")).requiredText("mutation"))
        .hasMessage("mutation: must be a string, was an array");
  }

  @Test
  void optionalText_blankOrNullIsAbsent() {
    assertThat(args().optionalText("condition")).isNull();
    assertThat(args("condition", null).optionalText("condition")).isNull();
    assertThat(args("condition", " ").optionalText("condition")).isNull();
    assertThat(args("condition", "melanoma").optionalText("condition")).isEqualTo("melanoma");
    assertThatThrownBy(() -> args("condition", true).optionalText("condition"))
        .hasMessage("condition: must be a string, was the boolean true");
  }

  @Test
  void integer_defaultBoundsAndTypes() {
    assertThat(args().integer("max_results", 1, 100, 10)).isEqualTo(10);
    assertThat(args("max_results", 1).integer("max_results", 1, 100, 10)).isEqualTo(1);
    assertThat(args("max_results", 100L).integer("max_results", 1, 100, 10)).isEqualTo(100);
    assertThat(args("max_results", 20.0).integer("max_results", 1, 100, 10)).isEqualTo(20);
    assertThatThrownBy(() -> args("max_results", 0).integer("max_results", 1, 100, 10))
        .hasMessage("max_results: must be an integer from 1 to 100, was 0");
    assertThatThrownBy(() -> args("max_results", 101).integer("max_results", 1, 100, 10))
        .hasMessage("max_results: must be an integer from 1 to 100, was 101");
    assertThatThrownBy(() -> args("max_results", 2.5).integer("max_results", 1, 100, 10))
        .hasMessage("max_results: must be an integer from 1 to 100, was the number 2.5");
    assertThatThrownBy(() -> args("max_results", "10").integer("max_results", 1, 100, 10))
        .hasMessage("max_results: must be an integer from 1 to 100, was the string \"10\"");
    assertThatThrownBy(() -> args("max_results", Long.MAX_VALUE).integer("max_results", 1, 100, 10))
        .hasMessageStartingWith("max_results: must be an integer from 1 to 100, was 9223");
  }

  @Test
  void statuses_namesOrLabelsIgnoringCase() {
    assertThat(args().statuses("statuses")).isEmpty();
    assertThat(args("statuses", List.of()).statuses("statuses")).isEmpty();
    assertThat(
            args(
                    "statuses",
                    List.of(
                        "recruiting",
                        "Not yet recruiting",
                        "ACTIVE_NOT_RECRUITING",
                        "active, not recruiting"))
                .statuses("statuses"))
        .containsExactly(
            OverallStatus.RECRUITING,
            OverallStatus.NOT_YET_RECRUITING,
            OverallStatus.ACTIVE_NOT_RECRUITING);
  }

  @Test
  void statuses_unknownOrMistypedItemsAreNamed() {
    assertThatThrownBy(() -> args("statuses", List.of("RECRUITING", "OPEN")).statuses("statuses"))
        .hasMessageStartingWith(
            "statuses[1]: unknown status \"OPEN\"; use one of RECRUITING,"
                + " NOT_YET_RECRUITING,");
    assertThatThrownBy(() -> args("statuses", "RECRUITING").statuses("statuses"))
        .hasMessage("statuses: must be an array, was the string \"RECRUITING\"");
    assertThatThrownBy(() -> args("statuses", List.of(1)).statuses("statuses"))
        .hasMessage("statuses[0]: must be a string, was the number 1");
  }

  @Test
  void requiredTexts_sizeAndItems() {
    List<String> known = List.of("mutations");
    assertThat(
            ToolArguments.of(Map.of("mutations", List.of("a", "b")), known)
                .requiredTexts("mutations", 1, 50))
        .containsExactly("a", "b");
    assertThatThrownBy(() -> ToolArguments.of(Map.of(), known).requiredTexts("mutations", 1, 50))
        .hasMessage("mutations: is required");
    assertThatThrownBy(
            () ->
                ToolArguments.of(Map.of("mutations", List.of()), known)
                    .requiredTexts("mutations", 1, 50))
        .hasMessage("mutations: must hold 1 to 50 items, held 0");
    List<String> many = new ArrayList<>(Collections.nCopies(51, "BRAF V600E"));
    assertThatThrownBy(
            () ->
                ToolArguments.of(Map.of("mutations", many), known)
                    .requiredTexts("mutations", 1, 50))
        .hasMessage("mutations: must hold 1 to 50 items, held 51");
    List<Object> mixed = new ArrayList<>(List.of("a", " "));
    assertThatThrownBy(
            () ->
                ToolArguments.of(Map.of("mutations", mixed), known)
                    .requiredTexts("mutations", 1, 50))
        .hasMessage("mutations[1]: must not be blank");
    mixed.set(1, Map.of());
    assertThatThrownBy(
            () ->
                ToolArguments.of(Map.of("mutations", mixed), known)
                    .requiredTexts("mutations", 1, 50))
        .hasMessage("mutations[1]: must be a string, was an object");
  }

  @Test
  void quote_isOneShortLine() {
    assertThat(ToolArguments.quote("a\nb")).isEqualTo("\"a b\"");
    assertThat(ToolArguments.quote("x".repeat(100))).hasSize(62).endsWith("...\"");
  }
}
