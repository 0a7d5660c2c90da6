package dev.asyncflow.trials;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.RetryHook;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import dev.asyncflow.trials.internal.AnthropicReplies;
import dev.asyncflow.trials.internal.AnthropicReplies.Reply;
import dev.asyncflow.trials.internal.Futures;
import dev.asyncflow.trials.internal.SummaryInputs;
import dev.asyncflow.trials.internal.SummaryPrompt;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Summarizes studies with a Claude model through the Anthropic Messages API ({@code POST
 * /v1/messages}), over its own flow-http {@link ServiceClient}.
 *
 * <pre>{@code
 * TrialSummarizer summarizer = AnthropicSummarizer.builder(manager)
 *     .apiKeyFrom(System::getenv)
 *     .maxStudies(15)
 *     .build();
 * summarizer.summarize("EGFR L858R", studies).thenAccept(summary -> show(summary.text()));
 * }</pre>
 *
 * <p>Each call sends one request: the model, {@code max_tokens}, the optional temperature, system
 * instructions asking for a concise Markdown summary for a patient or clinician that groups the
 * trials, cites NCT ids and invents nothing, and a user prompt describing the first {@link
 * Builder#maxStudies(int)} studies (NCT id, title, status, phases, sponsor, conditions,
 * interventions, a shortened summary, and whether the mutation is named in the inclusion criteria).
 * Given no studies, it sends nothing and completes with {@link TrialSummary#noTrials(String)}.
 *
 * <p>Failures arrive through the future: {@link AnthropicApiException} when the API answers with a
 * status outside 2xx after any retries (carrying its error type, message and request id); {@link
 * AnthropicException} when the API cannot be reached or does not answer in time, when its reply is
 * not JSON, or when it holds no text; {@link NullPointerException} and {@link
 * InvalidQueryException} for bad arguments. Cancelling the returned future cancels the request. The
 * API key appears in no message, log or {@code toString()}.
 *
 * <p>Immutable and thread-safe: one instance serves any number of concurrent calls.
 */
public final class AnthropicSummarizer implements TrialSummarizer {
  /** The model used unless {@link Builder#model(String)} says otherwise. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-5";

  /** The API's root, under which requests go to {@code v1/messages}. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.anthropic.com");

  /** The API version sent in the {@code anthropic-version} header. */
  public static final String API_VERSION = "2023-06-01";

  /** The largest {@code max_tokens} the builder accepts; a model may allow less. */
  public static final int MAX_TOKENS_LIMIT = 128_000;

  private static final HttpRetryPolicy RETRY_POLICY =
      HttpRetryPolicy.builder()
          .maxAttempts(3)
          .delay(Duration.ofSeconds(1))
          .backoff(2.0, Duration.ofSeconds(30))
          .retryableStatuses(Set.of(429, 500, 502, 503, 504, 529))
          .hook(RetryHook.requireRetryAfter(429))
          .build();

  private final ServiceClient client;
  private final String model;
  private final int maxTokens;
  private final @Nullable Double temperature;
  private final int maxStudies;

  private AnthropicSummarizer(Builder builder, ServiceClient client) {
    this.client = client;
    this.model = builder.model;
    this.maxTokens = builder.maxTokens;
    this.temperature = builder.temperature;
    this.maxStudies = builder.maxStudies;
  }

  /**
   * Returns a builder whose summarizer registers its service client on {@code manager}.
   *
   * @param manager the application's HTTP client manager
   * @return a new builder with the defaults listed on its setters
   */
  public static Builder builder(HttpClientManager manager) {
    return new Builder(Objects.requireNonNull(manager, "manager"));
  }

  /**
   * Returns the retry policy the service starts with: 3 attempts, a jittered delay of 1 s doubling
   * up to 30 s; retrying 529 (overloaded), 500, 502, 503, 504 and transport failures, and 429 only
   * when it carries {@code Retry-After} (a 429 without it, such as a spend limit, is final); never
   * 400, 401, 403, 404 or 413. A retry waits at least as long as {@code Retry-After} asks.
   *
   * @return the policy; derive a changed one with {@link HttpRetryPolicy#builder(HttpRetryPolicy)}
   */
  public static HttpRetryPolicy defaultRetryPolicy() {
    return RETRY_POLICY;
  }

  /**
   * Summarizes {@code studies} with the model.
   *
   * @param mutation the searched text: a mutation such as {@code "EGFR L858R"}, or a term
   * @param studies the studies found, most relevant first; the first {@link
   *     Builder#maxStudies(int)} go into the prompt
   * @return the summary, source {@link TrialSummary.Source#LANGUAGE_MODEL}; or the failures the
   *     class documents
   */
  @Override
  public CompletableFuture<TrialSummary> summarize(String mutation, List<Study> studies) {
    try {
      List<Study> checked = SummaryInputs.checked(mutation, studies);
      if (checked.isEmpty()) {
        return CompletableFuture.completedFuture(TrialSummary.noTrials(mutation));
      }
      return call(request(mutation, checked), checked.size());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<TrialSummary> call(ServiceRequest request, int studyCount) {
    CompletableFuture<Reply> call = client.send(request, AnthropicReplies::read);
    CompletableFuture<TrialSummary> result =
        call.thenApply(reply -> AnthropicReplies.summary(reply, studyCount))
            .exceptionallyCompose(
                failure -> CompletableFuture.failedFuture(AnthropicReplies.failure(failure)));
    Futures.cancelWith(result, call);
    return result;
  }

  private ServiceRequest request(String mutation, List<Study> studies) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", model).put("max_tokens", maxTokens);
    if (temperature != null) {
      body.put("temperature", temperature);
    }
    body.put("system", SummaryPrompt.SYSTEM);
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", SummaryPrompt.user(mutation, studies, maxStudies));
    return ServiceRequest.post("v1/messages").jsonBody(body).idempotent(true).build();
  }

  /**
   * Returns the model, the base URI, the token and study limits and the service name; never the
   * key.
   *
   * @return a description for logs
   */
  @Override
  public String toString() {
    return "AnthropicSummarizer{model="
        + model
        + ", baseUri="
        + client.config().baseUri()
        + ", maxTokens="
        + maxTokens
        + ", temperature="
        + temperature
        + ", maxStudies="
        + maxStudies
        + ", service="
        + client.config().name()
        + "}";
  }

  /**
   * Builds an {@link AnthropicSummarizer}. Not thread-safe; {@link #build()} reads the settings
   * once, so changing the builder later does not change a built summarizer.
   */
  public static final class Builder {
    private final HttpClientManager manager;
    private @Nullable String apiKey;
    private @Nullable Function<String, @Nullable String> environment;
    private String model = DEFAULT_MODEL;
    private int maxTokens = 1024;
    private @Nullable Double temperature;
    private int maxStudies = 10;
    private URI baseUri = DEFAULT_BASE_URI;
    private String serviceName = "anthropic";
    private Consumer<ServiceConfig.Builder> serviceSettings = service -> {};

    private Builder(HttpClientManager manager) {
      this.manager = manager;
    }

    /**
     * Sets the API key, sent in the {@code x-api-key} header, which is marked sensitive. It wins
     * over {@link #apiKeyFrom(Function)}. Surrounding whitespace is dropped.
     *
     * @param apiKey the key
     * @return this builder
     * @throws IllegalArgumentException if the key is blank (the message never shows a key)
     */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      this.apiKey = apiKey.strip();
      return this;
    }

    /**
     * Takes the API key from the environment variable {@value TrialSummarizer#API_KEY_VARIABLE}
     * when {@link #apiKey(String)} was not called; {@link #build()} looks it up.
     *
     * @param environment looks up an environment variable by name, null when unset, such as {@code
     *     System::getenv}
     * @return this builder
     */
    public Builder apiKeyFrom(Function<String, @Nullable String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Sets the model id. Default {@value AnthropicSummarizer#DEFAULT_MODEL}.
     *
     * @param model a model id such as {@code "claude-haiku-4-5"}
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model.strip();
      return this;
    }

    /**
     * Sets the most tokens the model may write ({@code max_tokens}); a summary that reaches it ends
     * with stop reason {@code max_tokens}. Default 1024. Long outputs take long: raise the response
     * timeout with {@link #configureService(Consumer)} for several thousand tokens.
     *
     * @param maxTokens 1 to {@value AnthropicSummarizer#MAX_TOKENS_LIMIT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT) {
        throw new IllegalArgumentException(
            "maxTokens must be in 1.." + MAX_TOKENS_LIMIT + ", was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the sampling temperature. Default none: the API's own default.
     *
     * @param temperature 0 to 1, or null to send none
     * @return this builder
     * @throws IllegalArgumentException if outside 0..1
     */
    public Builder temperature(@Nullable Double temperature) {
      if (temperature != null && !(temperature >= 0.0 && temperature <= 1.0)) {
        throw new IllegalArgumentException("temperature must be in 0..1, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets the most studies described in the prompt; the prompt says how many more were left out.
     * Default 10.
     *
     * @param maxStudies at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxStudies(int maxStudies) {
      if (maxStudies < 1) {
        throw new IllegalArgumentException("maxStudies must be >= 1, was " + maxStudies);
      }
      this.maxStudies = maxStudies;
      return this;
    }

    /**
     * Sets the API's root; requests go to {@code v1/messages} under it, so a root with a path, such
     * as {@code http://proxy.local/anthropic/}, sends to {@code
     * http://proxy.local/anthropic/v1/messages}. Default {@code https://api.anthropic.com}.
     *
     * @param baseUri an absolute http or https URI without query or fragment; checked by {@link
     *     #build()}
     * @return this builder
     */
    public Builder baseUri(URI baseUri) {
      this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
      return this;
    }

    /**
     * Sets the name of the flow-http service, which must be unique within the manager. Default
     * {@code anthropic}.
     *
     * @param serviceName the name used in events, statistics and messages
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder serviceName(String serviceName) {
      Objects.requireNonNull(serviceName, "serviceName");
      if (serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank");
      }
      this.serviceName = serviceName;
      return this;
    }

    /**
     * Changes the flow-http settings of the service after the summarizer's own: the headers {@code
     * x-api-key} (sensitive) and {@code anthropic-version}, a response timeout of 60 s (the model
     * writes the whole summary before the response headers come), a deadline of 120 s per call
     * (every attempt and retry wait included), {@link #defaultRetryPolicy()} and flow-http's other
     * defaults (10 requests in flight, a circuit breaker). Each call adds to the earlier ones;
     * {@link #build()} applies them in order.
     *
     * @param settings changes the service's config builder, such as {@code s ->
     *     s.maxConcurrency(2)}
     * @return this builder
     */
    public Builder configureService(Consumer<ServiceConfig.Builder> settings) {
      this.serviceSettings = serviceSettings.andThen(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /**
     * Builds the summarizer and registers its service client on the manager.
     *
     * @return the summarizer
     * @throws IllegalStateException if no key was given and the environment has none ("no Anthropic
     *     API key: set ANTHROPIC_API_KEY or call apiKey(...)"), or the manager is closed
     * @throws IllegalArgumentException if the base URI is not absolute http(s), the key holds a
     *     character a header may not, or the manager already has a service of this name
     */
    public AnthropicSummarizer build() {
      return new AnthropicSummarizer(this, manager.client(serviceConfig(key())));
    }

    private String key() {
      String key = apiKey;
      if (key == null && environment != null) {
        key = environment.apply(TrialSummarizer.API_KEY_VARIABLE);
      }
      if (key == null || key.isBlank()) {
        throw new IllegalStateException(
            "no Anthropic API key: set "
                + TrialSummarizer.API_KEY_VARIABLE
                + " or call apiKey(...)");
      }
      return key.strip();
    }

    private ServiceConfig serviceConfig(String key) {
      ServiceConfig.Builder service =
          ServiceConfig.builder(serviceName, baseUri)
              .sensitiveHeader("x-api-key", key)
              .header("anthropic-version", API_VERSION)
              .responseTimeout(Duration.ofSeconds(60))
              .deadline(Duration.ofSeconds(120))
              .retryPolicy(RETRY_POLICY);
      serviceSettings.accept(service);
      return service.build();
    }
  }
}
