package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/**
 * A request the JDK refuses to build fails with a message that names the call but carries no
 * sensitive query value, whatever the JDK's own message quoted.
 */
class RequestRefusedTest {
  private static final ServiceConfig CONFIG =
      ServiceConfig.builder("svc", URI.create("http://127.0.0.1:9/")).build();

  @Test
  void jdkMessageQuotingTheWholeUri_isShownWithSensitiveQueryValuesRedacted() {
    // Given a request with a short key, too short to be searched for in text
    ServiceRequest request =
        ServiceRequest.get("a").query("q", "visible").query("api_key", "S1").build();
    String uri = "http://127.0.0.1:9/a?q=visible&api_key=S1";
    IllegalArgumentException jdk =
        new IllegalArgumentException(
            "Illegal character in path at index 20: " + uri,
            new URISyntaxException(uri, "Illegal character in path", 20));

    // When the refusal is turned into the call's failure
    IllegalArgumentException failure = DefaultServiceClient.requestRefused(CONFIG, request, jdk);

    // Then the URI is shown as the call's URL, key redacted, and no cause quotes it
    assertThat(failure)
        .hasMessage(
            "cannot build the HTTP request svc GET http://127.0.0.1:9/a?q=visible&api_key=[redacted]:"
                + " java.lang.IllegalArgumentException: Illegal character in path at index 20:"
                + " http://127.0.0.1:9/a?q=visible&api_key=[redacted]")
        .hasNoCause();
    assertThat(failure.getStackTrace()).isEqualTo(jdk.getStackTrace());
  }

  @Test
  void jdkMessageQuotingAnEncodedSecretValue_hasItRedacted() {
    ServiceRequest request = ServiceRequest.get("a").query("token", "s3cr3t value").build();

    IllegalArgumentException failure =
        DefaultServiceClient.requestRefused(
            CONFIG, request, new IllegalArgumentException("bad query token=s3cr3t%20value"));

    assertThat(failure.getMessage()).doesNotContain("s3cr3t").endsWith("token=[redacted]");
  }
}
