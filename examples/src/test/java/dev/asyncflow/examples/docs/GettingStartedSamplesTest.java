package dev.asyncflow.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the samples of docs/getting-started.md; the custom node is tested with its example. */
class GettingStartedSamplesTest {

  @Test
  void firstFlow_countsSixWordsAndTakesTheLongBranch() {
    GettingStartedSamples.Doc doc = new GettingStartedSamples().firstFlow();

    assertThat(doc.words).isEqualTo(6);
    assertThat(doc.verdict).isEqualTo("long");
  }

  @Test
  void firstQueryOffline_printsStudiesAndTheirSummary() {
    String printed = printedBy(GettingStartedSamples::firstQueryOffline);

    assertThat(printed).containsPattern("(?m)^NCT\\d+  \\S");
    assertThat(printed).contains("BRAF V600E");
  }

  /** Runs {@code sample} and returns what it printed to System.out. */
  private static String printedBy(Runnable sample) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      sample.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
