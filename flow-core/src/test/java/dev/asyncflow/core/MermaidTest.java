package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code toMermaid()} renders a flow's graph as Mermaid flowchart text. */
class MermaidTest {

  /** A node that does nothing; only its name and wiring matter here. */
  private static final class Step extends Node<Map<String, Object>, Object, Object> {
    Step(String name) {
      setName(name);
    }
  }

  private static List<String> lines(String mermaid) {
    return List.of(mermaid.split("\n", -1));
  }

  @Test
  void agentGraph_withBranchLoopAndNestedFlow_rendersExactly() {
    // Given decide -search-> search --> decide (a loop), decide -answer-> answer --> review,
    // where review is a nested flow draft --> check, and review -publish-> publish
    Step decide = new Step("Decide");
    Step search = new Step("Search");
    Step answer = new Step("Answer");
    Step draft = new Step("Draft");
    Step check = new Step("Check");
    Step publish = new Step("Publish");
    decide.next(search, "search").next(decide);
    decide.next(answer, "answer");
    draft.next(check);
    AsyncFlow<Map<String, Object>> review = new AsyncFlow<>(draft);
    review.setName("Review");
    answer.next(review).next(publish, "publish");
    AsyncFlow<Map<String, Object>> agent = new AsyncFlow<>(decide);

    // When
    String mermaid = agent.toMermaid();

    // Then
    assertThat(mermaid)
        .isEqualTo(
            String.join(
                "\n",
                "flowchart TD",
                "  node1[\"Decide\"]",
                "  node2[\"Search\"]",
                "  node3[\"Answer\"]",
                "  subgraph flow4[\"Review\"]",
                "    node5[\"Draft\"]",
                "    node6[\"Check\"]",
                "  end",
                "  node7[\"Publish\"]",
                "  node1 -->|\"search\"| node2",
                "  node1 -->|\"answer\"| node3",
                "  node2 --> node1",
                "  node3 --> flow4",
                "  flow4 -->|\"publish\"| node7",
                "  node5 --> node6",
                ""));
  }

  @Test
  void namedAction_isAnEdgeLabel_defaultActionIsUnlabelled() {
    Step start = new Step("Start");
    Step left = new Step("Left");
    Step right = new Step("Right");
    start.next(left, "go left");
    start.next(right);

    assertThat(lines(new Flow<>(start).toMermaid()))
        .contains("  node1 -->|\"go left\"| node2", "  node1 --> node3");
  }

  @Test
  void loop_isRenderedAsAnEdgeBackToAnEarlierNode_declaredOnce() {
    Step ask = new Step("Ask");
    Step think = new Step("Think");
    ask.next(think).next(ask, "again");

    assertThat(lines(new Flow<>(ask).toMermaid()))
        .containsExactly(
            "flowchart TD",
            "  node1[\"Ask\"]",
            "  node2[\"Think\"]",
            "  node1 --> node2",
            "  node2 -->|\"again\"| node1",
            "");
  }

  @Test
  void selfLoop_isAnEdgeFromTheNodeToItself() {
    Step poll = new Step("Poll");
    poll.next(poll, "retry");

    assertThat(lines(new AsyncFlow<>(poll).toMermaid())).contains("  node1 -->|\"retry\"| node1");
  }

  @Test
  void nestedFlow_isASubgraphContainingItsNodes_andEdgesUseTheSubgraphId() {
    Step before = new Step("Before");
    Step inside = new Step("Inside");
    Step after = new Step("After");
    AsyncFlow<Map<String, Object>> nested = new AsyncFlow<>(inside);
    nested.setName("Nested");
    before.next(nested).next(after, "out");

    assertThat(lines(new AsyncFlow<>(before).toMermaid()))
        .containsExactly(
            "flowchart TD",
            "  node1[\"Before\"]",
            "  subgraph flow2[\"Nested\"]",
            "    node3[\"Inside\"]",
            "  end",
            "  node4[\"After\"]",
            "  node1 --> flow2",
            "  flow2 -->|\"out\"| node4",
            "");
  }

  @Test
  void doubleQuotes_inNamesAndActions_areEscaped() {
    Step say = new Step("Say \"hi\"");
    Step end = new Step("End");
    say.next(end, "said \"bye\"");

    assertThat(lines(new Flow<>(say).toMermaid()))
        .contains("  node1[\"Say #quot;hi#quot;\"]", "  node1 -->|\"said #quot;bye#quot;\"| node2");
  }

  @Test
  void defaultNames_areTheNodeClassesSimpleNames() {
    Step renamed = new Step("Renamed");
    AsyncFlow<Map<String, Object>> unnamedFlow = new AsyncFlow<>(renamed);
    Step outer = new Step("Outer");
    outer.next(unnamedFlow);

    assertThat(lines(new AsyncFlow<>(outer).toMermaid()))
        .contains("  subgraph flow2[\"AsyncFlow\"]");
  }

  @Test
  void flowContainingItself_isRejectedWithFlowDefinitionException() {
    Step first = new Step("First");
    AsyncFlow<Map<String, Object>> loopy = new AsyncFlow<>(first);
    loopy.setName("Loopy");
    first.next(loopy);

    assertThatThrownBy(loopy::toMermaid)
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Loopy' contains itself");
  }

  @Test
  void flowWithoutStartNode_isRejectedWithFlowDefinitionException() {
    AsyncFlow<Map<String, Object>> empty = new AsyncFlow<>();
    empty.setName("Empty");

    assertThatThrownBy(empty::toMermaid)
        .isInstanceOf(FlowDefinitionException.class)
        .hasMessageContaining("'Empty' has no start node");
  }
}
