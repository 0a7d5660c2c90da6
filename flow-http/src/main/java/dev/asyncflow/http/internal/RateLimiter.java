package dev.asyncflow.http.internal;

import dev.asyncflow.http.RateLimit;

/**
 * Admits at most N starts in any window of the limit's length by keeping the last N reserved start
 * times: the next start is no earlier than the one N starts ago plus the window. Reserving never
 * blocks; the caller waits for the returned delay on a timer. Thread-safe.
 */
public final class RateLimiter {
  private final long windowNanos;
  private final long[] starts;
  private int oldest;
  private int reserved;

  /**
   * Creates a limiter for {@code limit}.
   *
   * @param limit the rate limit
   */
  public RateLimiter(RateLimit limit) {
    this.windowNanos = Checks.saturatedNanos(limit.per());
    this.starts = new long[limit.requests()];
  }

  /**
   * Reserves the earliest allowed start at or after {@code now}.
   *
   * @param now the current time in nanoseconds
   * @return how long to wait before starting, in nanoseconds, 0 for at once
   */
  public synchronized long reserve(long now) {
    long start = now;
    if (reserved < starts.length) {
      reserved++;
    } else if (starts[oldest] - now > -windowNanos) {
      // the start N reservations ago is less than a window before now (overflow-safe form)
      start = starts[oldest] + windowNanos;
    }
    starts[oldest] = start;
    oldest = (oldest + 1) % starts.length;
    return start - now;
  }
}
