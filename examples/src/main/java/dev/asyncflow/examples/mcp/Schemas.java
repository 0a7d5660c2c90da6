package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON Schemas (draft 2020-12, the MCP default) of the tools' inputs and outputs, written as
 * JSON text and read into the maps the SDK's {@code Tool} takes. Input schemas tell the assistant
 * what to send; {@link ToolArguments} enforces the same rules with its own messages. Output schemas
 * describe the structured content, and the SDK checks every successful result against them.
 * Stateless.
 */
final class Schemas {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The most mutations one batch call takes. */
  static final int MAX_BATCH = 50;

  /** The most trials one search returns. */
  static final int MAX_RESULTS = 100;

  /** The {@code mutation} property. */
  static final String MUTATION =
      """
      {"type": "string", "minLength": 1, "maxLength": 200,
       "description": "The mutation to search for, such as \\"BRAF V600E\\" or \\"EGFR L858R\\".\
       Searched as one phrase in the eligibility criteria, titles, brief summary and keywords;\
       trials that name it only under their exclusion criteria are left out."}
      """;

  /** The {@code condition} property. */
  static final String CONDITION =
      """
      {"type": "string", "maxLength": 200,
       "description": "Optional. Only trials of this condition, such as \\"melanoma\\" or\
       \\"non-small cell lung cancer\\"."}
      """;

  /** The {@code statuses} property. */
  static final String STATUSES =
      """
      {"type": "array", "uniqueItems": true,
       "items": {"type": "string", "enum": [%s]},
       "description": "Optional. Only trials with one of these overall statuses, such as\
       [\\"RECRUITING\\", \\"NOT_YET_RECRUITING\\"]; case is ignored. Omit for any status."}
      """
          .formatted(
              ToolArguments.statusNames().stream()
                  .map(name -> '"' + name + '"')
                  .collect(Collectors.joining(", ")));

  /** One study in structured content, as {@code TrialsJson.study} writes it. */
  static final String STUDY =
      """
      {"type": "object", "required": ["nctId", "url"],
       "properties": {
         "nctId": {"type": "string", "description": "The NCT id, such as NCT04000000."},
         "title": {"type": "string"},
         "status": {"type": "string",
                    "description": "API value, such as RECRUITING; UNKNOWN when not given."},
         "phases": {"type": "array", "items": {"type": "string"},
                    "description": "API values, such as PHASE2."},
         "sponsor": {"type": ["string", "null"], "description": "The lead sponsor."},
         "conditions": {"type": "array", "items": {"type": "string"}},
         "interventions": {"type": "array", "items": {"type": "string"},
                           "description": "Intervention names."},
         "url": {"type": "string", "description": "The study's page on clinicaltrials.gov."},
         "exclusionOnly": {"type": "boolean",
                           "description": "Whether the study names the mutation only under its\
                           exclusion criteria."}}}
      """;

  private Schemas() {}

  /**
   * Returns the input schema of a tool with the {@code condition}, {@code statuses} and {@code
   * max_results} filters and one more property first.
   *
   * @param name the first property's name
   * @param schema the first property's schema
   * @param defaultMax {@code max_results}' default
   * @return the schema
   */
  static Map<String, Object> searchInput(String name, String schema, int defaultMax) {
    return parse(
        """
        {"type": "object", "required": ["%s"], "additionalProperties": false,
         "properties": {"%s": %s, "condition": %s, "statuses": %s,
           "max_results": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d,
                           "description": "How many trials to return per mutation, the most\
                           relevant first."}}}
        """
            .formatted(name, name, schema, CONDITION, STATUSES, MAX_RESULTS, defaultMax));
  }

  /**
   * Reads a schema written as JSON.
   *
   * @param json the schema
   * @return it as nested maps and lists, each description's runs of spaces made one space
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  static Map<String, Object> parse(String json) {
    Map<String, Object> schema;
    try {
      schema = MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
    }
    tidyDescriptions(schema);
    return schema;
  }

  /** Collapses the runs of spaces that line continuations leave inside descriptions. */
  @SuppressWarnings("unchecked")
  private static void tidyDescriptions(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> object = (Map<String, Object>) map;
      object.replaceAll(
          (key, value) ->
              key.equals("description") && value instanceof String text
                  ? text.replaceAll("\\s+", " ")
                  : value);
      object.values().forEach(Schemas::tidyDescriptions);
    } else if (node instanceof List<?> list) {
      list.forEach(Schemas::tidyDescriptions);
    }
  }
}
