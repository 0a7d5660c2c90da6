package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Redactor finds a call's secrets in the forms a server may echo them in, replaces them in one pass
 * and leaves alone values too short to search for.
 */
class RedactorTest {
  private static final URI BASE = URI.create("http://127.0.0.1:9/api");

  @Test
  void eachCookieValueOfASensitiveCookieHeader_isRedactedOnItsOwn() {
    Redactor redactor =
        redactor(ServiceRequest.get("s").header("Cookie", "session=s3cr3t-sid; theme=darkblue"));

    assertThat(redactor.redact("unknown session s3cr3t-sid (theme darkblue)"))
        .isEqualTo("unknown session [redacted] (theme [redacted])");
  }

  @Test
  void nameValueListOfAnySensitiveHeader_hasEachValueRedacted() {
    Redactor redactor =
        redactor(ServiceRequest.get("s").sensitiveHeader("X-Session", "sid=\"s3cr3t-sid\";x=yyyy"));

    assertThat(redactor.redact("sid s3cr3t-sid, x yyyy")).isEqualTo("sid [redacted], x [redacted]");
  }

  @Test
  void jsonEscapedSecret_isRedacted() {
    Redactor redactor =
        redactor(ServiceRequest.get("s").header("Authorization", "Bearer s3cr3t/tok\"en"));

    assertThat(redactor.redact("{\"token\":\"s3cr3t\\/tok\\\"en\"}"))
        .isEqualTo("{\"token\":\"[redacted]\"}");
    assertThat(redactor.redact("{\"token\":\"s3cr3t/tok\\\"en\"}"))
        .isEqualTo("{\"token\":\"[redacted]\"}");
  }

  @Test
  void percentEncodedSecret_isRedactedInUpperOrLowerHexAndWithPlusForSpace() {
    Redactor redactor = redactor(ServiceRequest.get("s").query("api_key", "s3cr3t key/é"));

    assertThat(redactor.redact("a=s3cr3t%20key%2F%C3%A9")).isEqualTo("a=[redacted]");
    assertThat(redactor.redact("a=s3cr3t%20key%2f%c3%a9")).isEqualTo("a=[redacted]");
    assertThat(redactor.redact("a=s3cr3t+key%2F%C3%A9")).isEqualTo("a=[redacted]");
    assertThat(redactor.redact("a=s3cr3t+key%2f%c3%a9")).isEqualTo("a=[redacted]");
    assertThat(redactor.redact("a=s3cr3t key/é")).isEqualTo("a=[redacted]");
  }

  @Test
  void secretsShorterThanFourCharacters_areNotSearchedFor() {
    Redactor redactor = redactor(ServiceRequest.get("s").query("key", "a").query("token", "abc"));

    assertThat(redactor.redact("a bad abc key")).isEqualTo("a bad abc key");
    assertThat(redactor.longest()).isZero();
  }

  @Test
  void secretThatIsPartOfTheMarker_isReplacedInOnePassWithoutRedactingTheMarker() {
    // Given secrets that occur inside "[redacted]" itself
    Redactor redactor =
        redactor(ServiceRequest.get("s").query("key", "acted").query("token", "redacted-key"));

    // Then each occurrence becomes one marker and no marker is redacted again
    assertThat(redactor.redact("redacted-key or acted")).isEqualTo("[redacted] or [redacted]");
  }

  @Test
  void overlappingSecrets_preferTheLongest() {
    Redactor redactor =
        redactor(ServiceRequest.get("s").header("Authorization", "Token s3cr3t-long-token"));

    assertThat(redactor.redact("got Token s3cr3t-long-token")).isEqualTo("got [redacted]");
    assertThat(redactor.redact("got s3cr3t-long-token")).isEqualTo("got [redacted]");
  }

  @Test
  void redactedCopy_keepsTheClassNameAndStackButNotTheSecret() {
    Redactor redactor = redactor(ServiceRequest.get("s").query("api_key", "s3cr3t-key"));
    IllegalStateException original =
        new IllegalStateException(
            "bad body s3cr3t-key", new IllegalArgumentException("inner s3cr3t-key"));

    Throwable copy = redactor.redactedCopy(original);

    assertThat(copy.getMessage()).isEqualTo("java.lang.IllegalStateException: bad body [redacted]");
    assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(copy.getCause()).isNotNull();
    assertThat(copy.getCause().getMessage())
        .isEqualTo("java.lang.IllegalArgumentException: inner [redacted]");
    assertThat(String.valueOf(copy)).doesNotContain("s3cr3t");
  }

  private static Redactor redactor(ServiceRequest.Builder request) {
    return Redactor.of(ServiceConfig.builder("svc", BASE).build(), request.build());
  }
}
