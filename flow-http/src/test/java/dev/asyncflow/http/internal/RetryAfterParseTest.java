package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RetryAfter reads both forms of the header and returns null for anything it cannot read. */
class RetryAfterParseTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void seconds_areTheDelay() {
    assertThat(RetryAfter.parse(retryAfter("3"), NOW)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse(retryAfter(" 120 "), NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse(retryAfter("0"), NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void dateInTheFuture_isTheTimeUntilThen() {
    assertThat(RetryAfter.parse(retryAfter(httpDate(NOW.plusSeconds(4))), NOW))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(RetryAfter.parse(retryAfter("Sun, 29 Nov 2026 12:01:30 GMT"), NOW))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void dateInThePast_isZero() {
    assertThat(RetryAfter.parse(retryAfter(httpDate(NOW.minusSeconds(60))), NOW))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void absent_isNull() {
    assertThat(RetryAfter.parse(HttpHeaders.of(Map.of(), (name, value) -> true), NOW)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "soon", "-5", "1.5", "3s", "2026-11-29T12:00:04Z"})
  void unreadable_isNull(String value) {
    assertThat(RetryAfter.parse(retryAfter(value), NOW)).isNull();
  }

  @Test
  void hugeNumber_isCappedInsteadOfOverflowing() {
    Duration parsed = RetryAfter.parse(retryAfter("99999999999999999999999"), NOW);
    assertThat(parsed).isEqualTo(Duration.ofSeconds(999_999_999L));
    assertThat(RetryAfter.parse(retryAfter("999999999"), NOW))
        .isEqualTo(Duration.ofSeconds(999_999_999L));
  }

  private static HttpHeaders retryAfter(String value) {
    return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (name, v) -> true);
  }

  private static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
  }
}
