package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.http.FailureKind;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.LatencyStats;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceStats;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@code service_status} tool: for each HTTP service of the server (ClinicalTrials.gov, and the
 * Anthropic API when summaries use it), its base URI, circuit-breaker state, request counters and
 * latency percentiles, as a Markdown table and as structured content. It reads {@link
 * ServiceClient#stats()} snapshots, which have no side effects, and answers at once.
 *
 * <p>Thread-safe: calls share nothing but the manager, which is thread-safe.
 */
final class ServiceStatusTool {
  /** The tool's name. */
  static final String NAME = "service_status";

  private static final String OUTPUT_SCHEMA =
      """
      {"type": "object", "required": ["services"],
       "properties": {"services": {"type": "array", "items": {"type": "object",
         "required": ["name", "baseUri", "circuitState", "requests", "successes", "failures",
                      "totalFailures", "retries", "inFlight", "queued", "maxConcurrency",
                      "latencyMs"],
         "properties": {
           "name": {"type": "string"},
           "baseUri": {"type": "string"},
           "circuitState": {"enum": ["CLOSED", "OPEN", "HALF_OPEN", "DISABLED"]},
           "requests": {"type": "integer", "description": "Calls started."},
           "successes": {"type": "integer", "description": "Calls answered with a 2xx."},
           "failures": {"type": "object", "additionalProperties": {"type": "integer"},
                        "description": "Failed calls by kind, every kind listed."},
           "totalFailures": {"type": "integer"},
           "retries": {"type": "integer", "description": "Retries scheduled."},
           "inFlight": {"type": "integer", "description": "Attempts holding a permit now."},
           "queued": {"type": "integer", "description": "Callers waiting for a permit now."},
           "maxConcurrency": {"type": "integer"},
           "latencyMs": {"type": "object",
             "required": ["count", "p50", "p90", "p99", "max"],
             "description": "Durations of finished calls, retries included, in milliseconds.",
             "properties": {"count": {"type": "integer"}, "p50": {"type": "number"},
               "p90": {"type": "number"}, "p99": {"type": "number"},
               "max": {"type": "number"}}}}}}}}
      """;

  private final HttpClientManager http;

  /**
   * Creates the tool.
   *
   * @param http the manager whose services it reports
   */
  ServiceStatusTool(HttpClientManager http) {
    this.http = http;
  }

  /**
   * Returns the tool's description and schemas.
   *
   * @return the tool
   */
  static Tool tool() {
    return Tool.builder()
        .name(NAME)
        .title("HTTP service status")
        .description(
            "Reports each HTTP service this server calls (ClinicalTrials.gov, and the Anthropic"
                + " API when summaries use it): base URI, circuit-breaker state, requests,"
                + " successes, failures by kind, retries, calls in flight and queued, and latency"
                + " percentiles. Takes no arguments.")
        .inputSchema(
            Schemas.parse(
                """
                {"type": "object", "properties": {}, "additionalProperties": false}
                """))
        .outputSchema(Schemas.parse(OUTPUT_SCHEMA))
        .annotations(ToolAnnotations.builder().readOnlyHint(true).openWorldHint(false).build())
        .build();
  }

  /**
   * Returns the tool with its handler, for the server.
   *
   * @return the specification
   */
  AsyncToolSpecification specification() {
    return ToolResults.specification(tool(), this::call);
  }

  /**
   * Answers one call.
   *
   * @param arguments the call's arguments: none are taken
   * @return the result; an error result for any argument, never an error signal
   */
  Mono<CallToolResult> call(@Nullable Map<String, @Nullable Object> arguments) {
    return ToolResults.guard(
        NAME,
        () ->
            Mono.fromCallable(() -> answer(arguments))
                .onErrorResume(
                    ArgumentException.class, e -> Mono.just(ToolResults.invalid(NAME, e))));
  }

  private CallToolResult answer(@Nullable Map<String, @Nullable Object> arguments) {
    ToolArguments.of(arguments, List.of());
    List<Snapshot> services = http.services().stream().map(Snapshot::of).toList();
    return ToolResults.success(markdown(services), json(services));
  }

  /**
   * One service's stats, read once, with the settings the report names.
   *
   * @param baseUri the service's base URI
   * @param maxConcurrency the most attempts it runs at once
   * @param stats its counters
   */
  record Snapshot(String baseUri, int maxConcurrency, ServiceStats stats) {
    static Snapshot of(ServiceClient service) {
      return new Snapshot(
          service.config().baseUri().toString(),
          service.config().maxConcurrency(),
          service.stats());
    }
  }

  /**
   * Renders the services as a Markdown table.
   *
   * @param services the services
   * @return the Markdown
   */
  static String markdown(List<Snapshot> services) {
    StringBuilder md = new StringBuilder("# HTTP services\n\n");
    if (services.isEmpty()) {
      return md.append("No services are registered.\n").toString();
    }
    md.append("| Service | Base URI | Circuit | Requests | Successes | Failures | Retries");
    md.append(" | In flight | Queued | p50 | p90 | p99 | Max |\n");
    md.append("|---|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|\n");
    services.forEach(service -> md.append(row(service)).append('\n'));
    md.append("\nLatency is measured from a call's start to its outcome, retries included.\n");
    return md.toString();
  }

  private static String row(Snapshot service) {
    ServiceStats stats = service.stats();
    LatencyStats latency = stats.latency();
    List<String> cells =
        List.of(
            stats.service(),
            service.baseUri(),
            stats.circuitState().name(),
            Long.toString(stats.requests()),
            Long.toString(stats.successes()),
            failures(stats),
            Long.toString(stats.retries()),
            stats.inFlight() + " of " + service.maxConcurrency(),
            Integer.toString(stats.queued()),
            latency.count() == 0 ? "–" : millis(latency.p50()),
            latency.count() == 0 ? "–" : millis(latency.p90()),
            latency.count() == 0 ? "–" : millis(latency.p99()),
            latency.count() == 0 ? "–" : millis(latency.max()));
    return cells.stream()
        .map(TrialsMarkdown::escape)
        .collect(Collectors.joining(" | ", "| ", " |"));
  }

  private static String failures(ServiceStats stats) {
    String kinds =
        stats.failures().entrySet().stream()
            .filter(entry -> entry.getValue() > 0)
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> entry.getKey().name() + " " + entry.getValue())
            .collect(Collectors.joining(", "));
    return kinds.isEmpty() ? "0" : stats.totalFailures() + " (" + kinds + ")";
  }

  private static String millis(Duration duration) {
    return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
  }

  /**
   * Returns the structured content: {@code {"services":[...]}} as the output schema describes.
   *
   * @param services the services
   * @return the JSON object
   */
  static ObjectNode json(List<Snapshot> services) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode array = root.putArray("services");
    services.forEach(service -> array.add(json(service)));
    return root;
  }

  private static ObjectNode json(Snapshot service) {
    ServiceStats stats = service.stats();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", stats.service());
    node.put("baseUri", service.baseUri());
    node.put("circuitState", stats.circuitState().name());
    node.put("requests", stats.requests());
    node.put("successes", stats.successes());
    ObjectNode failures = node.putObject("failures");
    for (FailureKind kind : FailureKind.values()) {
      failures.put(kind.name(), stats.failures(kind));
    }
    node.put("totalFailures", stats.totalFailures());
    node.put("retries", stats.retries());
    node.put("inFlight", stats.inFlight());
    node.put("queued", stats.queued());
    node.put("maxConcurrency", service.maxConcurrency());
    node.set("latencyMs", latency(stats.latency()));
    return node;
  }

  private static ObjectNode latency(LatencyStats latency) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("count", latency.count());
    node.put("p50", roundedMillis(latency.p50()));
    node.put("p90", roundedMillis(latency.p90()));
    node.put("p99", roundedMillis(latency.p99()));
    node.put("max", roundedMillis(latency.max()));
    return node;
  }

  private static double roundedMillis(Duration duration) {
    return Math.round(duration.toNanos() / 1e5) / 10.0;
  }
}
