package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.LatencyStats;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceStats;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service_status tool: one table row and one JSON object per service. */
class ServiceStatusToolTest {
  private static final ServiceStats STATS =
      new ServiceStats(
          "clinicaltrials",
          7,
          4,
          Map.of(FailureKind.HTTP_STATUS, 2L, FailureKind.TRANSPORT, 1L),
          3,
          1,
          2,
          CircuitState.HALF_OPEN,
          new LatencyStats(
              6,
              Duration.ofMillis(12),
              Duration.ofMillis(30),
              Duration.ofMillis(31),
              Duration.ofNanos(40_260_000)));

  private static final ServiceStatusTool.Snapshot SNAPSHOT =
      new ServiceStatusTool.Snapshot("https://clinicaltrials.gov/", 4, STATS);

  @Test
  void markdown_oneRowPerService() {
    String md = ServiceStatusTool.markdown(List.of(SNAPSHOT));

    assertThat(md)
        .contains("| Service | Base URI | Circuit | Requests | Successes | Failures | Retries |")
        .contains(
            "| clinicaltrials | https://clinicaltrials.gov/ | HALF\\_OPEN | 7 | 4"
                + " | 3 (HTTP\\_STATUS 2, TRANSPORT 1) | 3 | 1 of 4 | 2 | 12.0 ms | 30.0 ms"
                + " | 31.0 ms | 40.3 ms |");
  }

  @Test
  void markdown_noCallsYet_noLatency() {
    ServiceStats idle =
        new ServiceStats(
            "anthropic",
            0,
            0,
            Map.of(),
            0,
            0,
            0,
            CircuitState.CLOSED,
            new LatencyStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));

    String md =
        ServiceStatusTool.markdown(
            List.of(new ServiceStatusTool.Snapshot("https://api.anthropic.com", 2, idle)));

    assertThat(md)
        .contains(
            "| anthropic | https://api.anthropic.com | CLOSED | 0 | 0 | 0 | 0 | 0 of 2 | 0 | – | – | – | – |");
  }

  @Test
  void json_everyFieldAndEveryFailureKind() {
    JsonNode service = ServiceStatusTool.json(List.of(SNAPSHOT)).get("services").get(0);

    assertThat(service.get("name").asText()).isEqualTo("clinicaltrials");
    assertThat(service.get("baseUri").asText()).isEqualTo("https://clinicaltrials.gov/");
    assertThat(service.get("circuitState").asText()).isEqualTo("HALF_OPEN");
    assertThat(service.get("requests").asLong()).isEqualTo(7);
    assertThat(service.get("successes").asLong()).isEqualTo(4);
    assertThat(service.get("failures")).hasSize(FailureKind.values().length);
    assertThat(service.get("failures").get("HTTP_STATUS").asLong()).isEqualTo(2);
    assertThat(service.get("failures").get("CANCELLED").asLong()).isZero();
    assertThat(service.get("totalFailures").asLong()).isEqualTo(3);
    assertThat(service.get("retries").asLong()).isEqualTo(3);
    assertThat(service.get("inFlight").asInt()).isEqualTo(1);
    assertThat(service.get("queued").asInt()).isEqualTo(2);
    assertThat(service.get("maxConcurrency").asInt()).isEqualTo(4);
    assertThat(service.get("latencyMs").get("count").asLong()).isEqualTo(6);
    assertThat(service.get("latencyMs").get("max").asDouble()).isEqualTo(40.3);
  }

  @Test
  void call_reportsTheManagersServices() {
    try (HttpClientManager http = HttpClientManager.create()) {
      http.client(ServiceConfig.builder("example", URI.create("http://127.0.0.1:9/")).build());

      CallToolResult result = new ServiceStatusTool(http).call(Map.of()).block();

      assertThat(result.isError()).isFalse();
      assertThat(text(result)).contains("| example | http://127.0.0.1:9/ | CLOSED | 0 | 0 | 0 |");
      assertThat(result.structuredContent().toString()).contains("\"name\":\"example\"");
    }
  }

  @Test
  void call_withAnyArgument_isAToolError() {
    try (HttpClientManager http = HttpClientManager.create()) {
      CallToolResult result = new ServiceStatusTool(http).call(Map.of("verbose", true)).block();

      assertThat(result.isError()).isTrue();
      assertThat(text(result))
          .isEqualTo(
              "Invalid arguments for service_status: verbose: unknown argument; this tool"
                  + " takes no arguments");
    }
  }

  static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }
}
