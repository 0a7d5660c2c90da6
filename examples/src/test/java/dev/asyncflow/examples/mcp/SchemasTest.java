package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.LatencyStats;
import dev.asyncflow.http.ServiceStats;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import dev.asyncflow.trials.TrialSummary;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tools' schemas are valid JSON Schema 2020-12, and the structured content each tool builds
 * passes its output schema (the SDK turns a result that does not into an error result).
 */
class SchemasTest {
  private final JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();

  private static final List<Tool> TOOLS =
      List.of(SearchTrialsTool.tool(), SearchTrialsBatchTool.tool(), ServiceStatusTool.tool());

  @Test
  void everySchemaIsJsonSchema2020() {
    for (Tool tool : TOOLS) {
      assertValid(validator.validateSchema(tool.inputSchema()));
      assertValid(validator.validateSchema(tool.outputSchema()));
    }
  }

  @Test
  void inputSchemas_nameTheirRequiredArguments() {
    assertThat(SearchTrialsTool.tool().inputSchema())
        .containsEntry("required", List.of("mutation"));
    assertThat(SearchTrialsBatchTool.tool().inputSchema())
        .containsEntry("required", List.of("mutations"));
    assertThat(ServiceStatusTool.tool().inputSchema()).doesNotContainKey("required");
    assertThat(SearchTrialsTool.tool().inputSchema().get("properties").toString())
        .contains("max_results")
        .contains("maximum=100")
        .contains("default=10")
        .contains("NOT_YET_RECRUITING");
  }

  @Test
  void descriptionsHaveNoRunsOfSpaces() {
    assertThat(SearchTrialsTool.tool().inputSchema().toString()).doesNotContain("  ");
  }

  @Test
  void searchContent_passesItsOutputSchema() {
    TrialSummary summary = new TrialSummary("text", TrialSummary.Source.LOCAL, null, null, null, 2);
    var json =
        SearchTrialsTool.json(
            Studies.result("BRAF V600E", 12, Studies.braf(), Studies.kras()), summary);

    assertValid(validator.validate(SearchTrialsTool.tool().outputSchema(), json));
    assertThat(json.get("mutation").asText()).isEqualTo("BRAF V600E");
    assertThat(json.get("totalCount").asInt()).isEqualTo(12);
    assertThat(json.get("studies")).hasSize(2);
    assertThat(json.get("summary").asText()).isEqualTo("text");
  }

  @Test
  void batchContent_passesItsOutputSchema() {
    List<BatchOutcome> outcomes =
        List.of(
            new BatchOutcome.Success(
                0,
                "BRAF V600E",
                Studies.result("BRAF V600E", 1, Studies.braf()),
                TrialSummary.noTrials("x")),
            new BatchOutcome.Failure(
                1, "KRAS G12C", new ClinicalTrialsUnreachableException("no route", 3, null), 3));
    var json = SearchTrialsBatchTool.json(outcomes);

    assertValid(validator.validate(SearchTrialsBatchTool.tool().outputSchema(), json));
    assertThat(json.get("results")).hasSize(2);
    assertThat(json.get("results").get(0).get("summary").asText()).contains("No clinical trials");
    assertThat(json.get("results").get(1).has("summary")).isFalse();
  }

  @Test
  void statusContent_passesItsOutputSchema() {
    ServiceStats stats =
        new ServiceStats(
            "ctgov",
            5,
            3,
            Map.of(FailureKind.HTTP_STATUS, 2L),
            1,
            0,
            0,
            CircuitState.CLOSED,
            new LatencyStats(
                5,
                Duration.ofMillis(12),
                Duration.ofMillis(30),
                Duration.ofMillis(31),
                Duration.ofMillis(40)));
    var json =
        ServiceStatusTool.json(
            List.of(new ServiceStatusTool.Snapshot("https://clinicaltrials.gov/", 4, stats)));

    assertValid(validator.validate(ServiceStatusTool.tool().outputSchema(), json));
  }

  private static void assertValid(ValidationResponse response) {
    assertThat(response.valid()).as(String.valueOf(response.errorMessage())).isTrue();
  }
}
