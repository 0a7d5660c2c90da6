package dev.asyncflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the service configuration's defaults, validation, normalization and immutability. */
class ServiceConfigTest {
  private static final URI HTTPS = URI.create("https://clinicaltrials.gov/api/v2");
  private static final URI HTTP = URI.create("http://localhost:8089/api");

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void defaults_areTheDocumentedOnes() {
    ServiceConfig config = ServiceConfig.builder("ctgov", HTTPS).build();

    assertThat(config.name()).isEqualTo("ctgov");
    assertThat(config.baseUri()).isEqualTo(URI.create("https://clinicaltrials.gov/api/v2/"));
    assertThat(config.headers()).containsOnlyKeys("User-Agent");
    assertThat(config.sensitiveHeaders())
        .containsExactlyInAnyOrder("authorization", "proxy-authorization", "cookie", "x-api-key");
    assertThat(config.sensitiveQueryParameters())
        .containsExactlyInAnyOrder("api_key", "key", "token", "access_token");
    assertThat(config.maxConcurrency()).isEqualTo(10);
    assertThat(config.maxQueued()).isEqualTo(1000);
    assertThat(config.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.deadline()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.retryPolicy()).isSameAs(HttpRetryPolicy.ofDefaults());
    assertThat(config.circuitBreaker()).isSameAs(CircuitBreakerPolicy.ofDefaults());
    assertThat(config.rateLimit()).isNull();
    assertThat(config.httpVersion()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(config.http2MaxStreams()).isEqualTo(100);
    assertThat(config.effectiveConcurrency()).isEqualTo(10);
    assertThat(config.listener()).isSameAs(HttpEventListener.NONE);
  }

  @Test
  void defaultPolicies_areTheDocumentedOnes() {
    HttpRetryPolicy retry = HttpRetryPolicy.ofDefaults();
    assertThat(retry.maxAttempts()).isEqualTo(3);
    assertThat(retry.delay()).isEqualTo(Duration.ofMillis(500));
    assertThat(retry.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(retry.multiplier()).isEqualTo(2.0);
    assertThat(retry.jitter()).isEqualTo(1.0);
    assertThat(retry.retryableStatuses()).containsExactlyInAnyOrder(429, 500, 502, 503, 504);

    CircuitBreakerPolicy breaker = CircuitBreakerPolicy.ofDefaults();
    assertThat(breaker.mode()).isEqualTo(CircuitBreakerPolicy.Mode.CONSECUTIVE_FAILURES);
    assertThat(breaker.consecutiveFailures()).hasValue(5);
    assertThat(breaker.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(breaker.halfOpenProbes()).isEqualTo(1);
    assertThat(breaker.successesToClose()).isEqualTo(1);
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        invalid("maxConcurrency must be >= 1, was 0", (b, d) -> b.maxConcurrency(0)),
        invalid("maxQueued must be >= 0, was -1", (b, d) -> b.maxQueued(-1)),
        invalid("http2MaxStreams must be >= 1, was 0", (b, d) -> b.http2MaxStreams(0)),
        invalid("acquireTimeout must be positive, was ", ServiceConfig.Builder::acquireTimeout),
        invalid("connectTimeout must be positive, was ", ServiceConfig.Builder::connectTimeout),
        invalid("responseTimeout must be positive, was ", ServiceConfig.Builder::responseTimeout),
        invalid("readTimeout must be positive, was ", ServiceConfig.Builder::readTimeout),
        invalid("deadline must be positive, was ", ServiceConfig.Builder::deadline));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void invalidSetting_isRejectedNamingTheValue(
      String message, BiConsumer<ServiceConfig.Builder, Duration> setting) {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
      ServiceConfig.Builder builder = ServiceConfig.builder("svc", HTTPS);
      String expected = message.endsWith("was ") ? message + bad : message;
      assertThatThrownBy(() -> setting.accept(builder, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void blankName_isRejected(String name) {
    assertThatThrownBy(() -> ServiceConfig.builder(name, HTTPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service name must not be blank");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://example.org/", "file:///tmp/x", "api/v2", "/api/v2", "https:opaque"})
  void baseUriNotAbsoluteHttp_isRejectedNamingIt(String uri) {
    assertThatThrownBy(() -> ServiceConfig.builder("svc", URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUri must be an absolute http or https URI with a host, was " + uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.org/api?x=1",
        "https://example.org/api#frag",
        "https://user:pw@example.org/api"
      })
  void baseUriWithQueryFragmentOrUserInfo_isRejectedWithoutEchoingThem(String uri) {
    assertThatThrownBy(() -> ServiceConfig.builder("svc", URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "baseUri must not have user info, a query or a fragment: https://example.org/api"
                + " (user info, query and fragment not shown)");
  }

  @ParameterizedTest
  @CsvSource({
    "ftp://user:pa55word@h/, ftp://h/",
    "ftp://h:21/x?token=pa55word#f, ftp://h:21/x",
    "https:user:pa55word@h, https:h",
    "//user:pa55word@h/x?token=pa55word, //h/x",
    "http://user:pa55word@bad_host/x, http://bad_host/x",
    "mailto:someone@example.org?subject=pa55word, mailto:example.org"
  })
  void baseUriNotAbsoluteHttp_isRejectedWithoutItsUserInfoOrQuery(String uri, String shown) {
    assertThatThrownBy(() -> ServiceConfig.builder("svc", URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "baseUri must be an absolute http or https URI with a host, was "
                + shown
                + " (user info, query and fragment not shown)")
        .hasMessageNotContaining("pa55word");
  }

  @Test
  void baseUri_isNormalizedToEndWithSlash() {
    assertThat(baseOf("https://example.org")).isEqualTo("https://example.org/");
    assertThat(baseOf("https://example.org/api")).isEqualTo("https://example.org/api/");
    assertThat(baseOf("https://example.org/api/")).isEqualTo("https://example.org/api/");
    assertThat(baseOf("HTTP://example.org:8080/a/b")).isEqualTo("HTTP://example.org:8080/a/b/");
  }

  @Test
  void plainHttp_forcesHttp11EvenWhenHttp2IsRequested() {
    ServiceConfig config =
        ServiceConfig.builder("svc", HTTP).httpVersion(HttpClient.Version.HTTP_2).build();

    assertThat(config.httpVersion()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void https_keepsTheRequestedVersion() {
    assertThat(
            ServiceConfig.builder("svc", HTTPS)
                .httpVersion(HttpClient.Version.HTTP_1_1)
                .build()
                .httpVersion())
        .isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(ServiceConfig.builder("svc", HTTPS).build().httpVersion())
        .isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void effectiveConcurrency_isCappedByHttp2StreamsOnlyForHttp2() {
    ServiceConfig http2 =
        ServiceConfig.builder("svc", HTTPS).maxConcurrency(50).http2MaxStreams(20).build();
    ServiceConfig http11 =
        ServiceConfig.builder(http2).httpVersion(HttpClient.Version.HTTP_1_1).build();
    ServiceConfig plain =
        ServiceConfig.builder("svc", HTTP).maxConcurrency(50).http2MaxStreams(20).build();
    ServiceConfig under =
        ServiceConfig.builder("svc", HTTPS).maxConcurrency(5).http2MaxStreams(20).build();

    assertThat(http2.effectiveConcurrency()).isEqualTo(20);
    assertThat(http11.effectiveConcurrency()).isEqualTo(50);
    assertThat(plain.effectiveConcurrency()).isEqualTo(50);
    assertThat(under.effectiveConcurrency()).isEqualTo(5);
  }

  @Test
  void builderOfConfig_roundTripKeepsEverySetting() {
    ServiceConfig original = fullyCustomized();

    ServiceConfig copy = ServiceConfig.builder(original).build();

    assertSameSettings(copy, original);
    assertThat(copy.toString()).isEqualTo(original.toString());
  }

  @Test
  void builderOfConfig_changesDoNotReachTheOriginal() {
    ServiceConfig original = fullyCustomized();
    String before = original.toString();

    ServiceConfig changed =
        ServiceConfig.builder(original)
            .header("X-Tenant", "other")
            .sensitiveHeader("X-More", "m")
            .sensitiveQueryParameters("more")
            .maxConcurrency(1)
            .build();

    assertThat(original.toString()).isEqualTo(before);
    assertThat(original.headers()).containsEntry("X-Tenant", "acme").doesNotContainKey("X-More");
    assertThat(original.sensitiveHeaders()).doesNotContain("x-more");
    assertThat(original.sensitiveQueryParameters()).doesNotContain("more");
    assertThat(changed.headers()).containsEntry("X-Tenant", "other");
    assertThat(changed.maxConcurrency()).isEqualTo(1);
  }

  @Test
  void builtConfig_isUnchangedWhenTheBuilderChangesLater() {
    // Given a built config
    ServiceConfig.Builder builder =
        ServiceConfig.builder("svc", HTTPS).header("X-Tenant", "acme").maxConcurrency(4);
    ServiceConfig built = builder.build();

    // When the builder changes
    builder
        .header("X-Tenant", "other")
        .header("X-New", "1")
        .sensitiveHeader("X-Secret", "s")
        .sensitiveQueryParameters("sig")
        .maxConcurrency(8)
        .deadline(Duration.ofSeconds(1))
        .circuitBreaker(CircuitBreakerPolicy.disabled());

    // Then the built config keeps its settings
    assertThat(built.headers())
        .containsEntry("X-Tenant", "acme")
        .doesNotContainKeys("X-New", "X-Secret");
    assertThat(built.sensitiveHeaders()).doesNotContain("x-secret");
    assertThat(built.sensitiveQueryParameters()).doesNotContain("sig");
    assertThat(built.maxConcurrency()).isEqualTo(4);
    assertThat(built.deadline()).isEqualTo(Duration.ofMinutes(2));
    assertThat(built.circuitBreaker()).isSameAs(CircuitBreakerPolicy.ofDefaults());
  }

  @Test
  void collections_areImmutableAndHeadersCaseInsensitive() {
    ServiceConfig config = ServiceConfig.builder("svc", HTTPS).header("X-Tenant", "acme").build();

    assertThat(config.headers().get("x-tenant")).isEqualTo("acme");
    assertThat(config.headers().get("user-agent")).startsWith("asyncflow-http/");
    assertThatThrownBy(() -> config.headers().put("X-Other", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.sensitiveHeaders().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.sensitiveQueryParameters().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toString_namesEverySetting_andRedactsSensitiveHeaders() {
    ServiceConfig config = fullyCustomized();

    List<String> named =
        ToStringContract.assertNamesEverySetting(config, Set.of("effectiveConcurrency"));

    assertThat(named).hasSize(18);
    assertThat(config.toString())
        .contains("X-Vendor-Key=[redacted]", "X-Tenant=acme")
        .doesNotContain("vendor-secret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://host//",
        "http://host//api/",
        "https://host/api//v2",
        "https://host/api/../v2/",
        "https://host/api/./v2/",
        "https://host/api/%2e%2E/v2/",
        "https://host/api/%2E/"
      })
  void baseUriWithEmptyOrDotSegments_isRejectedNamingIt(String uri) {
    assertThatThrownBy(() -> ServiceConfig.builder("svc", URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("baseUri path must not contain empty, . or .. segments, was ")
        .hasMessageContaining(URI.create(uri).getRawPath());
  }

  @Test
  void sameServiceNameTwice_isRejectedByTheManager() {
    try (HttpClientManager manager = leaks.manager()) {
      manager.client(ServiceConfig.builder("ctgov", HTTPS).build());

      assertThatThrownBy(() -> manager.client(ServiceConfig.builder("ctgov", HTTP).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ctgov");
    }
  }

  // ---- helpers ----

  private static Arguments invalid(
      String message, BiConsumer<ServiceConfig.Builder, Duration> setting) {
    return Arguments.of(message, setting);
  }

  private static String baseOf(String uri) {
    return ServiceConfig.builder("svc", URI.create(uri)).build().baseUri().toString();
  }

  private static ServiceConfig fullyCustomized() {
    return ServiceConfig.builder("ctgov", HTTPS)
        .header("X-Tenant", "acme")
        .header("User-Agent", "custom/1")
        .sensitiveHeader("X-Vendor-Key", "vendor-secret")
        .sensitiveQueryParameters("sig")
        .maxConcurrency(7)
        .maxQueued(3)
        .acquireTimeout(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(2))
        .responseTimeout(Duration.ofSeconds(3))
        .readTimeout(Duration.ofSeconds(4))
        .deadline(Duration.ofSeconds(5))
        .retryPolicy(HttpRetryPolicy.none())
        .circuitBreaker(CircuitBreakerPolicy.builder().failureRate(0.5, 10, 4).build())
        .rateLimit(RateLimit.of(10, Duration.ofSeconds(1)))
        .httpVersion(HttpClient.Version.HTTP_1_1)
        .http2MaxStreams(6)
        .listener(new HttpEventListener() {})
        .build();
  }

  private static void assertSameSettings(ServiceConfig actual, ServiceConfig expected) {
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.baseUri()).isEqualTo(expected.baseUri());
    assertThat(actual.headers()).isEqualTo(expected.headers());
    assertThat(actual.headers())
        .isEqualTo(
            Map.of("X-Tenant", "acme", "User-Agent", "custom/1", "X-Vendor-Key", "vendor-secret"));
    assertThat(actual.sensitiveHeaders()).isEqualTo(expected.sensitiveHeaders());
    assertThat(actual.sensitiveHeaders()).contains("x-vendor-key");
    assertThat(actual.sensitiveQueryParameters()).isEqualTo(expected.sensitiveQueryParameters());
    assertThat(actual.sensitiveQueryParameters())
        .isEqualTo(Set.of("api_key", "key", "token", "access_token", "sig"));
    assertThat(actual.maxConcurrency()).isEqualTo(7);
    assertThat(actual.maxQueued()).isEqualTo(3);
    assertThat(actual.acquireTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(actual.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(actual.responseTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(actual.readTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(actual.deadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(actual.retryPolicy()).isSameAs(expected.retryPolicy());
    assertThat(actual.circuitBreaker()).isSameAs(expected.circuitBreaker());
    assertThat(actual.rateLimit()).isEqualTo(RateLimit.of(10, Duration.ofSeconds(1)));
    assertThat(actual.httpVersion()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(actual.http2MaxStreams()).isEqualTo(6);
    assertThat(actual.listener()).isSameAs(expected.listener());
  }
}
