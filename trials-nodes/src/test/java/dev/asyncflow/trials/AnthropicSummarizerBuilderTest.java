package dev.asyncflow.trials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.RetryHook;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder's defaults, its checks, where the key comes from, and the environment factory. */
class AnthropicSummarizerBuilderTest {
  private static final String KEY = AnthropicHarness.KEY;

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final HttpClientManager manager = leaks.manager();

  @Test
  void build_registersOneServiceWithTheDocumentedDefaults() {
    AnthropicSummarizer summarizer = AnthropicSummarizer.builder(manager).apiKey(KEY).build();

    ServiceConfig config = manager.services().get(0).config();
    assertThat(manager.services()).hasSize(1);
    assertThat(config.name()).isEqualTo("anthropic");
    assertThat(config.baseUri()).isEqualTo(URI.create("https://api.anthropic.com/"));
    assertThat(config.headers())
        .containsEntry("x-api-key", KEY)
        .containsEntry("anthropic-version", "2023-06-01");
    assertThat(config.sensitiveHeaders()).contains("x-api-key");
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(120));
    assertThat(config.retryPolicy()).isSameAs(AnthropicSummarizer.defaultRetryPolicy());
    assertThat(summarizer)
        .hasToString(
            "AnthropicSummarizer{model=claude-sonnet-4-5, baseUri=https://api.anthropic.com/,"
                + " maxTokens=1024, temperature=null, maxStudies=10, service=anthropic}");
  }

  @Test
  void toString_namesEverySetting() {
    AnthropicSummarizer summarizer =
        AnthropicSummarizer.builder(manager)
            .apiKey(KEY)
            .model("claude-haiku-4-5")
            .maxTokens(2000)
            .temperature(0.3)
            .maxStudies(4)
            .baseUri(URI.create("http://proxy.local/anthropic"))
            .serviceName("claude")
            .build();

    assertThat(summarizer)
        .hasToString(
            "AnthropicSummarizer{model=claude-haiku-4-5, baseUri=http://proxy.local/anthropic/,"
                + " maxTokens=2000, temperature=0.3, maxStudies=4, service=claude}");
  }

  @Test
  void defaultRetryPolicy_retriesOverloadAndServerErrors_and429OnlyWithRetryAfter() {
    HttpRetryPolicy policy = AnthropicSummarizer.defaultRetryPolicy();

    assertThat(policy.retryableStatuses()).containsExactlyInAnyOrder(429, 500, 502, 503, 504, 529);
    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.hook()).isNotSameAs(RetryHook.PROCEED);
  }

  @Test
  void configureService_changesTheServiceAfterTheDefaults_inOrder() {
    AnthropicSummarizer.builder(manager)
        .apiKey(KEY)
        .configureService(
            service -> service.maxConcurrency(2).responseTimeout(Duration.ofMinutes(3)))
        .configureService(service -> service.maxConcurrency(3))
        .build();

    ServiceConfig config = manager.services().get(0).config();
    assertThat(config.maxConcurrency()).isEqualTo(3);
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void build_withoutAKey_failsNamingBothWaysToGiveOne_andRegistersNothing() {
    AnthropicSummarizer.Builder builder = AnthropicSummarizer.builder(manager);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no Anthropic API key: set ANTHROPIC_API_KEY or call apiKey(...)");
    assertThat(manager.services()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void build_withABlankKeyInTheEnvironment_fails(String value) {
    AnthropicSummarizer.Builder builder =
        AnthropicSummarizer.builder(manager).apiKeyFrom(Map.of("ANTHROPIC_API_KEY", value)::get);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no Anthropic API key");
  }

  @Test
  void apiKeyFrom_readsAnthropicApiKey_withoutSurroundingWhitespace() {
    AnthropicSummarizer.builder(manager)
        .apiKeyFrom(Map.of("ANTHROPIC_API_KEY", " " + KEY + "\n")::get)
        .build();

    assertThat(manager.services().get(0).config().headers()).containsEntry("x-api-key", KEY);
  }

  @Test
  void apiKey_winsOverTheEnvironment() {
    AnthropicSummarizer.builder(manager)
        .apiKeyFrom(Map.of("ANTHROPIC_API_KEY", "sk-from-environment")::get)
        .apiKey(KEY)
        .build();

    assertThat(manager.services().get(0).config().headers()).containsEntry("x-api-key", KEY);
  }

  @Test
  void apiKey_blank_isRejected() {
    AnthropicSummarizer.Builder builder = AnthropicSummarizer.builder(manager);

    assertThatThrownBy(() -> builder.apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKey must not be blank");
  }

  @Test
  void setters_rejectValuesOutOfRange_namingTheValue() {
    AnthropicSummarizer.Builder builder = AnthropicSummarizer.builder(manager);

    assertThatThrownBy(() -> builder.maxTokens(0))
        .hasMessage("maxTokens must be in 1..128000, was 0");
    assertThatThrownBy(() -> builder.maxTokens(128_001))
        .hasMessage("maxTokens must be in 1..128000, was 128001");
    assertThatThrownBy(() -> builder.temperature(-0.1))
        .hasMessage("temperature must be in 0..1, was -0.1");
    assertThatThrownBy(() -> builder.temperature(1.5))
        .hasMessage("temperature must be in 0..1, was 1.5");
    assertThatThrownBy(() -> builder.temperature(Double.NaN))
        .hasMessage("temperature must be in 0..1, was NaN");
    assertThatThrownBy(() -> builder.maxStudies(0)).hasMessage("maxStudies must be >= 1, was 0");
    assertThatThrownBy(() -> builder.model(" ")).hasMessage("model must not be blank");
    assertThatThrownBy(() -> builder.serviceName("")).hasMessage("serviceName must not be blank");
  }

  @Test
  void setters_acceptTheBoundaries() {
    AnthropicSummarizer summarizer =
        AnthropicSummarizer.builder(manager)
            .apiKey(KEY)
            .maxTokens(1)
            .maxTokens(128_000)
            .temperature(0.0)
            .temperature(1.0)
            .temperature(null)
            .maxStudies(1)
            .build();

    assertThat(summarizer.toString())
        .contains("maxTokens=128000", "temperature=null", "maxStudies=1");
  }

  @Test
  void build_withARelativeBaseUri_fails() {
    AnthropicSummarizer.Builder builder =
        AnthropicSummarizer.builder(manager).apiKey(KEY).baseUri(URI.create("/v1"));

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_twiceOnOneManager_needsTwoServiceNames() {
    AnthropicSummarizer.builder(manager).apiKey(KEY).build();
    AnthropicSummarizer.Builder same = AnthropicSummarizer.builder(manager).apiKey(KEY);

    assertThatThrownBy(same::build).isInstanceOf(IllegalArgumentException.class);
    AnthropicSummarizer.builder(manager).apiKey(KEY).serviceName("anthropic-haiku").build();
    assertThat(manager.services()).hasSize(2);
  }

  @Test
  void fromEnvironment_withAKey_isAnAnthropicSummarizer() {
    TrialSummarizer summarizer =
        TrialSummarizer.fromEnvironment(manager, Map.of("ANTHROPIC_API_KEY", KEY)::get);

    assertThat(summarizer).isInstanceOf(AnthropicSummarizer.class);
    assertThat(manager.services().get(0).config().headers()).containsEntry("x-api-key", KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " \t"})
  void fromEnvironment_withABlankKey_isLocal_andRegistersNothing(String value) {
    TrialSummarizer summarizer =
        TrialSummarizer.fromEnvironment(manager, Map.of("ANTHROPIC_API_KEY", value)::get);

    assertThat(summarizer).isSameAs(TrialSummarizer.local());
    assertThat(manager.services()).isEmpty();
  }

  @Test
  void fromEnvironment_withoutTheVariable_isLocal() {
    TrialSummarizer summarizer = TrialSummarizer.fromEnvironment(manager, name -> null);

    assertThat(summarizer).isSameAs(TrialSummarizer.local());
  }
}
