package dev.asyncflow.examples.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:8080, http://127.0.0.1:8080/",
    "https://mirror.example.org/ctgov/, https://mirror.example.org/ctgov/",
    "'  HTTPS://Example.org  ', HTTPS://Example.org/"
  })
  void parseUrl_acceptsHttpServerRoots(String text, String expected) {
    assertThat(Endpoints.parseUrl("--ctgov-url", text)).isEqualTo(URI.create(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a url",
        "ftp://example.org/",
        "example.org",
        "http:///path",
        "http://example.org/?q=1",
        "http://example.org/#top",
        "mailto:someone@example.org",
        ""
      })
  void parseUrl_refusesWhatIsNoHttpServerRoot(String text) {
    assertThatThrownBy(() -> Endpoints.parseUrl("--ctgov-url", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--ctgov-url: not an http(s) URL with a host: \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true})
  void offline_excludesACtgovUrl(boolean offline) {
    assertThatThrownBy(() -> new Endpoints(URI.create("http://127.0.0.1/"), null, offline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--offline and --ctgov-url exclude each other");
    assertThat(new Endpoints(null, URI.create("http://127.0.0.1/"), offline).offline()).isTrue();
  }
}
