package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.examples.json.TrialsJson;
import dev.asyncflow.trials.InvalidQueryException;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummary;
import dev.asyncflow.trials.TrialsFlow;
import dev.asyncflow.trials.TrialsState;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@code search_trials} tool: searches ClinicalTrials.gov for one mutation with {@link
 * TrialsFlow} (query, then summary) and returns Markdown (heading, counts, summary, the trials)
 * with the same facts as structured content: {@code {"mutation","totalCount","studies","summary"}}.
 *
 * <p>The handler never blocks: it returns the flow's future as a {@link Mono}, and cancelling the
 * call cancels the flow. Thread-safe: calls share only the flow, which serves concurrent runs.
 */
final class SearchTrialsTool {
  /** The tool's name. */
  static final String NAME = "search_trials";

  /** How many trials a search returns when {@code max_results} is not given. */
  static final int DEFAULT_MAX_RESULTS = 10;

  private static final List<String> ARGUMENTS =
      List.of("mutation", "condition", "statuses", "max_results");

  private static final String OUTPUT_SCHEMA =
      """
      {"type": "object", "required": ["mutation", "totalCount", "studies"],
       "properties": {
         "mutation": {"type": "string", "description": "The mutation searched, cleaned."},
         "totalCount": {"type": ["integer", "null"],
                        "description": "How many trials match in all."},
         "studies": {"type": "array", "items": %s,
                     "description": "The trials returned, most relevant first."},
         "summary": {"type": "string", "description": "The summary, Markdown."}}}
      """
          .formatted(Schemas.STUDY);

  private final TrialsFlow flow;
  private final boolean demoData;

  /**
   * Creates the tool.
   *
   * @param flow the flow that searches and summarizes
   * @param demoData whether the client searches the demo data, so results say DEMO DATA
   */
  SearchTrialsTool(TrialsFlow flow, boolean demoData) {
    this.flow = flow;
    this.demoData = demoData;
  }

  /**
   * Returns the tool's description and schemas.
   *
   * @return the tool
   */
  static Tool tool() {
    return Tool.builder()
        .name(NAME)
        .title("Search clinical trials by mutation")
        .description(
            "Searches ClinicalTrials.gov for clinical trials that match a genetic mutation, such"
                + " as BRAF V600E, optionally only for one condition and some overall statuses."
                + " Returns the number of matching trials, a summary, and the most relevant"
                + " trials with their NCT id and link, title, phases, status and lead sponsor.")
        .inputSchema(Schemas.searchInput("mutation", Schemas.MUTATION, DEFAULT_MAX_RESULTS))
        .outputSchema(Schemas.parse(OUTPUT_SCHEMA))
        .annotations(ToolAnnotations.builder().readOnlyHint(true).openWorldHint(true).build())
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
   * @param arguments the call's arguments
   * @return one result: an error result for unusable arguments or a failed or cancelled search,
   *     never an error signal
   */
  Mono<CallToolResult> call(@Nullable Map<String, @Nullable Object> arguments) {
    return ToolResults.guard(NAME, () -> search(arguments));
  }

  private Mono<CallToolResult> search(@Nullable Map<String, @Nullable Object> arguments) {
    StudyQuery query;
    try {
      query = query(arguments);
    } catch (ArgumentException | InvalidQueryException e) {
      return Mono.just(ToolResults.invalid(NAME, e));
    }
    return Mono.fromFuture(() -> flow.run(query)).map(this::result);
  }

  /**
   * Reads the arguments into a query.
   *
   * @param arguments the call's arguments
   * @return the query
   * @throws ArgumentException if an argument is missing, unknown, of the wrong type or out of range
   * @throws InvalidQueryException if the mutation or condition is unusable (too long, control
   *     characters); its message names the argument too
   */
  static StudyQuery query(@Nullable Map<String, @Nullable Object> arguments) {
    ToolArguments args = ToolArguments.of(arguments, ARGUMENTS);
    String mutation = args.requiredText("mutation");
    String condition = args.optionalText("condition");
    var statuses = args.statuses("statuses");
    int maxResults = args.integer("max_results", 1, Schemas.MAX_RESULTS, DEFAULT_MAX_RESULTS);
    return StudyQuery.builder()
        .mutation(mutation)
        .condition(condition)
        .statuses(statuses)
        .maxResults(maxResults)
        .build();
  }

  private CallToolResult result(TrialsState state) {
    SearchResult result = Objects.requireNonNull(state.result(), "the flow left no result");
    TrialSummary summary = state.summary();
    return ToolResults.success(
        TrialsMarkdown.search(result, summary, demoData), json(result, summary));
  }

  /**
   * Returns the structured content of a search.
   *
   * @param result the search result
   * @param summary its summary, or null
   * @return {@code {"mutation","totalCount","studies":[...],"summary"}}, as {@link
   *     TrialsJson#search} writes it (the mutation cleaned as the query searched it)
   */
  static ObjectNode json(SearchResult result, @Nullable TrialSummary summary) {
    return TrialsJson.search(Objects.toString(result.query().text(), ""), result, summary);
  }
}
