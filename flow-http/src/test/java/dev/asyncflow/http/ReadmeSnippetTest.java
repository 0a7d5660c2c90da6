package dev.asyncflow.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the README's flow-http snippet against a local stand-in for ClinicalTrials.gov, so that the
 * snippet cannot drift from the API. Only the base URI differs from the README, and the manager is
 * handed to the leak check.
 */
class ReadmeSnippetTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void readmeSnippet_compilesAndRuns() {
    server.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .willReturn(aResponse().withBody("{\"studies\":[{},{}]}")));
    URI baseUri = URI.create(server.baseUrl() + "/api/v2/");

    // --- as in README.md, with baseUri for the real address ---
    try (HttpClientManager http = leaks.track(HttpClientManager.create())) {
      ServiceClient ctgov =
          http.client(
              ServiceConfig.builder("ctgov", baseUri)
                  .maxConcurrency(8)
                  .rateLimit(RateLimit.of(50, Duration.ofMinutes(1)))
                  .build());
      ctgov
          .json(ServiceRequest.get("studies").query("query.term", "EGFR L858R").build())
          .thenAccept(page -> System.out.println(page.path("studies").size() + " studies"))
          .join();
    }
    // --- end of README code ---

    server.verify(1, getRequestedFor(urlEqualTo("/api/v2/studies?query.term=EGFR%20L858R")));
  }
}
