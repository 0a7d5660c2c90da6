package dev.asyncflow.trials.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncflow.http.BodyReader;
import dev.asyncflow.trials.UnexpectedResponseException;
import java.util.function.Function;

/**
 * A response body read as JSON inside the flow-http call (so that a body cut short is retried
 * there), and the attempts the call took, for parsing after the call.
 *
 * @param json the body
 * @param attempts the attempts the call took
 */
record ReceivedJson(JsonNode json, int attempts) {
  /** Reads a complete 2xx body as a JSON tree. */
  static final BodyReader<ReceivedJson> READER =
      response -> new ReceivedJson(response.json(), response.attempts());

  /**
   * Parses the JSON; a body of the wrong shape fails at once, without a retry.
   *
   * @param parser reads studies from the JSON
   * @param <T> what it reads
   * @return what it read
   * @throws UnexpectedResponseException if the parser finds the JSON malformed
   */
  <T> T parse(Function<JsonNode, T> parser) {
    try {
      return parser.apply(json);
    } catch (MalformedStudyException malformed) {
      throw new UnexpectedResponseException(
          "unexpected response from ClinicalTrials.gov: " + malformed.getMessage(),
          attempts,
          malformed);
    }
  }
}
