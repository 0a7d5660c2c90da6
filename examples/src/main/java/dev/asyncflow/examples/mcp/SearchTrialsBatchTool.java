package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.examples.json.TrialsJson;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.InvalidQueryException;
import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.TrialsBatch;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@code search_trials_batch} tool: searches and summarizes up to {@value Schemas#MAX_BATCH}
 * mutations with {@link TrialsBatch} (bounded, duplicates searched once) and returns one Markdown
 * section per mutation in input order, failures included and named, with structured content {@code
 * {"results":[...]}}, one {@code TrialsJson.outcome} per mutation (with its {@code "summary"} when
 * it succeeded).
 *
 * <p>One failed mutation does not fail the call; the call fails only if the batch itself does. The
 * handler never blocks, and cancelling the call cancels the batch. Thread-safe: each call builds
 * its own batch over the shared, thread-safe client and summarizer.
 */
final class SearchTrialsBatchTool {
  /** The tool's name. */
  static final String NAME = "search_trials_batch";

  /** How many trials per mutation when {@code max_results} is not given. */
  static final int DEFAULT_MAX_RESULTS = 5;

  private static final List<String> ARGUMENTS =
      List.of("mutations", "condition", "statuses", "max_results");

  private static final String MUTATIONS =
      """
      {"type": "array", "minItems": 1, "maxItems": %d,
       "items": {"type": "string", "minLength": 1, "maxLength": 200},
       "description": "The mutations to search for, such as [\\"BRAF V600E\\", \\"KRAS G12C\\"].\
       Each is searched as the search_trials tool searches one; results come back in this order."}
      """
          .formatted(Schemas.MAX_BATCH);

  private static final String OUTPUT_SCHEMA =
      """
      {"type": "object", "required": ["results"],
       "properties": {"results": {"type": "array", "description": "One per mutation, in order.",
         "items": {"type": "object", "required": ["mutation", "ok"],
           "properties": {
             "mutation": {"type": "string", "description": "The mutation as given."},
             "ok": {"type": "boolean"},
             "totalCount": {"type": ["integer", "null"]},
             "studies": {"type": "array", "items": %s},
             "summary": {"type": "string"},
             "error": {"type": "object", "required": ["type", "message"],
                       "properties": {"type": {"type": "string"},
                                      "message": {"type": ["string", "null"]}}},
             "attempts": {"type": "integer",
                          "description": "Requests of the failed call that were sent."}}}}}}
      """
          .formatted(Schemas.STUDY);

  private final ClinicalTrialsClient client;
  private final TrialSummarizer summarizer;
  private final boolean demoData;

  /**
   * Creates the tool.
   *
   * @param client the client that searches
   * @param summarizer the summarizer of each mutation's studies
   * @param demoData whether the client searches the demo data, so results say DEMO DATA
   */
  SearchTrialsBatchTool(ClinicalTrialsClient client, TrialSummarizer summarizer, boolean demoData) {
    this.client = client;
    this.summarizer = summarizer;
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
        .title("Search clinical trials for many mutations")
        .description(
            "Searches ClinicalTrials.gov for up to "
                + Schemas.MAX_BATCH
                + " mutations at once, with the same optional condition and statuses for all."
                + " Returns one section per mutation, in the order given: the number of matching"
                + " trials and the most relevant ones, or the error when that search failed.")
        .inputSchema(Schemas.searchInput("mutations", MUTATIONS, DEFAULT_MAX_RESULTS))
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
   * @return one result: an error result for unusable arguments or a failed or cancelled batch,
   *     never an error signal
   */
  Mono<CallToolResult> call(@Nullable Map<String, @Nullable Object> arguments) {
    return ToolResults.guard(NAME, () -> search(arguments));
  }

  private Mono<CallToolResult> search(@Nullable Map<String, @Nullable Object> arguments) {
    Request request;
    try {
      request = Request.parse(arguments);
    } catch (ArgumentException | InvalidQueryException e) {
      return Mono.just(ToolResults.invalid(NAME, e));
    }
    TrialsBatch batch =
        TrialsBatch.builder(client).query(request::query).summarizer(summarizer).build();
    return Mono.fromFuture(() -> batch.run(request.mutations()))
        .map(outcomes -> result(request, outcomes));
  }

  private CallToolResult result(Request request, List<BatchOutcome> outcomes) {
    String filters = TrialsMarkdown.filters(request.condition(), request.statuses());
    String markdown = TrialsMarkdown.batch(outcomes, filters, request.maxResults(), demoData);
    return ToolResults.success(markdown, json(outcomes));
  }

  /**
   * Returns the structured content of a batch.
   *
   * @param outcomes the outcomes in input order
   * @return {@code {"results":[...]}}
   */
  static ObjectNode json(List<BatchOutcome> outcomes) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode results = root.putArray("results");
    outcomes.forEach(outcome -> results.add(TrialsJson.outcome(outcome)));
    return root;
  }

  /**
   * A batch call's arguments, checked.
   *
   * @param mutations the mutations as given, 1 to {@value Schemas#MAX_BATCH}, none blank
   * @param condition the condition, or null for any
   * @param statuses the statuses, empty for any
   * @param maxResults trials per mutation
   */
  record Request(
      List<String> mutations,
      @Nullable String condition,
      Set<OverallStatus> statuses,
      int maxResults) {

    /**
     * Reads and checks the arguments; each mutation is checked by building its query.
     *
     * @param arguments the call's arguments
     * @return the request
     * @throws ArgumentException if an argument is missing, unknown, of the wrong type or out of
     *     range, or a mutation is unusable (the message names it, such as {@code mutations[2]})
     * @throws InvalidQueryException if the condition is unusable
     */
    static Request parse(@Nullable Map<String, @Nullable Object> arguments) {
      ToolArguments args = ToolArguments.of(arguments, ARGUMENTS);
      List<String> mutations = args.requiredTexts("mutations", 1, Schemas.MAX_BATCH);
      Request request =
          new Request(
              mutations,
              args.optionalText("condition"),
              args.statuses("statuses"),
              args.integer("max_results", 1, Schemas.MAX_RESULTS, DEFAULT_MAX_RESULTS));
      for (int i = 0; i < mutations.size(); i++) {
        request.check(i);
      }
      return request;
    }

    /**
     * Returns the query for one mutation.
     *
     * @param mutation the mutation
     * @return the query with this request's filters
     * @throws InvalidQueryException if the mutation or the condition is unusable
     */
    StudyQuery query(String mutation) {
      return StudyQuery.builder()
          .mutation(mutation)
          .condition(condition)
          .statuses(statuses)
          .maxResults(maxResults)
          .build();
    }

    private void check(int index) {
      try {
        query(mutations.get(index));
      } catch (InvalidQueryException e) {
        if (!e.argument().equals("mutation")) {
          throw e;
        }
        String prefix = e.argument() + ": ";
        String message = String.valueOf(e.getMessage());
        String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        throw new ArgumentException("mutations[" + index + "]", problem);
      }
    }
  }
}
