package dev.asyncflow.core;

import static dev.asyncflow.core.TestFutures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Waits between attempts of {@code execAsync} go through the run's {@link Scheduler}. */
class AsyncRetryTest {

  private final ManualScheduler manual = new ManualScheduler();
  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /** A node whose execAsync fails on every attempt, recording the attempt numbers. */
  private static final class AlwaysFailing extends AsyncNode<Map<String, Object>, Object, Object> {
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<Exception> errors = new CopyOnWriteArrayList<>();

    AlwaysFailing(RetryPolicy policy) {
      super(policy);
    }

    @Override
    protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
      attempts.add(context.attempt());
      IllegalStateException error = new IllegalStateException("attempt " + context.attempt());
      errors.add(error);
      return CompletableFuture.failedFuture(error);
    }
  }

  private RunOptions withManualScheduler() {
    return RunOptions.builder().scheduler(manual).build();
  }

  @Test
  void failedAttempt_waitsTheFixedDelayOnTheScheduler_beforeTheNextAttempt() {
    // Given
    AlwaysFailing node = new AlwaysFailing(RetryPolicy.fixed(3, Duration.ofSeconds(1)));

    // When the first attempt fails
    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    // Then the run waits one second on the scheduler, without a second attempt
    assertThat(run).isNotDone();
    assertThat(node.attempts).containsExactly(0);
    assertThat(manual.delays()).containsExactly(Duration.ofSeconds(1));
    assertThat(manual.pendingCount()).isEqualTo(1);
  }

  @Test
  void nextAttempt_startsExactlyWhenTheWaitIsOver_notAMillisecondEarlier() {
    AlwaysFailing node = new AlwaysFailing(RetryPolicy.fixed(3, Duration.ofSeconds(1)));
    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    manual.advance(Duration.ofMillis(999));
    assertThat(node.attempts).containsExactly(0);

    manual.advance(Duration.ofMillis(1));
    assertThat(node.attempts).containsExactly(0, 1);
    assertThat(run).isNotDone();
  }

  @Test
  void lastAttempt_isNotFollowedByAWait_andTheRunFailsWithItsError() {
    AlwaysFailing node = new AlwaysFailing(RetryPolicy.fixed(3, Duration.ofSeconds(1)));
    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    manual.advance(Duration.ofSeconds(1));
    manual.advance(Duration.ofSeconds(1));

    assertThat(node.attempts).containsExactly(0, 1, 2);
    assertThat(manual.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(manual.pendingCount()).isZero();
    assertThat(failureOf(run)).isSameAs(node.errors.get(2));
  }

  /** A node whose attempts stay pending until the test completes them, in a flow. */
  private static final class HeldAttempts extends AsyncNode<Map<String, Object>, Object, Object> {
    final List<CompletableFuture<Object>> attempts = new CopyOnWriteArrayList<>();

    HeldAttempts() {
      super(RetryPolicy.fixed(3, Duration.ZERO));
    }

    @Override
    protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
      CompletableFuture<Object> attempt = new CompletableFuture<>();
      attempts.add(attempt);
      return attempt;
    }
  }

  @Test
  void pendingFirstAttempt_thatFailsLater_isRetriedOnce_notStartedAgain() throws Exception {
    HeldAttempts node = new HeldAttempts();
    CompletableFuture<String> run = new AsyncFlow<>(node).runAsync(shared, withManualScheduler());
    assertThat(node.attempts).hasSize(1);

    node.attempts.get(0).completeExceptionally(new IllegalStateException("late failure"));
    assertThat(node.attempts).hasSize(2);

    node.attempts.get(1).complete("second");
    assertThat(run.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(node.attempts).hasSize(2);
  }

  @Test
  void pendingFirstAttempt_thatSucceedsLater_isNotRetried() throws Exception {
    HeldAttempts node = new HeldAttempts();
    CompletableFuture<String> run = new AsyncFlow<>(node).runAsync(shared, withManualScheduler());

    node.attempts.get(0).complete("first");

    assertThat(run.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(node.attempts).hasSize(1);
  }

  @Test
  void attemptFailedByAPerAttemptTimeout_isRetried_andTheRetrysValueReachesPost() throws Exception {
    // Given a node whose first attempt is held, as a stage with orTimeout(...) would be
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    CompletableFuture<String> firstAttempt = new CompletableFuture<>();
    AsyncNode<Map<String, Object>, Object, String> node =
        new AsyncNode<>(RetryPolicy.fixed(2, Duration.ofSeconds(1))) {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            attempts.add(context.attempt());
            return context.attempt() == 0
                ? firstAttempt
                : CompletableFuture.completedFuture("second attempt's value");
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            shared.put("posted", execResult);
            return CompletableFuture.completedFuture("posted");
          }
        };
    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    // When the first attempt times out, as orTimeout fails it, and the retry wait passes
    firstAttempt.completeExceptionally(new TimeoutException("attempt 0 took too long"));
    manual.advance(Duration.ofSeconds(1));

    // Then
    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("posted");
    assertThat(attempts).containsExactly(0, 1);
    assertThat(shared).containsEntry("posted", "second attempt's value");
  }

  @Test
  void succeedingRetry_endsTheWaitsAndCompletesTheRun() throws Exception {
    AsyncNode<Map<String, Object>, Object, String> node =
        new AsyncNode<>(RetryPolicy.fixed(5, Duration.ofSeconds(2))) {
          @Override
          protected CompletionStage<String> execAsync(Object prepResult, RunContext context) {
            return context.attempt() < 1
                ? CompletableFuture.failedFuture(new IllegalStateException("flaky"))
                : CompletableFuture.completedFuture("ok on " + context.attempt());
          }

          @Override
          protected CompletionStage<String> postAsync(
              Map<String, Object> shared, Object prepResult, String execResult, RunContext ctx) {
            return CompletableFuture.completedFuture(execResult);
          }
        };
    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    manual.advance(Duration.ofSeconds(2));

    assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("ok on 1");
    assertThat(manual.delays()).containsExactly(Duration.ofSeconds(2));
    assertThat(manual.pendingCount()).isZero();
  }

  @Test
  void exponentialBackoffWithJitter_keepsEveryDelayInsideItsEnvelope() {
    // Given waits of 1s, 2s, 4s, 8s capped at 5s, each reduced by up to half
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(6)
            .delay(Duration.ofSeconds(1))
            .backoff(2.0, Duration.ofSeconds(5))
            .jitter(0.5)
            .build();

    // When every attempt fails
    List<Duration> delays = runToTheEnd(policy, new Random(42));

    // Then each delay lies in [base * 0.5, base]
    long[] baseSeconds = {1, 2, 4, 5, 5};
    assertThat(delays).hasSize(baseSeconds.length);
    for (int i = 0; i < baseSeconds.length; i++) {
      Duration base = Duration.ofSeconds(baseSeconds[i]);
      assertThat(delays.get(i))
          .as("delay before retry %d", i + 1)
          .isBetween(base.dividedBy(2), base);
    }
    // and jitter really shortens them
    assertThat(delays)
        .isNotEqualTo(
            List.of(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(4),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
  }

  @Test
  void jitteredDelays_areRepeatableWithTheSameSeed_andMatchThePolicy() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(5)
            .delay(Duration.ofMillis(100))
            .backoff(3.0, Duration.ofSeconds(10))
            .jitter(1.0)
            .build();

    List<Duration> first = runToTheEnd(policy, new Random(7));
    List<Duration> second = runToTheEnd(policy, new Random(7));
    List<Duration> otherSeed = runToTheEnd(policy, new Random(8));

    Random expectedRandom = new Random(7);
    List<Duration> expected = new ArrayList<>();
    for (int retry = 1; retry <= 4; retry++) {
      expected.add(policy.delayBefore(retry, expectedRandom));
    }
    assertThat(first).hasSize(4).isEqualTo(second).isEqualTo(expected).isNotEqualTo(otherSeed);
  }

  @Test
  void retryScheduledEvent_carriesTheDelayTheErrorAndTheFailedAttempt() {
    List<String> events = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    FlowListener listener =
        new FlowListener() {
          @Override
          public void retryScheduled(
              BaseNode<?> node, RunContext context, Throwable error, Duration delay) {
            events.add(node.name() + " attempt " + context.attempt() + " wait " + delay);
            errors.add(error);
          }
        };
    AlwaysFailing node = new AlwaysFailing(RetryPolicy.fixed(3, Duration.ofMillis(250)));
    node.setName("Flaky");

    node.runAsync(shared, RunOptions.builder().scheduler(manual).listener(listener).build());
    manual.advance(Duration.ofMillis(250));

    assertThat(events)
        .containsExactly("Flaky attempt 0 wait PT0.25S", "Flaky attempt 1 wait PT0.25S");
    assertThat(errors).containsExactly(node.errors.get(0), node.errors.get(1));
  }

  @Test
  void zeroWait_retriesImmediatelyWithoutTouchingTheScheduler() {
    AlwaysFailing node = new AlwaysFailing(RetryPolicy.fixed(4, Duration.ZERO));

    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    assertThat(node.attempts).containsExactly(0, 1, 2, 3);
    assertThat(manual.delays()).isEmpty();
    assertThat(failureOf(run)).isSameAs(node.errors.get(3));
  }

  @Test
  void error_isNeverRetried_andNoFallbackIsInvoked() {
    AssertionError fatal = new AssertionError("fatal");
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    List<String> fallbacks = new CopyOnWriteArrayList<>();
    AsyncNode<Map<String, Object>, Object, Object> node =
        new AsyncNode<>(RetryPolicy.fixed(3, Duration.ofSeconds(1))) {
          @Override
          protected CompletionStage<Object> execAsync(Object prepResult, RunContext context) {
            attempts.add(context.attempt());
            return CompletableFuture.failedFuture(fatal);
          }

          @Override
          protected CompletionStage<Object> execFallbackAsync(
              Object prepResult, Exception error, RunContext context) {
            fallbacks.add(error.getMessage());
            return CompletableFuture.completedFuture("fallback");
          }
        };

    CompletableFuture<String> run = node.runAsync(shared, withManualScheduler());

    assertThat(failureOf(run)).isSameAs(fatal);
    assertThat(attempts).containsExactly(0);
    assertThat(fallbacks).isEmpty();
    assertThat(manual.delays()).isEmpty();
  }

  /** Runs an always-failing node through all its attempts and returns the requested delays. */
  private static List<Duration> runToTheEnd(RetryPolicy policy, Random random) {
    ManualScheduler scheduler = new ManualScheduler();
    AlwaysFailing node = new AlwaysFailing(policy);
    CompletableFuture<String> run =
        node.runAsync(
            new ConcurrentHashMap<>(),
            RunOptions.builder().scheduler(scheduler).random(random).build());
    for (int i = 0; i < policy.maxAttempts() && !run.isDone(); i++) {
      scheduler.advance(Duration.ofMinutes(1));
    }
    assertThat(run).isCompletedExceptionally();
    assertThat(node.attempts).hasSize(policy.maxAttempts());
    return scheduler.delays();
  }
}
