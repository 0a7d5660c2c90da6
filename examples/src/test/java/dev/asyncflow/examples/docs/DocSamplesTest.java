package dev.asyncflow.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.examples.docs.DocSamples.Block;
import dev.asyncflow.examples.docs.DocSamples.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ```java block of README.md and docs/**.md is compiled code: it appears in a region marked
 * {@code // docs:<file>#<name> begin} ... {@code end} in the examples' sources (see {@link
 * DocSamples} and docs/README.md). A doc edit that drifts from the compiled samples fails here,
 * naming the doc file and its first unmatched line.
 */
class DocSamplesTest {
  private static Path root;
  private static List<Block> blocks;
  private static List<Region> regions;

  @BeforeAll
  static void readDocsAndSources() throws IOException {
    root = DocSamples.repositoryRoot();
    blocks = new ArrayList<>();
    for (String doc : DocSamples.docFiles(root)) {
      blocks.addAll(DocSamples.javaBlocks(doc, Files.readAllLines(root.resolve(doc))));
    }
    regions =
        DocSamples.regions(
            List.of(
                root.resolve("examples/src/main/java"), root.resolve("examples/src/test/java")));
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockOfTheDocs_isCompiledSampleCode() {
    assertThat(blocks).as("java blocks found in the docs").hasSizeGreaterThan(10);
    return blocks.stream()
        .map(
            block ->
                DynamicTest.dynamicTest(
                    block.toString(),
                    () -> assertThat(DocSamples.check(block, regions)).isEmpty()));
  }

  @Test
  void everySampleRegion_isShownInTheDocItNames() {
    List<String> stale =
        regions.stream()
            .filter(region -> !DocSamples.isShown(region, blocks))
            .map(region -> region + " matches no ```java block of " + region.doc())
            .toList();

    assertThat(stale).isEmpty();
  }

  @Test
  void aBlockLaidOutDifferently_matchesItsFormattedRegion() {
    Block block =
        block(
            "@Override protected String prep(State s, RunContext ctx) { return s.name(); }"
                + "   // the name");
    Region region =
        region(
            "  // docs:docs/x.md#prep begin",
            "  @Override",
            "  protected String prep(State s, RunContext ctx) {",
            "    return s.name();",
            "  } // the name",
            "  // docs:docs/x.md#prep end");

    assertThat(DocSamples.check(block, List.of(region))).isEmpty();
    assertThat(DocSamples.isShown(region, List.of(block))).isTrue();
  }

  @Test
  void aDriftedBlock_isReportedWithItsDocFileAndFirstUnmatchedLine() {
    Block block = block("var flow = new AsyncFlow<>(start);", "flow.runAsync(state).join();");
    Region region =
        region(
            "// docs:docs/x.md#run begin",
            "var flow = new AsyncFlow<>(start);",
            "flow.runAsync(shared).join();",
            "// docs:docs/x.md#run end");

    Optional<String> failure = DocSamples.check(block, List.of(region));

    assertThat(failure)
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("docs/x.md:11 is not compiled sample code")
                    .contains("first unmatched line docs/x.md:12: flow.runAsync(state).join();")
                    .contains("closest: region docs/x.md#run (Samples.java:2)"));
    assertThat(DocSamples.isShown(region, List.of(block))).isFalse();
  }

  @Test
  void aChangedComment_isADrift() {
    Block block = block("run(); // twice");
    Region region =
        region("// docs:docs/x.md#c begin", "run(); // once", "// docs:docs/x.md#c end");

    assertThat(DocSamples.check(block, List.of(region))).isPresent();
  }

  @Test
  void aBlockWithoutRegions_namesTheMarkerToAdd() {
    Optional<String> failure = DocSamples.check(block("run();"), List.of());

    assertThat(failure)
        .hasValueSatisfying(
            message -> assertThat(message).contains("there is no region // docs:docs/x.md#<name>"));
  }

  @Test
  void aBlockMatchingNoRegionAtAll_saysSo() {
    Region region = region("// docs:docs/x.md#c begin", "other();", "// docs:docs/x.md#c end");

    assertThat(DocSamples.check(block("run();"), List.of(region)))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("first unmatched line docs/x.md:11: run();")
                    .contains("no region of docs/x.md holds its first line"));
  }

  @Test
  void javaBlocks_skipsOtherLanguagesAndNumbersLinesFromOne() {
    List<Block> found =
        DocSamples.javaBlocks(
            "docs/x.md",
            List.of("# x", "```xml", "<a/>", "```", "```java", "int a = 1;", "```", "y"));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).firstLine()).isEqualTo(6);
    assertThat(found.get(0).lines()).containsExactly("int a = 1;");
    assertThatThrownBy(() -> DocSamples.javaBlocks("docs/x.md", List.of("```java", "x")))
        .hasMessageContaining("docs/x.md: the code block opened at line 1 is never closed");
  }

  @Test
  void unpairedMarkers_areRefused() {
    Path source = Path.of("Samples.java");

    assertThatThrownBy(() -> DocSamples.regions(source, List.of("// docs:README.md#a begin")))
        .hasMessageContaining("never ends");
    assertThatThrownBy(() -> DocSamples.regions(source, List.of("// docs:README.md#a end")))
        .hasMessageContaining("Samples.java:1: region end without its begin");
    assertThatThrownBy(
            () ->
                DocSamples.regions(
                    source, List.of("// docs:README.md#a begin", "// docs:README.md#b begin")))
        .hasMessageContaining("Samples.java:2: region begins inside");
  }

  /** A block of docs/x.md whose code starts on line 11. */
  private static Block block(String... lines) {
    return new Block("docs/x.md", 11, List.of(lines));
  }

  private static Region region(String... lines) {
    return DocSamples.regions(Path.of("Samples.java"), List.of(lines)).get(0);
  }
}
