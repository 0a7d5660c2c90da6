package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link Watchdog} runs each limit's expiry at its time, with one task on the scheduler for all of
 * them, re-armed only when a limit can expire before it runs.
 */
class WatchdogTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final List<String> expired = new ArrayList<>();
  private final Watchdog watchdog =
      new Watchdog(new WorkerScheduler(clock, Runnable::run, () -> true));

  @Test
  void fixedLimit_expiresAtItsTime() {
    watchdog.watch(at(Duration.ofSeconds(5), "deadline"));

    clock.advance(Duration.ofSeconds(5).minusNanos(1));
    assertThat(expired).isEmpty();
    clock.advance(Duration.ofNanos(1));

    assertThat(expired).containsExactly("deadline");
    assertThat(clock.pendingCount()).as("nothing left to watch").isZero();
  }

  @Test
  void limitSoonerThanTheTask_reArmsIt() {
    watchdog.watch(at(Duration.ofSeconds(20), "deadline"));
    watchdog.watch(at(Duration.ofSeconds(3), "sooner"));

    assertThat(clock.pendingCount()).as("the first task is cancelled").isEqualTo(1);
    assertThat(clock.delays()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(3));
    assertThat(expired).containsExactly("sooner");
  }

  @Test
  void limitsLaterThanTheTask_shareIt_andEachExpiresAtItsOwnTime() {
    // Given a task armed for a limit in 30 s
    watchdog.watch(at(Duration.ofSeconds(30), "first"));

    // When later limits are watched, as the calls that follow an earlier one
    watchdog.watch(at(Duration.ofSeconds(40), "second"));
    watchdog.watch(at(Duration.ofMinutes(2), "third"));

    // Then nothing more is scheduled
    assertThat(clock.pendingCount()).isEqualTo(1);
    assertThat(clock.delays()).containsExactly(Duration.ofSeconds(30));

    // and each limit still expires at its own time
    clock.advance(Duration.ofSeconds(40).minusNanos(1));
    assertThat(expired).containsExactly("first");
    clock.advance(Duration.ofNanos(1));
    assertThat(expired).containsExactly("first", "second");
    clock.advance(Duration.ofMinutes(2).minusSeconds(40));
    assertThat(expired).containsExactly("first", "second", "third");
  }

  @Test
  void unwatchedLimit_neverExpires_andTheTaskMovesOnToTheOthers() {
    Watchdog.Limit exchange = at(Duration.ofSeconds(5), "exchange");
    watchdog.watch(exchange);
    watchdog.watch(at(Duration.ofSeconds(20), "deadline"));

    watchdog.unwatch(exchange);
    clock.advance(Duration.ofSeconds(19));
    assertThat(expired).isEmpty();
    assertThat(clock.pendingCount()).as("re-armed for the deadline").isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));

    assertThat(expired).containsExactly("deadline");
  }

  @Test
  void lastLimitUnwatched_leavesTheTaskToRunOnce_thenNothingIsScheduled() {
    Watchdog.Limit deadline = at(Duration.ofSeconds(5), "deadline");
    watchdog.watch(deadline);
    watchdog.unwatch(deadline);

    assertThat(clock.pendingCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));

    assertThat(expired).isEmpty();
    assertThat(clock.pendingCount()).isZero();
  }

  @Test
  void limitWhoseExpiryMovesLater_isCheckedAgain_andExpiresAtItsLatestTime() {
    // Given a limit like a read timeout: 10 s after the last activity
    long[] lastActivity = {clock.nanoTime()};
    Duration timeout = Duration.ofSeconds(10);
    watchdog.watch(
        new Watchdog.Limit() {
          @Override
          public long earliestExpiry(long now) {
            return lastActivity[0] + timeout.toNanos();
          }

          @Override
          public @Nullable Runnable expiredAt(long now) {
            return now - lastActivity[0] >= timeout.toNanos() ? () -> expired.add("read") : null;
          }
        });

    // When there is activity after 6 s
    clock.advance(Duration.ofSeconds(6));
    lastActivity[0] = clock.nanoTime();

    // Then the check at 10 s finds it alive, and it expires 10 s after that activity
    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(expired).isEmpty();
    clock.advance(Duration.ofNanos(1));
    assertThat(expired).containsExactly("read");
  }

  @Test
  void limitsFoundExpiredTogether_runInTheOrderTheyExpired() {
    // Given two limits that have passed already, the later one watched first
    watchdog.watch(at(Duration.ofSeconds(-2), "later"));
    watchdog.watch(at(Duration.ofSeconds(-5), "earlier"));

    // When the task runs
    clock.advance(Duration.ZERO);

    // Then both expire, the earlier first
    assertThat(expired).containsExactly("earlier", "later");
  }

  private Watchdog.Limit at(Duration after, String name) {
    return Watchdog.Limit.at(clock.nanoTime() + after.toNanos(), () -> expired.add(name));
  }
}
