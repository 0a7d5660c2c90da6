package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.http.TestCalls.failureOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks what goes on the wire: encoded query and path, headers and bodies, and what is refused.
 */
class RequestEncodingTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ESSIE = "AREA[BriefTitle](\"EGFR L858R\")";
  private static final String ESSIE_ENCODED = "AREA%5BBriefTitle%5D%28%22EGFR%20L858R%22%29";

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private HttpClientManager manager;
  private ServiceClient client;

  @BeforeEach
  void startClient() {
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    manager = leaks.manager();
    client = manager.client(config().build());
  }

  @Test
  void queryValues_arriveExactlyAsGiven() throws Exception {
    // Given values with spaces, quotes, brackets, separators and non-ASCII text
    Map<String, String> values = new LinkedHashMap<>();
    values.put("space", "a b");
    values.put("quote", "say \"hi\"");
    values.put("brackets", "[x]");
    values.put("amp", "a&b=c");
    values.put("plus", "1+1");
    values.put("slash", "a/b?c#d");
    values.put("accent", "é");
    values.put("han", "中");
    values.put("query.term", ESSIE);

    // When sent
    send(ServiceRequest.get("studies").query(values).build());

    // Then the server decodes each to exactly the given value
    var expected = getRequestedFor(urlPathEqualTo("/api/studies"));
    values.forEach((name, value) -> expected.withQueryParam(name, equalTo(value)));
    server.verify(1, expected);
  }

  @Test
  void queryValues_arePercentEncodedAsUtf8WithSpacesAsPercent20() throws Exception {
    send(
        ServiceRequest.get("studies")
            .query("q", "a b+c&d=e/f")
            .query("accent", "é")
            .query("han", "中")
            .query("query.term", ESSIE)
            .build());

    assertThat(onlyRequest().getUrl())
        .isEqualTo(
            "/api/studies?q=a%20b%2Bc%26d%3De%2Ff&accent=%C3%A9&han=%E4%B8%AD&query.term="
                + ESSIE_ENCODED);
  }

  @Test
  void repeatedQueryNames_areKeptInOrder() throws Exception {
    send(
        ServiceRequest.get("studies")
            .query("id", "3")
            .query("other", "x")
            .query("id", "1")
            .query("id", "2")
            .build());

    assertThat(onlyRequest().getUrl()).isEqualTo("/api/studies?id=3&other=x&id=1&id=2");
    server.verify(
        getRequestedFor(urlPathEqualTo("/api/studies"))
            .withQueryParam("id", havingExactly("3", "1", "2")));
  }

  @Test
  void queryParameterName_isEncodedToo() throws Exception {
    send(ServiceRequest.get("studies").query("filter[phase]", "3").build());

    assertThat(onlyRequest().getUrl()).isEqualTo("/api/studies?filter%5Bphase%5D=3");
  }

  @Test
  void pathSegment_encodesSlashesSpacesAndNonAscii() throws Exception {
    // Given a raw segment that would otherwise change the path's shape
    ServiceRequest request =
        ServiceRequest.get("studies").pathSegment("NCT 01/../x").pathSegment("é").build();

    // Then it is one encoded segment (checked on a raw server: WireMock refuses %2F)
    assertThat(request.path()).isEqualTo("studies/NCT%2001%2F..%2Fx/%C3%A9");
    try (LoopbackServer raw = new LoopbackServer((r, exchange) -> exchange.respond(200, "ok"));
        HttpClientManager other = leaks.manager()) {
      ServiceClient rawClient =
          other.client(ServiceConfig.builder("raw", raw.baseUri().resolve("api")).build());
      rawClient.send(request).get(10, SECONDS);
      assertThat(raw.received()).hasSize(1);
      assertThat(raw.received().get(0).target()).isEqualTo("/api/studies/NCT%2001%2F..%2Fx/%C3%A9");
    }
  }

  @Test
  void pathSegment_afterPathEndingInSlash_addsNoSecondSlash() {
    assertThat(ServiceRequest.get("studies/").pathSegment("a").build().path())
        .isEqualTo("studies/a");
    assertThat(ServiceRequest.get("/studies").build().path()).isEqualTo("studies");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", ""})
  void pathSegment_dotSegmentsAndEmpty_areRejected(String segment) {
    assertThatThrownBy(() -> ServiceRequest.get("studies").pathSegment(segment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid path segment: \"" + segment + "\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example/x",
        "https://evil.example",
        "//evil.example/x",
        "studies?page=2",
        "studies#top",
        "studies/a b",
        "studies/é"
      })
  void invalidPath_isRejectedNamingThePath(String path) {
    assertThatThrownBy(() -> ServiceRequest.get(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(path);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "a\\b | the character '\\' (U+005C), which RFC 3986 does not allow in a path",
        "a{b | the character '{' (U+007B), which RFC 3986 does not allow in a path",
        "a}b | the character '}' (U+007D), which RFC 3986 does not allow in a path",
        "a^b | the character '^' (U+005E), which RFC 3986 does not allow in a path",
        "a\"b | the character '\"' (U+0022), which RFC 3986 does not allow in a path",
        "a<b | the character '<' (U+003C), which RFC 3986 does not allow in a path",
        "a>b | the character '>' (U+003E), which RFC 3986 does not allow in a path",
        "a[b | the character '[' (U+005B), which RFC 3986 does not allow in a path",
        "a]b | the character ']' (U+005D), which RFC 3986 does not allow in a path",
        "a`b | the character '`' (U+0060), which RFC 3986 does not allow in a path",
        "a%zzb | a '%' not followed by two hex digits",
        "a%4 | a '%' not followed by two hex digits",
        "a%%41 | a '%' not followed by two hex digits",
        "a b | a space",
        "aé | a non-ASCII character (U+00E9)"
      })
  void pathWithACharacterRfc3986Forbids_isRejectedNamingThePathIndexAndKind(
      String path, String kind) {
    assertThatThrownBy(() -> ServiceRequest.get(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "path \""
                + path
                + "\" contains "
                + kind
                + " at index 1; percent-encode it (pathSegment encodes a raw value)");
  }

  @Test
  void pathWithAControlCharacter_isRejectedWithoutPrintingIt() {
    assertThatThrownBy(() -> ServiceRequest.get("a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "path \"a\\u000D\\u000Ab\" contains a control character (U+000D) at index 1;"
                + " percent-encode it (pathSegment encodes a raw value)");
  }

  @Test
  void pathWithAnyCharacterRfc3986AllowsInAPath_isSentAsGiven() throws Exception {
    String path = "a-._~!$&'()*+,;=:@%41%e9/b";

    send(ServiceRequest.get(path).build());

    assertThat(onlyRequest().getUrl()).isEqualTo("/api/" + path);
  }

  @Test
  void emptyQueryName_isRejected() {
    assertThatThrownBy(() -> ServiceRequest.get("s").query("", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query parameter name must not be empty");
  }

  @Test
  void defaultUserAgent_namesTheLibraryAndItsFilteredVersion() throws Exception {
    send(ServiceRequest.get("studies").build());

    String userAgent = onlyRequest().getHeader("User-Agent");
    assertThat(userAgent)
        .startsWith("asyncflow-http/")
        .doesNotContain("${")
        .doesNotContain("project.version")
        .matches("asyncflow-http/\\d+\\.\\d+\\.\\d+\\S* Java/\\d+");
    assertThat(client.config().headers()).containsEntry("User-Agent", userAgent);
  }

  @Test
  void serviceHeaders_areSentWithEveryRequest() throws Exception {
    try (HttpClientManager other = leaks.manager()) {
      ServiceClient withHeaders =
          other.client(
              config().header("X-Tenant", "acme").header("Accept", "application/json").build());

      withHeaders.send(ServiceRequest.get("a").build()).get(10, SECONDS);
      withHeaders.send(ServiceRequest.get("b").build()).get(10, SECONDS);
    }

    for (String path : List.of("/api/a", "/api/b")) {
      server.verify(
          1,
          getRequestedFor(urlPathEqualTo(path))
              .withHeader("X-Tenant", equalTo("acme"))
              .withHeader("Accept", equalTo("application/json")));
    }
  }

  @Test
  void requestHeader_overridesServiceHeaderOfTheSameNameInAnyCase() throws Exception {
    try (HttpClientManager other = leaks.manager()) {
      ServiceClient withHeaders = other.client(config().header("X-Trace", "from-service").build());

      withHeaders
          .send(
              ServiceRequest.get("a")
                  .header("x-trace", "from-request")
                  .header("User-Agent", "custom/1")
                  .build())
          .get(10, SECONDS);
    }

    LoggedRequest request = onlyRequest();
    assertThat(request.getHeaders().getHeader("X-Trace").values()).containsExactly("from-request");
    assertThat(request.getHeaders().getHeader("User-Agent").values()).containsExactly("custom/1");
  }

  @Test
  void requestHeaders_areLookedUpByCaseInsensitiveName() {
    ServiceRequest request = ServiceRequest.get("a").header("X-Trace", "t1").build();

    assertThat(request.headers().get("x-trace")).isEqualTo("t1");
  }

  @Test
  void jsonBody_isSentSerializedWithJsonContentType() throws Exception {
    // Given a record as the body of a POST
    ServiceRequest request =
        ServiceRequest.post("studies").jsonBody(new NewStudy("NCT01", List.of("a", "é"))).build();

    // When sent
    send(request);

    // Then the server gets the exact JSON with its content type
    server.verify(
        1,
        postRequestedFor(urlPathEqualTo("/api/studies"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalTo("{\"id\":\"NCT01\",\"tags\":[\"a\",\"é\"]}")));
    assertThat(onlyRequest().getBody())
        .isEqualTo("{\"id\":\"NCT01\",\"tags\":[\"a\",\"é\"]}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonBody_keepsAContentTypeSetBefore() throws Exception {
    send(
        ServiceRequest.post("studies")
            .header("Content-Type", "application/vnd.api+json")
            .jsonBody(Map.of("a", 1))
            .build());

    assertThat(onlyRequest().getHeader("Content-Type")).isEqualTo("application/vnd.api+json");
    assertThat(onlyRequest().getBodyAsString()).isEqualTo("{\"a\":1}");
  }

  @Test
  void rawBody_isSentWithItsContentType() throws Exception {
    send(
        ServiceRequest.builder("PUT", "notes/1")
            .body("héllo".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8")
            .build());

    LoggedRequest request = onlyRequest();
    assertThat(request.getMethod().getName()).isEqualTo("PUT");
    assertThat(request.getHeader("Content-Type"))
        .isEqualToIgnoringCase("text/plain; charset=utf-8");
    assertThat(request.getBody()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unserializableJsonBody_failsTheFutureWithIllegalArgumentException() throws Exception {
    // Given a body Jackson cannot serialize
    ServiceRequest request = ServiceRequest.post("studies").jsonBody(new Object()).build();

    // When sent
    CompletableFuture<ServiceResponse> future = client.send(request);

    // Then the future fails, naming the call, and nothing reaches the server
    Throwable failure = failureOf(future);
    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoding POST studies")
        .hasMessageContaining("cannot be serialized as JSON");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Host", "host", "Content-Length", "Connection", "Expect", "Upgrade"})
  void restrictedHeaders_areRejectedByBothBuilders(String header) {
    assertThatThrownBy(() -> ServiceRequest.get("s").header(header, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(header);
    assertThatThrownBy(() -> config().header(header, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(header);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bad Header", "Bad:Header", "", "Bäd"})
  void invalidHeaderNames_areRejected(String header) {
    assertThatThrownBy(() -> ServiceRequest.get("s").header(header, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid header name: \"" + header + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"secret\r\nX-Injected: 1", "secret\nX-Injected: 1", "secret\r", "se\0t"})
  void headerValuesWithLineBreaks_areRejectedNamingTheHeaderButNotTheValue(String value) {
    List<Runnable> attempts =
        List.of(
            () -> ServiceRequest.get("s").header("X-Api-Token", value),
            () -> ServiceRequest.get("s").sensitiveHeader("X-Api-Token", value),
            () -> config().header("X-Api-Token", value),
            () -> config().sensitiveHeader("X-Api-Token", value));
    for (Runnable attempt : attempts) {
      assertThatThrownBy(attempt::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("X-Api-Token")
          .hasMessageNotContaining("secret")
          .hasMessageNotContaining("Injected");
    }
  }

  @Test
  void headerValues_areRejectedByBothBuildersExactlyWhenTheJdkRejectsThem() {
    // Given every character up to U+03FF and a sample above between two letters, and a few tricky
    // whole values
    List<String> values = new ArrayList<>();
    for (char c = 0; c < 0x400; c++) {
      values.add("a" + c + "b");
    }
    for (char c : new char[] {0x200B, 0x2028, 0xD83D, 0xDFFF, 0xFEFF, 0xFFFD, 0xFFFF}) {
      values.add("a" + c + "b");
    }
    values.addAll(
        List.of(
            "",
            " ",
            "\t",
            " padded ",
            "café",
            "café 😀",
            "key\u200B",
            "\u00FF",
            "\u0100",
            "x\r\n",
            "folded\r\n value",
            "\u0085next-line",
            "\u00A0nbsp",
            "\uFEFFbom"));
    ServiceRequest.Builder request = ServiceRequest.get("s");
    ServiceConfig.Builder service = config();

    // Then each builder accepts a value exactly when the JDK's own builder does
    for (String value : values) {
      boolean jdk = accepts(() -> HttpRequest.newBuilder().header("X-Note", value));
      assertThat(accepts(() -> request.header("X-Note", value))).as(describe(value)).isEqualTo(jdk);
      assertThat(accepts(() -> service.header("X-Note", value))).as(describe(value)).isEqualTo(jdk);
      assertThat(accepts(() -> request.sensitiveHeader("X-Key", value)))
          .as(describe(value))
          .isEqualTo(jdk);
      assertThat(accepts(() -> service.sensitiveHeader("X-Key", value)))
          .as(describe(value))
          .isEqualTo(jdk);
    }
  }

  @Test
  void headerNames_areRejectedByBothBuildersExactlyWhenTheJdkRejectsThem() {
    List<String> names = new ArrayList<>();
    for (char c = 0; c < 0x180; c++) {
      names.add("X" + c + "Y");
      names.add(String.valueOf(c));
    }
    names.addAll(
        List.of(
            "",
            "Host",
            "host",
            "Connection",
            "Content-Length",
            "Expect",
            "Upgrade",
            "Date",
            "Via",
            "Keep-Alive",
            "Transfer-Encoding",
            "TE",
            "Accept-Encoding",
            "User-Agent"));
    ServiceRequest.Builder request = ServiceRequest.get("s");
    ServiceConfig.Builder service = config();

    for (String name : names) {
      boolean jdk = accepts(() -> HttpRequest.newBuilder().header(name, "v"));
      assertThat(accepts(() -> request.header(name, "v"))).as(describe(name)).isEqualTo(jdk);
      assertThat(accepts(() -> service.header(name, "v"))).as(describe(name)).isEqualTo(jdk);
    }
  }

  @Test
  void headerValueAboveLatin1_isRejectedNamingTheHeaderPositionAndCharacter() {
    assertThatThrownBy(() -> ServiceRequest.get("s").header("X-Note", "café 😀"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "value of header X-Note contains a character above U+00FF, which HTTP header values"
                + " cannot carry (often an invisible character pasted along with the value) at"
                + " index 5 (U+1F600); the value is not shown");
  }

  @ParameterizedTest
  @CsvSource({
    "a/./b/../c, a/c",
    "a/%2e%2E/c, c",
    "a/.%2e/c, c",
    "studies/., studies/",
    "studies/.., ''",
    "./studies, studies",
    "/a/b/../, a/",
    "a//b, a//b"
  })
  void pathDotSegments_areResolved(String path, String resolved) {
    assertThat(ServiceRequest.get(path).build().path()).isEqualTo(resolved);
  }

  @Test
  void pathWithDotSegments_isSentResolved() throws Exception {
    send(ServiceRequest.get("studies/x/../NCT1").build());

    assertThat(onlyRequest().getUrl()).isEqualTo("/api/studies/NCT1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../../x", "..", "a/../../x", "%2e%2e/x", ".%2E/admin", "/../x", "./../x"})
  void pathClimbingAboveTheBasePath_isRejectedNamingIt(String path) {
    assertThatThrownBy(() -> ServiceRequest.get(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("path \"" + (path.startsWith("/") ? path.substring(1) : path))
        .hasMessageContaining("climbs above the service's base URI path");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  // ---- helpers ----

  private static boolean accepts(Runnable setHeader) {
    try {
      setHeader.run();
      return true;
    } catch (IllegalArgumentException rejected) {
      return false;
    }
  }

  private static String describe(String text) {
    return text.chars()
        .mapToObj(c -> String.format(java.util.Locale.ROOT, "U+%04X", c))
        .collect(Collectors.joining(" ", "[", "]"));
  }

  /** A record sent as a JSON body. */
  record NewStudy(String id, List<String> tags) {}

  private static ServiceConfig.Builder config() {
    return ServiceConfig.builder("encoding", URI.create(server.baseUrl() + "/api"))
        .retryPolicy(HttpRetryPolicy.none());
  }

  private void send(ServiceRequest request) throws Exception {
    assertThat(client.send(request).get(10, SECONDS).status()).isEqualTo(200);
  }

  private static LoggedRequest onlyRequest() {
    assertThat(server.getAllServeEvents()).hasSize(1);
    return server.getAllServeEvents().get(0).getRequest();
  }
}
