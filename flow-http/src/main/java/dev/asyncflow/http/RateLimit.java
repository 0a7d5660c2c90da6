package dev.asyncflow.http;

import dev.asyncflow.http.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A limit of {@link #requests()} attempt starts per {@link #per()} to one service, built with
 * {@link #of(int, Duration)}.
 *
 * <p>What the client guarantees: consecutive attempt starts are spaced at least {@code (per +
 * per/requests) / requests} apart, so any {@code requests + 1} starts span at least {@code per +
 * per/requests}. The extra {@code per/requests} is a margin for the network: a server sees more
 * than {@code requests} arrivals in a window of {@code per} only if one request's transit time
 * exceeds a later one's by more than {@code per/requests}. The steady rate is therefore {@code
 * requests} per {@code per + per/requests}, below the nominal limit by one part in {@code requests
 * + 1}: {@code of(10, 1 s)} starts one attempt every 110 ms, {@code of(1, 1 s)} one every 2 s.
 * Starts are spaced from the first one on: there is no burst. The spacing is that of the scheduled
 * starts: a scheduler thread that runs a due start late (a stalled JVM, a busy machine) can bring
 * two real starts closer together. Every attempt counts, retries included. An attempt over the
 * limit waits on the manager's scheduler, never blocking a thread, inside the call's deadline: when
 * the wait would pass the deadline the call fails at once with {@link DeadlineExceededException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RateLimit {
  private final int requests;
  private final Duration per;

  private RateLimit(int requests, Duration per) {
    this.requests = requests;
    this.per = per;
  }

  /**
   * Returns a limit of {@code requests} attempt starts per {@code per}.
   *
   * @param requests the most attempt starts per window, at least 1
   * @param per the window length, positive
   * @return the limit
   * @throws IllegalArgumentException if {@code requests} is below 1 or {@code per} is not positive
   */
  public static RateLimit of(int requests, Duration per) {
    Checks.atLeast(requests, 1, "requests");
    Checks.positive(per, "per");
    return new RateLimit(requests, per);
  }

  /**
   * Returns the most attempt starts per window.
   *
   * @return at least 1
   */
  public int requests() {
    return requests;
  }

  /**
   * Returns the window length.
   *
   * @return a positive duration
   */
  public Duration per() {
    return per;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RateLimit that && requests == that.requests && per.equals(that.per);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requests, per);
  }

  @Override
  public String toString() {
    return "RateLimit{requests=" + requests + ", per=" + per + "}";
  }
}
