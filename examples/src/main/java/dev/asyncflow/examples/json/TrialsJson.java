package dev.asyncflow.examples.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.examples.runtime.ErrorText;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.SearchResult;
import dev.asyncflow.trials.Study;
import dev.asyncflow.trials.TrialSummary;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Builds the JSON the programs print (the CLI) and return (the MCP server), so both speak one
 * shape:
 *
 * <ul>
 *   <li>a study: {@code {"nctId","title","status","phases","sponsor","conditions",
 *       "interventions","url","exclusionOnly"}}, where {@code status} and {@code phases} are the
 *       API's names ({@code "RECRUITING"}, {@code "PHASE2"}), {@code status} is {@code "UNKNOWN"}
 *       when the record has none, {@code sponsor} may be null and {@code interventions} lists
 *       names;
 *   <li>a search: {@code {"mutation","totalCount","studies"}} and {@code "summary"} when one was
 *       written; {@code totalCount} is the server's count of every matching study;
 *   <li>a batch outcome: {@code {"mutation","ok":true,"totalCount","studies"}} or {@code
 *       {"mutation","ok":false,"error":{"type","message"},"attempts"}}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class TrialsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  private TrialsJson() {}

  /**
   * Returns the mapper that writes these nodes: compact, one line per value.
   *
   * @return the shared mapper; do not reconfigure it
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Returns a study's JSON.
   *
   * @param study the study
   * @return a new object node
   */
  public static ObjectNode study(Study study) {
    ObjectNode node = NODES.objectNode();
    node.put("nctId", study.nctId());
    node.put("title", study.title());
    String status = study.overallStatus();
    node.put("status", status == null ? "UNKNOWN" : status);
    node.set("phases", strings(study.phases()));
    node.put("sponsor", study.leadSponsor());
    node.set("conditions", strings(study.conditions()));
    ArrayNode interventions = node.putArray("interventions");
    for (Study.Intervention intervention : study.interventions()) {
      if (intervention.name() != null) {
        interventions.add(intervention.name());
      }
    }
    node.put("url", study.url().toString());
    node.put("exclusionOnly", study.exclusionOnly());
    return node;
  }

  /**
   * Returns a search's JSON.
   *
   * @param mutation the searched mutation or term, as the user gave it
   * @param result the result
   * @param summary the summary, or null when none was asked for
   * @return a new object node
   */
  public static ObjectNode search(
      String mutation, SearchResult result, @Nullable TrialSummary summary) {
    ObjectNode node = NODES.objectNode();
    node.put("mutation", mutation);
    node.put("totalCount", result.totalCount());
    node.set("studies", studies(result.studies()));
    if (summary != null) {
      node.put("summary", summary.text());
    }
    return node;
  }

  /**
   * Returns a batch outcome's JSON; a success's summary, when the batch wrote one, is included as
   * {@code "summary"}.
   *
   * @param outcome the outcome
   * @return a new object node
   */
  public static ObjectNode outcome(BatchOutcome outcome) {
    if (outcome instanceof BatchOutcome.Success success) {
      ObjectNode node = NODES.objectNode();
      node.put("mutation", success.input());
      node.put("ok", true);
      node.put("totalCount", success.totalCount());
      node.set("studies", studies(success.studies()));
      TrialSummary summary = success.summary();
      if (summary != null) {
        node.put("summary", summary.text());
      }
      return node;
    }
    BatchOutcome.Failure failure = (BatchOutcome.Failure) outcome;
    ObjectNode node = NODES.objectNode();
    node.put("mutation", failure.input());
    node.put("ok", false);
    node.set("error", error(failure.error()));
    node.put("attempts", failure.attempts());
    return node;
  }

  /**
   * Returns an error's JSON: {@code {"type","message"}}, where {@code type} is the simple class
   * name of the error (unwrapped from {@link CompletionException} and {@link ExecutionException}).
   *
   * @param error the error
   * @return a new object node
   */
  public static ObjectNode error(Throwable error) {
    Throwable cause = ErrorText.unwrap(error);
    ObjectNode node = NODES.objectNode();
    node.put("type", cause.getClass().getSimpleName());
    node.put("message", ErrorText.message(cause));
    return node;
  }

  private static ArrayNode studies(List<Study> studies) {
    ArrayNode array = NODES.arrayNode(studies.size());
    studies.forEach(study -> array.add(study(study)));
    return array;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = NODES.arrayNode(values.size());
    values.forEach(array::add);
    return array;
  }
}
