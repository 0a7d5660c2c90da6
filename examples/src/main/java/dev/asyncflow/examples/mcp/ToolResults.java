package dev.asyncflow.examples.mcp;

import dev.asyncflow.examples.runtime.ErrorText;
import dev.asyncflow.trials.AnthropicException;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Builds the tools' results: Markdown with structured content, or a one-line error result ({@code
 * isError: true}) that the assistant reads and the session survives. Stateless.
 */
final class ToolResults {
  /** The advice given when ClinicalTrials.gov cannot be reached. */
  static final String OFFLINE_HINT =
      "ClinicalTrials.gov could not be reached: check the network and --ctgov-url, or start the"
          + " server with --offline to search demo data.";

  /** The advice given when the Anthropic API fails a summary. */
  static final String ANTHROPIC_HINT =
      "The summary failed at the Anthropic API: check ANTHROPIC_API_KEY and --anthropic-url, or"
          + " leave the key unset for local summaries.";

  private ToolResults() {}

  /**
   * Returns a tool with its handler, for the server: every call's arguments go to {@code call}.
   *
   * @param tool the tool's definition
   * @param call answers one call, given its arguments (null when the request has none)
   * @return the specification
   */
  static AsyncToolSpecification specification(
      Tool tool, Function<@Nullable Map<String, @Nullable Object>, Mono<CallToolResult>> call) {
    return AsyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> call.apply(request.arguments()))
        .build();
  }

  /**
   * Runs a tool's call so that whatever happens the client gets a result: a call that throws while
   * it is assembled, signals an error (a failed or cancelled future included) or completes empty
   * becomes an error result; the SDK would otherwise answer a JSON-RPC error, or nothing at all.
   *
   * @param tool the tool's name
   * @param call assembles the call; run when the result is subscribed to
   * @return exactly one result, never an error signal
   */
  static Mono<CallToolResult> guard(String tool, Supplier<Mono<CallToolResult>> call) {
    return Mono.defer(call)
        .switchIfEmpty(Mono.fromSupplier(() -> error(tool + " failed: it gave no result")))
        .onErrorResume(e -> Mono.fromSupplier(() -> failure(tool, e)))
        .onErrorReturn(error(tool + " failed"));
  }

  /**
   * Returns a successful result.
   *
   * @param markdown the text content, Markdown
   * @param structured the structured content, matching the tool's output schema
   * @return the result
   */
  static CallToolResult success(String markdown, Object structured) {
    return CallToolResult.builder()
        .addTextContent(markdown)
        .structuredContent(structured)
        .isError(false)
        .build();
  }

  /**
   * Returns the result of a call with an unusable argument.
   *
   * @param tool the tool's name
   * @param problem what is wrong, naming the argument
   * @return an error result with one line of text
   */
  static CallToolResult invalid(String tool, IllegalArgumentException problem) {
    return error("Invalid arguments for " + tool + ": " + ErrorText.oneLine(problem.getMessage()));
  }

  /**
   * Returns the result of a call that failed while it ran.
   *
   * @param tool the tool's name
   * @param failure what it failed with; {@link CompletionException} and {@link ExecutionException}
   *     wrappers are looked through
   * @return an error result naming the error's type and message, with advice for an unreachable API
   */
  static CallToolResult failure(String tool, Throwable failure) {
    Throwable error = ErrorText.unwrap(failure);
    String text = tool + " failed: " + ErrorText.describe(error);
    if (error instanceof ClinicalTrialsUnreachableException) {
      text += " " + OFFLINE_HINT;
    } else if (error instanceof AnthropicException) {
      text += " " + ANTHROPIC_HINT;
    }
    return error(text);
  }

  private static CallToolResult error(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }
}
