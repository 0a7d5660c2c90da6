package dev.asyncflow.examples.docs;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.RetryHook;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The code of docs/flow-http.md; it calls the Anthropic API, so tests only compile it. */
final class FlowHttpSamples {
  private FlowHttpSamples() {}

  static void anthropic() {
    // docs:docs/flow-http.md#anthropic begin
    try (HttpClientManager http = HttpClientManager.create()) {
      ServiceClient anthropic =
          http.client(
              ServiceConfig.builder("anthropic", URI.create("https://api.anthropic.com/v1/"))
                  .sensitiveHeader("x-api-key", System.getenv("ANTHROPIC_API_KEY"))
                  .header("anthropic-version", "2023-06-01")
                  .maxConcurrency(4)
                  .responseTimeout(Duration.ofSeconds(120))
                  .retryPolicy(
                      HttpRetryPolicy.builder()
                          .retryOnStatus(529) // "overloaded"
                          .hook(RetryHook.requireRetryAfter(429)) // a spend limit is not retried
                          .build())
                  .build());

      ServiceRequest request =
          ServiceRequest.post("messages")
              .jsonBody(
                  Map.of(
                      "model",
                      "claude-sonnet-4-5",
                      "max_tokens",
                      512,
                      "messages",
                      List.of(Map.of("role", "user", "content", "Hello"))))
              .build();

      anthropic
          .json(request)
          .thenAccept(reply -> System.out.println(reply.at("/content/0/text").asText()))
          .exceptionally(
              failure -> {
                /* an HttpCallException subclass, see below */
                return null;
              });
    }
    // docs:docs/flow-http.md#anthropic end
  }
}
