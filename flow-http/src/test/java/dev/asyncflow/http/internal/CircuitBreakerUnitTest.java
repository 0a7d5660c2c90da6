package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.CircuitState;
import dev.asyncflow.http.HttpEventListener;
import dev.asyncflow.http.HttpScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Checks the breaker's state machine: generations, single-use tickets and the disabled policy. */
class CircuitBreakerUnitTest {
  private static final Duration OPEN = Duration.ofSeconds(30);

  private final Clock clock = new Clock();
  private final List<String> transitions = new ArrayList<>();
  private final HttpEventListener listener =
      new HttpEventListener() {
        @Override
        public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
          transitions.add(from + "->" + to);
        }
      };

  @Test
  void staleTicketFromClosedPeriod_cannotReopenARecoveredBreaker() {
    // Given a ticket taken while closed, then the breaker opened and recovered
    CircuitBreaker breaker = breaker(2, 1, 1);
    CircuitBreaker.Ticket slow = breaker.tryAcquire();
    failTimes(breaker, 2);
    clock.advance(OPEN);
    breaker.tryAcquire().success();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

    // When the slow attempt of the first closed period fails, then another failure follows
    slow.failure();
    breaker.tryAcquire().failure();

    // Then only the new failure counts: one of two, still closed
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void staleProbe_afterTheBreakerClosed_isIgnored() {
    // Given two probes out, where one success closes
    CircuitBreaker breaker = breaker(1, 2, 1);
    breaker.tryAcquire().failure();
    clock.advance(OPEN);
    CircuitBreaker.Ticket first = breaker.tryAcquire();
    CircuitBreaker.Ticket late = breaker.tryAcquire();

    // When the first succeeds (closing it) and the late one fails
    first.success();
    late.failure();

    // Then the breaker stays closed
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void staleRelease_fromAnEarlierHalfOpenPeriod_doesNotFreeANewProbeSlot() {
    // Given a half-open period whose probe failed, and a new half-open period
    CircuitBreaker breaker = breaker(1, 2, 2);
    breaker.tryAcquire().failure();
    clock.advance(OPEN);
    CircuitBreaker.Ticket failing = breaker.tryAcquire();
    CircuitBreaker.Ticket old = breaker.tryAcquire();
    failing.failure();
    clock.advance(OPEN);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    CircuitBreaker.Ticket probe = breaker.tryAcquire();

    // When the old probe is released
    old.release();

    // Then the new period still admits only its two probes
    assertThat(breaker.tryAcquire()).isNotNull();
    assertThat(breaker.tryAcquire()).isNull();
    assertThat(probe).isNotNull();
  }

  @Test
  void openBreaker_rejectsUntilTheIntervalPasses() {
    CircuitBreaker breaker = breaker(1, 1, 1);
    breaker.tryAcquire().failure();

    clock.advance(OPEN.minusNanos(1));
    assertThat(breaker.tryAcquire()).isNull();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

    clock.advance(Duration.ofNanos(1));
    assertThat(breaker.tryAcquire()).isNotNull();
    assertThat(breaker.tryAcquire()).isNull();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  /**
   * Defect 5: reading the state moved an expired open breaker to half-open and fired
   * circuitStateChanged on the reading thread. Reading has no side effects.
   */
  @Test
  void state_ofAnExpiredOpenBreaker_readsHalfOpen_withoutMovingItOrFiringAnEvent() {
    // Given an open breaker whose interval has passed
    CircuitBreaker breaker = breaker(1, 1, 1);
    breaker.tryAcquire().failure();
    clock.advance(OPEN);
    transitions.clear();

    // When its state is read, twice
    CircuitState first = breaker.state();
    CircuitState second = breaker.state();

    // Then it reads as half-open, and nothing moved or was announced
    assertThat(first).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(second).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(transitions).isEmpty();

    // and the next attempt moves it (and announces the move), taking the only probe slot
    assertThat(breaker.tryAcquire()).isNotNull();
    assertThat(transitions).containsExactly("OPEN->HALF_OPEN");
    assertThat(breaker.tryAcquire()).isNull();
  }

  @Test
  void ticket_settle_recordsTheVerdict_andNoneFreesAProbeSlot() {
    // Given a half-open breaker with 1 probe
    CircuitBreaker breaker = breaker(1, 1, 1);
    breaker.tryAcquire().settle(Failures.Verdict.FAILURE);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    clock.advance(OPEN);

    // When the probe ends without a verdict, the slot is free; a success then closes it
    breaker.tryAcquire().settle(Failures.Verdict.NONE);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    breaker.tryAcquire().settle(Failures.Verdict.SUCCESS);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void ticket_reportedTwice_countsOnce() {
    // Given a breaker opening after 2 failures in a row
    CircuitBreaker breaker = breaker(2, 1, 1);

    // When one ticket reports failure twice
    CircuitBreaker.Ticket ticket = breaker.tryAcquire();
    ticket.failure();
    ticket.failure();

    // Then it counted once
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void ticket_successAfterFailure_hasNoEffect() {
    CircuitBreaker breaker = breaker(2, 1, 1);

    CircuitBreaker.Ticket ticket = breaker.tryAcquire();
    ticket.failure();
    ticket.success(); // would reset the streak if it counted
    breaker.tryAcquire().failure();

    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void ticket_releaseAfterSuccess_doesNotFreeAProbeSlot() {
    // Given a half-open breaker with 2 probes, 2 successes to close
    CircuitBreaker breaker = breaker(1, 2, 2);
    breaker.tryAcquire().failure();
    clock.advance(OPEN);

    // When a probe succeeds and is then released
    CircuitBreaker.Ticket probe = breaker.tryAcquire();
    probe.success();
    probe.release();

    // Then only one more probe is admitted
    assertThat(breaker.tryAcquire()).isNotNull();
    assertThat(breaker.tryAcquire()).isNull();
  }

  @Test
  void ticket_released_freesItsProbeSlotOnce() {
    CircuitBreaker breaker = breaker(1, 1, 1);
    breaker.tryAcquire().failure();
    clock.advance(OPEN);
    CircuitBreaker.Ticket probe = breaker.tryAcquire();
    assertThat(breaker.tryAcquire()).isNull();

    probe.release();
    probe.release();

    CircuitBreaker.Ticket next = breaker.tryAcquire();
    assertThat(next).isNotNull();
    assertThat(breaker.tryAcquire()).isNull();
    next.success();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  /**
   * Review finding: changes were announced after the breaker's lock was let go, so a change made by
   * another thread meanwhile could be announced before the change that preceded it.
   */
  @Test
  void aChangeMadeWhileTheOneBeforeItIsAnnounced_isAnnouncedAfterIt() throws Exception {
    // Given a listener that, while it hears of the breaker opening, lets another thread find the
    // open interval passed (and move the breaker to half-open) before it notes the event
    List<String> announced = new CopyOnWriteArrayList<>();
    AtomicReference<CircuitBreaker> breaker = new AtomicReference<>();
    List<Thread> others = new CopyOnWriteArrayList<>();
    HttpEventListener racing =
        new HttpEventListener() {
          @Override
          public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
            if (to == CircuitState.OPEN) {
              Thread other =
                  new Thread(
                      () -> {
                        clock.advance(OPEN);
                        breaker.get().tryAcquire();
                      });
              others.add(other);
              other.start();
              awaitTrue(() -> !other.isAlive() || other.getState() == Thread.State.BLOCKED);
            }
            announced.add(from + "->" + to);
          }
        };
    CircuitBreakerPolicy policy =
        CircuitBreakerPolicy.builder().consecutiveFailures(1).openDuration(OPEN).build();
    breaker.set(new CircuitBreaker(policy, "svc", racing, scheduler()));

    // When an attempt fails and opens it
    breaker.get().tryAcquire().failure();

    // Then both changes are announced in the order they happened
    for (Thread other : others) {
      other.join(Duration.ofSeconds(10).toMillis());
    }
    assertThat(announced).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
  }

  @Test
  void disabledPolicy_neverRejectsAndNeverChangesState() {
    CircuitBreaker breaker =
        new CircuitBreaker(CircuitBreakerPolicy.disabled(), "svc", listener, scheduler());

    for (int i = 0; i < 1_000; i++) {
      CircuitBreaker.Ticket ticket = breaker.tryAcquire();
      assertThat(ticket).isNotNull();
      ticket.failure();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
    assertThat(transitions).isEmpty();
  }

  private CircuitBreaker breaker(int failures, int probes, int successesToClose) {
    CircuitBreakerPolicy policy =
        CircuitBreakerPolicy.builder()
            .consecutiveFailures(failures)
            .openDuration(OPEN)
            .halfOpenProbes(probes)
            .successesToClose(successesToClose)
            .build();
    return new CircuitBreaker(policy, "svc", listener, scheduler());
  }

  private WorkerScheduler scheduler() {
    return new WorkerScheduler(clock, Runnable::run, () -> false);
  }

  /** Polls {@code condition} until it holds, for at most 10 s. */
  private static void awaitTrue(BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("timed out after 10 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
  }

  private static void failTimes(CircuitBreaker breaker, int times) {
    for (int i = 0; i < times; i++) {
      breaker.tryAcquire().failure();
    }
  }

  /** A clock moved by hand; the breaker never schedules anything. */
  private static final class Clock implements HttpScheduler {
    private long nanos = 5_000_000_000L;

    @Override
    public synchronized long nanoTime() {
      return nanos;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH.plusNanos(nanoTime());
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      throw new UnsupportedOperationException("the breaker does not schedule");
    }

    synchronized void advance(Duration duration) {
      nanos += duration.toNanos();
    }
  }
}
