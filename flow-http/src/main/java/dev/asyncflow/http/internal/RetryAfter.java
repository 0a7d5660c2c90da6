package dev.asyncflow.http.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads {@code Retry-After} in both of its forms: delay-seconds and HTTP-date. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * Returns the delay {@code Retry-After} asks for, measured from {@code now}.
   *
   * @param headers the response headers
   * @param now the current wall-clock time, for the date form
   * @return the delay (zero for a date in the past), or null when absent or unreadable
   */
  static @Nullable Duration parse(HttpHeaders headers, Instant now) {
    String value = headers.firstValue("Retry-After").map(String::trim).orElse("");
    if (value.isEmpty()) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit)) {
      return value.length() > 9
          ? Duration.ofSeconds(999_999_999L)
          : Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}
