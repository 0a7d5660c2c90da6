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
    // capped so that a start plus the window cannot overflow
    this.windowNanos = Math.min(Checks.saturatedNanos(limit.per()), Long.MAX_VALUE / 4);
    this.starts = new long[limit.requests()];
  }

  /**
   * Reserves the earliest allowed start at or after {@code now}, unless that start is in the future
   * and {@code maxWait} or more away: then nothing is reserved, so a refused caller does not hold
   * back the next.
   *
   * @param now the current time in nanoseconds
   * @param maxWait the longest acceptable wait in nanoseconds
   * @return how long to wait before starting, in nanoseconds, 0 for at once; a positive value of
   *     {@code maxWait} or more means refused
   */
  public synchronized long reserve(long now, long maxWait) {
    boolean full = reserved == starts.length;
    // The start N reservations ago, if less than a window before now, pushes this one back
    // (compared as a difference, which cannot overflow for any window).
    long start = full && starts[oldest] - now > -windowNanos ? starts[oldest] + windowNanos : now;
    long wait = start - now;
    if (wait > 0 && wait >= maxWait) {
      return wait;
    }
    if (!full) {
      reserved++;
    }
    starts[oldest] = start;
    oldest = (oldest + 1) % starts.length;
    return wait;
  }
}
