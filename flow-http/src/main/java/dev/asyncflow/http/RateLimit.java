package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * At most {@link #requests()} requests to a service in any window of length {@link #per()}.
 * Requests over the limit wait (on the manager's timer, never blocking a thread) inside the call's
 * deadline. Every attempt counts, retries included.
 *
 * @param requests the most requests per window, at least 1
 * @param per the window length, positive
 */
public record RateLimit(int requests, Duration per) {

  /**
   * Checks the components.
   *
   * @param requests see the record's requests component
   * @param per see the record's per component
   * @throws IllegalArgumentException if {@code requests} is below 1 or {@code per} is not positive
   */
  public RateLimit {
    Checks.atLeast(requests, 1, "requests");
    Checks.positive(Objects.requireNonNull(per, "per"), "per");
  }

  /**
   * Returns a limit of {@code requests} per {@code per}.
   *
   * @param requests the most requests per window
   * @param per the window length
   * @return the limit
   */
  public static RateLimit of(int requests, Duration per) {
    return new RateLimit(requests, per);
  }
}
