package dev.asyncflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the quickstart's flow and checks what it did. */
class QuickstartExampleTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void processesEveryDocumentAfterRetryingTheFlakyService() {
    List<String> documents = List.of("a", "b", "c", "d", "e");

    QuickstartExample.Result result = QuickstartExample.run(documents, out);

    assertThat(result.action()).isEqualTo("done");
    assertThat(result.shared().glossary)
        .isEqualTo(
            "glossary-v7 (fetched on attempt " + (QuickstartExample.GLOSSARY_FAILURES + 1) + ")");
    assertThat(result.shared().summaries)
        .containsExactly(
            "summary of a", "summary of b", "summary of c", "summary of d", "summary of e");
    assertThat(result.shared().status).isEqualTo("summarized 5 documents");
    // Five 100 ms items with a limit of two: the limit is reached and never exceeded.
    assertThat(result.peakInFlight()).isEqualTo(QuickstartExample.MAX_CONCURRENCY);
    assertThat(printed())
        .contains("FetchGlossary attempt 1 failed", "retry scheduled in 40 ms")
        .contains("FetchGlossary attempt 2 failed", "retry scheduled in 80 ms")
        .doesNotContain("attempt 3 failed", "FAILED");
  }

  @Test
  void rejectsARequestWithoutDocuments() {
    QuickstartExample.Result result = QuickstartExample.run(List.of(), out);

    assertThat(result.action()).isEqualTo("rejected");
    assertThat(result.shared().status).isEqualTo("rejected: no documents");
    assertThat(result.shared().glossary).isNull();
    assertThat(result.shared().summaries).isEmpty();
    assertThat(result.peakInFlight()).isZero();
    assertThat(printed()).contains("ValidateRequest finished -> reject", "Reject started");
  }

  @Test
  void mermaidShowsBothBranches() {
    String mermaid = QuickstartExample.buildFlow(new QuickstartExample.InFlightGauge()).toMermaid();

    assertThat(mermaid)
        .startsWith("flowchart TD")
        .contains("-->|\"process\"|", "-->|\"reject\"|", "\"SummarizeDocuments\"", "\"Report\"");
  }
}
