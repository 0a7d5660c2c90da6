package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.asyncflow.http.TestCalls.failureOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checks that gzip is asked for by default and that gzip bodies are decoded transparently. */
class GzipTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  private static final String JSON = "{\"study\":\"NCT01\",\"phase\":3}";

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private HttpClientManager manager;
  private ServiceClient client;

  @BeforeEach
  void startClient() {
    manager = leaks.manager();
    client = manager.client(config().build());
  }

  @Test
  void acceptEncodingGzip_isSentByDefault() throws Exception {
    server.stubFor(get("/plain").willReturn(aResponse().withStatus(200)));

    client.send(ServiceRequest.get("plain").build()).get(10, SECONDS);

    server.verify(
        1, getRequestedFor(urlEqualTo("/plain")).withHeader("Accept-Encoding", equalTo("gzip")));
  }

  @Test
  void acceptEncodingOfTheRequest_replacesTheDefault() throws Exception {
    server.stubFor(get("/plain").willReturn(aResponse().withStatus(200)));

    client
        .send(ServiceRequest.get("plain").header("accept-encoding", "identity").build())
        .get(10, SECONDS);

    assertThat(onlyRequestHeader("Accept-Encoding")).containsExactly("identity");
  }

  @Test
  void acceptEncodingOfTheService_replacesTheDefault() throws Exception {
    server.stubFor(get("/plain").willReturn(aResponse().withStatus(200)));
    try (HttpClientManager other = leaks.manager()) {
      ServiceClient identity = other.client(config().header("Accept-Encoding", "identity").build());

      identity.send(ServiceRequest.get("plain").build()).get(10, SECONDS);
    }

    assertThat(onlyRequestHeader("Accept-Encoding")).containsExactly("identity");
  }

  @Test
  void gzipBody_isDecodedForBytesTextAndJson() throws Exception {
    // Given a server that sends a pre-gzipped JSON body
    stubGzip("/studies", 200, gzip(JSON));
    ServiceRequest request = ServiceRequest.get("studies").build();

    // When it is read as bytes, text, JSON and a whole response
    byte[] bytes = client.bytes(request).get(10, SECONDS);
    String text = client.text(request).get(10, SECONDS);
    JsonNode json = client.json(request).get(10, SECONDS);
    ServiceResponse response = client.send(request).get(10, SECONDS);

    // Then each sees the decoded body
    assertThat(bytes).isEqualTo(JSON.getBytes(StandardCharsets.UTF_8));
    assertThat(text).isEqualTo(JSON);
    assertThat(json.get("study").asText()).isEqualTo("NCT01");
    assertThat(json.get("phase").asInt()).isEqualTo(3);
    assertThat(response.as(Study.class)).isEqualTo(new Study("NCT01", 3));
  }

  @Test
  void gzipBody_largerThanOneBuffer_isDecodedWhole() throws Exception {
    String big = "x".repeat(200_000);
    stubGzip("/big", 200, gzip(big));

    assertThat(client.text(ServiceRequest.get("big").build()).get(10, SECONDS)).isEqualTo(big);
  }

  @Test
  void emptyBodyMarkedGzip_staysEmpty() throws Exception {
    stubGzip("/empty", 200, new byte[0]);

    assertThat(client.bytes(ServiceRequest.get("empty").build()).get(10, SECONDS)).isEmpty();
  }

  @Test
  void gzipBytesWithoutContentEncoding_areReturnedAsSent() throws Exception {
    byte[] compressed = gzip(JSON);
    server.stubFor(get("/raw").willReturn(aResponse().withStatus(200).withBody(compressed)));

    assertThat(client.bytes(ServiceRequest.get("raw").build()).get(10, SECONDS))
        .isEqualTo(compressed);
  }

  @Test
  void brokenGzipBody_failsWithResponseDecodeException() throws Exception {
    // Given a body marked gzip that is not gzip
    stubGzip("/broken", 200, "this is not gzip".getBytes(StandardCharsets.UTF_8));

    // When it is read
    Throwable failure = failureOf(client.text(ServiceRequest.get("broken").build()));

    // Then the call fails with a decode error naming the call
    assertThat(failure).isInstanceOf(ResponseDecodeException.class);
    ResponseDecodeException decode = (ResponseDecodeException) failure;
    assertThat(decode.kind()).isEqualTo(FailureKind.DECODE);
    assertThat(decode.attempts()).isEqualTo(1);
    assertThat(decode.getMessage())
        .contains("cannot un-gzip the body: ")
        .contains("gzip GET " + server.baseUrl() + "/broken");
    assertThat(decode.getCause()).isInstanceOf(IOException.class);
    server.verify(1, getRequestedFor(urlEqualTo("/broken")));
  }

  @Test
  void truncatedGzipBody_failsWithResponseDecodeException() throws Exception {
    byte[] whole = gzip(JSON);
    stubGzip("/cut", 200, Arrays.copyOf(whole, whole.length - 6));

    Throwable failure = failureOf(client.json(ServiceRequest.get("cut").build()));

    assertThat(failure).isInstanceOf(ResponseDecodeException.class);
    assertThat(failure.getMessage()).contains("cannot un-gzip");
  }

  @Test
  void gzipErrorBody_showsReadableBodyStartInHttpStatusException() throws Exception {
    // Given a 500 whose body is gzipped
    String error = "{\"error\":\"database unavailable\"}";
    stubGzip("/fails", 500, gzip(error));

    // When called (without retries)
    Throwable failure = failureOf(client.text(ServiceRequest.get("fails").build()));

    // Then the exception shows the decoded text
    assertThat(failure).isInstanceOf(HttpStatusException.class);
    HttpStatusException status = (HttpStatusException) failure;
    assertThat(status.status()).isEqualTo(500);
    assertThat(status.bodyStart()).isEqualTo(error);
    assertThat(status.getMessage()).contains("HTTP 500: " + error);
  }

  // ---- helpers ----

  /** A record JSON bodies bind to. */
  record Study(String study, int phase) {}

  private static ServiceConfig.Builder config() {
    return ServiceConfig.builder("gzip", URI.create(server.baseUrl()))
        .retryPolicy(HttpRetryPolicy.none());
  }

  private static void stubGzip(String path, int status, byte[] body) {
    server.stubFor(
        get(path)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Content-Encoding", "gzip")
                    .withBody(body)));
  }

  private static List<String> onlyRequestHeader(String name) {
    assertThat(server.getAllServeEvents()).hasSize(1);
    return server.getAllServeEvents().get(0).getRequest().getHeaders().getHeader(name).values();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
