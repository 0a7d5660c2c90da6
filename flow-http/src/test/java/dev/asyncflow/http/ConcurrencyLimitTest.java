package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitStats;
import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.failureOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service never has more than maxConcurrency requests on the network, and every permit returns.
 */
class ConcurrencyLimitTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LONG = Duration.ofHours(1);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void manyCallers_serverNeverSeesMoreThanMaxConcurrency_andAllSucceed() throws Exception {
    int limit = 4;
    int callers = 50 * limit;
    AtomicInteger active = new AtomicInteger();
    AtomicInteger strictPeak = new AtomicInteger();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  // counted down before the response is written, so before the client can
                  // release its permit: this peak cannot exceed the limit by a race
                  strictPeak.accumulateAndGet(active.incrementAndGet(), Math::max);
                  exchange.awaitRelease();
                  active.decrementAndGet();
                  exchange.respond(200, "ok");
                });
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client =
          manager.client(config(server, limit).maxQueued(callers).acquireTimeout(LONG).build());

      List<CompletableFuture<ServiceResponse>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(client.send(ServiceRequest.get("hold").query("id", String.valueOf(i)).build()));
      }
      awaitTrue(() -> server.inProgress() == limit, "the server holds " + limit + " requests");

      assertThat(client.stats().queued()).isEqualTo(callers - limit);
      assertThat(client.stats().inFlight()).isEqualTo(limit);
      assertThat(server.received()).hasSize(limit);
      assertThat(server.peakInProgress()).isEqualTo(limit);

      server.releaseAll();

      for (CompletableFuture<ServiceResponse> call : calls) {
        assertThat(call.get(WAIT.toSeconds(), SECONDS).status()).isEqualTo(200);
      }
      assertThat(strictPeak.get()).isEqualTo(limit);
      assertThat(server.received()).hasSize(callers);
      awaitStats(client, stats -> stats.successes() == callers, callers + " successes");
      awaitIdle(client);
    }
  }

  @Test
  void callerBeyondLimit_failsWithAcquireTimeout_andNeverReachesServer() throws Exception {
    int limit = 2;
    ManualScheduler scheduler = new ManualScheduler();
    try (LoopbackServer server = new LoopbackServer(ConcurrencyLimitTest::holdThenOk);
        HttpClientManager manager = leaks.manager(b -> b.scheduler(scheduler))) {
      ServiceClient client =
          manager.client(config(server, limit).acquireTimeout(Duration.ofSeconds(1)).build());
      List<CompletableFuture<ServiceResponse>> held = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        held.add(client.send(ServiceRequest.get("hold").build()));
      }
      awaitTrue(() -> server.inProgress() == limit, "the server holds " + limit + " requests");

      CompletableFuture<ServiceResponse> extra = client.send(ServiceRequest.get("extra").build());
      scheduler.advance(Duration.ofMillis(999));
      assertThat(extra).isNotDone();
      assertThat(client.stats().queued()).isEqualTo(1);

      scheduler.advance(Duration.ofMillis(1));

      AcquireTimeoutException failure =
          failureOf(extra, AcquireTimeoutException.class, "the extra call");
      assertThat(failure.attempts()).isZero();
      assertThat(client.stats().queued()).isZero();
      awaitStats(
          client,
          stats -> stats.failures(FailureKind.ACQUIRE_TIMEOUT) == 1,
          "one acquire timeout counted");

      server.releaseAll();
      for (CompletableFuture<ServiceResponse> call : held) {
        assertThat(call.get(WAIT.toSeconds(), SECONDS).status()).isEqualTo(200);
      }
      assertThat(server.received()).hasSize(limit);
      assertThat(server.received())
          .extracting(LoopbackServer.Request::target)
          .containsOnly("/hold");
    }
  }

  @Test
  void fullQueue_failsAtOnceWithQueueFull_andNeverReachesServer() throws Exception {
    try (LoopbackServer server = new LoopbackServer(ConcurrencyLimitTest::holdThenOk);
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client = manager.client(config(server, 1).maxQueued(2).build());
      CompletableFuture<ServiceResponse> running = client.send(ServiceRequest.get("a").build());
      CompletableFuture<ServiceResponse> queued1 = client.send(ServiceRequest.get("b").build());
      CompletableFuture<ServiceResponse> queued2 = client.send(ServiceRequest.get("c").build());
      assertThat(client.stats().queued()).isEqualTo(2);

      CompletableFuture<ServiceResponse> rejected = client.send(ServiceRequest.get("d").build());

      assertThat(rejected).as("rejected before send() returned").isCompletedExceptionally();
      QueueFullException failure = failureOf(rejected, QueueFullException.class, "the 4th call");
      assertThat(failure).isInstanceOf(CallRejectedException.class);
      assertThat(failure.attempts()).isZero();

      server.releaseAll();
      for (CompletableFuture<ServiceResponse> call : List.of(running, queued1, queued2)) {
        assertThat(call.get(WAIT.toSeconds(), SECONDS).status()).isEqualTo(200);
      }
      assertThat(server.received())
          .extracting(LoopbackServer.Request::target)
          .containsExactly("/a", "/b", "/c");
      assertThat(client.stats().failures(FailureKind.QUEUE_FULL)).isEqualTo(1);
    }
  }

  @Test
  void cancellingHeldCall_abortsExchange_andFreesPermitForNextCall() throws Exception {
    CompletableFuture<Boolean> peerClosed = new CompletableFuture<>();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  if (request.target().equals("/hold")) {
                    peerClosed.complete(peerClosesConnection(exchange));
                  } else {
                    exchange.respond(200, "ok");
                  }
                });
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client = manager.client(config(server, 1).build());
      CompletableFuture<ServiceResponse> held = client.send(ServiceRequest.get("hold").build());
      awaitTrue(() -> server.inProgress() == 1, "the server holds the first request");
      CompletableFuture<ServiceResponse> next = client.send(ServiceRequest.get("next").build());
      assertThat(client.stats().queued()).isEqualTo(1);

      held.cancel(true);

      assertThat(peerClosed.get(WAIT.toSeconds(), SECONDS))
          .as("the client closed the held connection")
          .isTrue();
      assertThat(next.get(WAIT.toSeconds(), SECONDS).status()).isEqualTo(200);
      awaitIdle(client);
      assertThat(client.stats().failures(FailureKind.CANCELLED)).isEqualTo(1);
      assertThat(server.received())
          .extracting(LoopbackServer.Request::target)
          .containsExactly("/hold", "/next");
    }
  }

  /**
   * Regression: a permit granted at once to an attempt whose call ends in that instant is still
   * released.
   */
  @Test
  void callCancelledWhileItsNextAttemptTakesAPermit_givesThePermitBack() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    AtomicReference<CompletableFuture<ServiceResponse>> call = new AtomicReference<>();
    // Cancels the call from inside the next attempt's breaker check, just before it takes a
    // permit: the narrowest window between "the call is still running" and "the step is recorded".
    HttpEventListener cancelOnHalfOpen =
        new HttpEventListener() {
          @Override
          public void circuitStateChanged(String service, CircuitState from, CircuitState to) {
            if (to == CircuitState.HALF_OPEN) {
              call.get().cancel(false);
            }
          }
        };
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(503, ""));
        HttpClientManager manager = leaks.manager(b -> b.scheduler(scheduler))) {
      ServiceClient client =
          manager.client(
              ServiceConfig.builder("svc", server.baseUri())
                  .maxConcurrency(1)
                  .circuitBreaker(
                      CircuitBreakerPolicy.builder()
                          .consecutiveFailures(1)
                          .openDuration(Duration.ofSeconds(1))
                          .build())
                  .retryPolicy(
                      HttpRetryPolicy.builder()
                          .maxAttempts(2)
                          .hook(candidate -> RetryDecision.after(Duration.ofSeconds(5)))
                          .build())
                  .listener(cancelOnHalfOpen)
                  .build());
      call.set(client.send(ServiceRequest.get("x").build()));
      // the retry is on the scheduler: its deadline and its retry wait are all that is pending
      awaitTrue(
          () -> client.stats().retries() == 1 && scheduler.pendingCount() == 2,
          "the retry is scheduled");

      scheduler.advance(Duration.ofSeconds(5));

      awaitTrue(() -> call.get().isCancelled(), "the call is cancelled");
      awaitTrue(() -> client.stats().inFlight() == 0, "the permit is back");
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void finishedCall_isCountedInStatsWhenItsFutureCompletes() throws Exception {
    try (LoopbackServer server = new LoopbackServer(ConcurrencyLimitTest::holdThenOk);
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client = manager.client(config(server, 1).build());
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());
      CompletableFuture<List<Number>> seen =
          call.thenApply(
              response -> List.of(client.stats().inFlight(), client.stats().successes()));
      awaitTrue(() -> server.inProgress() == 1, "the server holds the call");

      server.releaseAll();

      assertThat(seen.get(WAIT.toSeconds(), SECONDS))
          .as("[inFlight, successes] seen by the caller's continuation")
          .containsExactly(0, 1L);
    }
  }

  @Test
  void randomMixOfOutcomes_returnsEveryPermit() throws Exception {
    int limit = 4;
    Duration responseTimeout = Duration.ofSeconds(1);
    Random random = new Random(20261129L);
    ManualScheduler scheduler = new ManualScheduler();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  if (request.target().startsWith("/ok")) {
                    exchange.respond(200, "ok");
                  } else if (request.target().startsWith("/err")) {
                    exchange.respond(500, "boom");
                  } else {
                    holdThenOk(request, exchange);
                  }
                });
        HttpClientManager manager = leaks.manager(b -> b.scheduler(scheduler))) {
      ServiceClient client =
          manager.client(
              config(server, limit)
                  .maxQueued(1000)
                  .acquireTimeout(LONG)
                  .deadline(LONG)
                  .responseTimeout(responseTimeout)
                  .retryPolicy(HttpRetryPolicy.none())
                  .circuitBreaker(CircuitBreakerPolicy.disabled())
                  .build());

      // Given ~200 calls of every kind, some cancelled at once (queued or running)
      List<Planned> plan = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        String id = String.valueOf(i);
        Planned call =
            new Planned(
                kind, id, client.send(ServiceRequest.get(kind.path).query("id", id).build()));
        if (kind == Kind.CANCEL && random.nextBoolean()) {
          call.future.cancel(true);
        }
        plan.add(call);
      }

      // When the hung ones time out in virtual time and the rest are cancelled at the server
      drive(plan, client, server, scheduler, responseTimeout);

      // Then each call ended as planned and every permit is back
      for (Planned call : plan) {
        call.assertOutcome();
      }
      awaitIdle(client);
      ServiceStats stats =
          awaitStats(
              client,
              counted -> counted.requests() == counted.successes() + counted.totalFailures(),
              "every call counted");
      assertThat(stats.successes()).isEqualTo(count(plan, Kind.OK));
      assertThat(stats.failures(FailureKind.HTTP_STATUS)).isEqualTo(count(plan, Kind.ERROR));
      assertThat(stats.failures(FailureKind.RESPONSE_TIMEOUT)).isEqualTo(count(plan, Kind.HANG));
      assertThat(stats.failures(FailureKind.CANCELLED)).isEqualTo(count(plan, Kind.CANCEL));
      assertThat(Set.of(Kind.values()))
          .as("the seed gives every kind")
          .allMatch(kind -> count(plan, kind) > 0);

      // And a burst of limit + 1 fresh calls puts exactly limit on the network at once
      List<CompletableFuture<ServiceResponse>> burst = new ArrayList<>();
      for (int i = 0; i <= limit; i++) {
        burst.add(client.send(ServiceRequest.get("burst").query("id", "b" + i).build()));
      }
      awaitTrue(
          () -> targetsStartingWith(server, "/burst").size() == limit,
          "all " + limit + " burst calls reach the server");
      assertThat(client.stats().inFlight()).isEqualTo(limit);
      assertThat(client.stats().queued()).isEqualTo(1);
      server.releaseAll();
      for (CompletableFuture<ServiceResponse> call : burst) {
        assertThat(call.get(WAIT.toSeconds(), SECONDS).status()).isEqualTo(200);
      }
      awaitIdle(client);
    }
  }

  /**
   * Cancels calls of kind CANCEL once they reach the server, and advances virtual time past the
   * response timeout only when every permit is held by a hung call at the server, so that no other
   * call can time out by accident.
   */
  private static void drive(
      List<Planned> plan,
      ServiceClient client,
      LoopbackServer server,
      ManualScheduler scheduler,
      Duration responseTimeout) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!plan.stream().allMatch(call -> call.future.isDone())) {
      if (System.nanoTime() > end) {
        fail("the mix did not finish; stats: " + client.stats());
      }
      Set<String> arrived = targetsStartingWith(server, "/");
      plan.stream()
          .filter(call -> call.kind == Kind.CANCEL && call.arrivedAt(arrived))
          .forEach(call -> call.future.cancel(true));
      List<Planned> hung =
          plan.stream()
              .filter(call -> call.kind == Kind.HANG && call.arrivedAt(arrived))
              .filter(call -> !call.future.isDone())
              .collect(Collectors.toList());
      if (!hung.isEmpty() && client.stats().inFlight() == hung.size()) {
        scheduler.advance(responseTimeout);
        awaitTrue(
            () -> hung.stream().allMatch(call -> call.future.isDone()), "hung calls time out");
      } else {
        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
      }
    }
  }

  private static long count(List<Planned> plan, Kind kind) {
    return plan.stream().filter(call -> call.kind == kind).count();
  }

  private static Set<String> targetsStartingWith(LoopbackServer server, String prefix) {
    return server.received().stream()
        .map(LoopbackServer.Request::target)
        .filter(target -> target.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  private enum Kind {
    OK("ok"),
    ERROR("err"),
    HANG("hang"),
    CANCEL("cancel");

    final String path;

    Kind(String path) {
      this.path = path;
    }
  }

  private static final class Planned {
    final Kind kind;
    final String id;
    final CompletableFuture<ServiceResponse> future;

    Planned(Kind kind, String id, CompletableFuture<ServiceResponse> future) {
      this.kind = kind;
      this.id = id;
      this.future = future;
    }

    boolean arrivedAt(Set<String> targets) {
      return targets.contains("/" + kind.path + "?id=" + id);
    }

    void assertOutcome() throws Exception {
      String what = kind + " call " + id;
      switch (kind) {
        case OK:
          assertThat(future.get(WAIT.toSeconds(), SECONDS).status()).as(what).isEqualTo(200);
          break;
        case ERROR:
          assertThat(failureOf(future, HttpStatusException.class, what).status()).isEqualTo(500);
          break;
        case HANG:
          assertThat(failureOf(future, ResponseTimeoutException.class, what).attempts())
              .isEqualTo(1);
          break;
        case CANCEL:
          assertThat(future).as(what).isCancelled();
          break;
      }
    }
  }

  private static ServiceConfig.Builder config(LoopbackServer server, int limit) {
    return ServiceConfig.builder("limited", server.baseUri()).maxConcurrency(limit);
  }

  private static void holdThenOk(LoopbackServer.Request request, LoopbackServer.Exchange exchange)
      throws IOException, InterruptedException {
    exchange.awaitRelease();
    exchange.respond(200, "ok");
  }

  /** Waits on the server side until the client closes the exchange's connection (or 10 s). */
  private static boolean peerClosesConnection(LoopbackServer.Exchange exchange) {
    try {
      return exchange.awaitClientClose(WAIT);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitIdle(ServiceClient client) {
    awaitTrue(
        () -> client.stats().inFlight() == 0 && client.stats().queued() == 0,
        "every permit is back");
  }
}
