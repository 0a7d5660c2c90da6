package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void getsJson() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/api/studies"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"a\":1}")));
    try (HttpClientManager manager = leaks.manager()) {
      ServiceClient client =
          manager.client(ServiceConfig.builder("t", URI.create(server.baseUrl() + "/api")).build());
      JsonNode node =
          client
              .json(ServiceRequest.get("studies").query("q", "a b\"[]é").build())
              .get(5, TimeUnit.SECONDS);
      assertThat(node.get("a").asInt()).isEqualTo(1);
      assertThat(client.stats().successes()).isEqualTo(1);
    }
    assertThat(Duration.ZERO).isZero();
  }
}
