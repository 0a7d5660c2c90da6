package dev.asyncflow.http.internal;

import dev.asyncflow.http.RateLimit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spaces attempt starts evenly, with a margin: for a limit of {@code requests} per {@code per},
 * consecutive starts are at least {@code interval = (per + per/requests) / requests} apart (rounded
 * up to the nanosecond), and there is no burst. Hence any {@code requests + 1} consecutive starts
 * span at least {@code per + per/requests}, and a server counting arrivals sees more than {@code
 * requests} of them within a window of {@code per} only if the transit time of one request exceeds
 * that of a later one by more than {@code per/requests} (200 ms for 5 per second). The steady rate
 * is {@code requests} per {@code per + per/requests}.
 *
 * <p>The state is a single next-allowed start time, updated atomically. Reserving never blocks; the
 * caller waits for the returned delay on a timer. A caller that ends before it starts (cancelled,
 * closed, or past its deadline during the wait) gives its start back with {@link #release}, which
 * takes effect only while no later start has been reserved: a start in the middle of the sequence
 * stays unused, since moving the later ones forward would crowd them. Thread-safe.
 */
final class RateLimiter {
  private static final long NONE_YET = Long.MIN_VALUE;

  private final long intervalNanos;
  private final AtomicLong nextStart = new AtomicLong(NONE_YET);

  /**
   * Creates a limiter for {@code limit}.
   *
   * @param limit the rate limit
   */
  RateLimiter(RateLimit limit) {
    this.intervalNanos = intervalNanos(limit);
  }

  /**
   * Returns the least spacing of starts for {@code limit}: {@code (per + per/requests) / requests},
   * each division rounded up, so that {@code requests} intervals are never shorter than {@code per
   * + per/requests}.
   *
   * @param limit the rate limit
   * @return the interval in nanoseconds, at least 1
   */
  static long intervalNanos(RateLimit limit) {
    // capped (at about 36 years) so that the interval stays below a quarter of the long range:
    // a start reserved within a call's deadline (itself capped so) plus the interval cannot
    // overflow
    long per = Math.min(Checks.saturatedNanos(limit.per()), Long.MAX_VALUE / 8);
    long requests = limit.requests();
    long span = per + ceilDiv(per, requests);
    return Math.max(1, ceilDiv(span, requests));
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
  long reserve(long now, long maxWait) {
    while (true) {
      long next = nextStart.get();
      // compared as a difference, which cannot overflow for the times a timer hands out
      long start = next == NONE_YET || next - now <= 0 ? now : next;
      long wait = start - now;
      if (wait > 0 && wait >= maxWait) {
        return wait;
      }
      if (nextStart.compareAndSet(next, start + intervalNanos)) {
        return wait;
      }
    }
  }

  /**
   * Gives back the start at {@code start}, reserved by {@link #reserve} and never used: if it is
   * still the last start reserved, the next caller may take it; otherwise nothing changes.
   *
   * @param start the reserved start, in nanoseconds: the {@code now} given to {@link #reserve} plus
   *     the wait it returned
   */
  void release(long start) {
    nextStart.compareAndSet(start + intervalNanos, start);
  }

  private static long ceilDiv(long dividend, long divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }
}
