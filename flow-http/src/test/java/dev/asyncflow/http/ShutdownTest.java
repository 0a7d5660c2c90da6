package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitStats;
import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.failureOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.testing.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

/** close() refuses new work, fails waiters, honours the grace period and ends its threads. */
class ShutdownTest {
  private static final Duration SHORT_GRACE = Duration.ofMillis(200);
  private static final Duration LONG_GRACE = Duration.ofSeconds(10);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Test
  void send_afterClose_failsWithClientClosedAndSendsNothing() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK);
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client = manager.client(config(server));

      manager.close();
      CompletableFuture<ServiceResponse> late = client.send(ServiceRequest.get("late").build());

      assertThat(late).as("refused before send() returned").isCompletedExceptionally();
      ClientClosedException failure = failureOf(late, ClientClosedException.class);
      assertThat(failure).isInstanceOf(CallRejectedException.class);
      assertThat(failure.attempts()).isZero();
      assertThat(failure.kind()).isEqualTo(FailureKind.CLOSED);
      assertThat(server.received()).isEmpty();
      assertThat(manager.isClosed()).isTrue();
    }
  }

  @Test
  void client_afterClose_throwsIllegalState() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK);
        HttpClientManager manager = leaks.manager()) {
      manager.close();

      assertThatThrownBy(() -> manager.client(config(server)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void close_failsCallersWaitingForPermitAtOnce_whileRunningCallGetsGrace() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.HOLD_THEN_OK);
        HttpClientManager manager = leaks.manager(b -> b.shutdownGracePeriod(LONG_GRACE))) {
      ServiceClient client = manager.client(config(server));
      CompletableFuture<ServiceResponse> running = sendHeldCall(client, server);
      List<CompletableFuture<ServiceResponse>> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiting.add(client.send(ServiceRequest.get("wait").build()));
      }
      assertThat(client.stats().queued()).isEqualTo(3);

      Thread closer = startClosing(manager);

      for (CompletableFuture<ServiceResponse> call : waiting) {
        assertThat(failureOf(call, ClientClosedException.class).attempts()).isZero();
      }
      assertThat(closer.isAlive()).as("close() still grants the running call its grace").isTrue();
      assertThat(running).isNotDone();
      assertThat(client.stats().queued()).isZero();

      server.releaseAll();

      assertThat(running.get(10, SECONDS).status()).isEqualTo(200);
      closer.join(LONG_GRACE.toMillis());
      assertThat(closer.isAlive()).isFalse();
      assertThat(server.received())
          .extracting(LoopbackServer.Request::target)
          .containsExactly("/run");
    }
  }

  @Test
  void close_runningCallFinishingWithinGrace_succeeds() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.HOLD_THEN_OK);
        HttpClientManager manager = leaks.manager(b -> b.shutdownGracePeriod(LONG_GRACE))) {
      ServiceClient client = manager.client(config(server));
      CompletableFuture<ServiceResponse> running = sendHeldCall(client, server);

      long start = System.nanoTime();
      Thread closer = startClosing(manager);
      awaitTrue(manager::isClosed, "close() has begun");
      server.releaseAll();

      assertThat(running.get(10, SECONDS).text()).isEqualTo("ok");
      closer.join(LONG_GRACE.toMillis());
      assertThat(closer.isAlive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("close() returned once the call was done, before the grace period ran out")
          .isLessThan(LONG_GRACE);
      awaitStats(client, stats -> stats.successes() == 1, "the success counted");
    }
  }

  @Test
  void close_runningCallBeyondGrace_failsWithClientClosedAfterGrace() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.HOLD_THEN_OK);
        HttpClientManager manager = leaks.manager(b -> b.shutdownGracePeriod(SHORT_GRACE))) {
      ServiceClient client = manager.client(config(server));
      CompletableFuture<ServiceResponse> running = sendHeldCall(client, server);

      long start = System.nanoTime();
      manager.close();
      Duration closing = Duration.ofNanos(System.nanoTime() - start);

      assertThat(closing).isGreaterThanOrEqualTo(SHORT_GRACE);
      assertThat(running).as("failed by the time close() returned").isCompletedExceptionally();
      ClientClosedException failure = failureOf(running, ClientClosedException.class);
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(client.stats().failures(FailureKind.CLOSED)).isEqualTo(1);
      assertThat(client.stats().inFlight()).isZero();
    }
  }

  @Test
  void close_endsEveryThreadTheManagerStarted() throws Exception {
    Set<Thread> before = liveThreads();
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK);
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client = manager.client(config(server));
      assertThat(client.send(ServiceRequest.get("x").build()).get(10, SECONDS).status())
          .isEqualTo(200);
      assertThat(threadsSince(before, ShutdownTest::ownedByAManager))
          .as("workers and scheduler")
          .hasSize(defaultWorkers() + 1);

      manager.close();

      // The threads have stopped working; allow the JVM a moment to retire them.
      awaitTrue(
          () -> threadsSince(before, ShutdownTest::ownedByAManager).isEmpty(),
          "no thread of the manager is alive");
    }
  }

  /**
   * close() promises to wait for its threads to end, so a thread-leak check right after it must
   * pass. Repeated because the window is narrow: a pool can report termination before its last
   * thread has exited.
   */
  @Test
  void close_returnsOnlyAfterItsThreadsHaveEnded() throws Exception {
    int rounds = 100;
    List<String> aliveAfterClose = new ArrayList<>();
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK)) {
      for (int round = 0; round < rounds; round++) {
        Set<Thread> before = liveThreads();
        try (HttpClientManager manager = leaks.manager()) {
          ServiceClient client = manager.client(config(server));
          assertThat(client.send(ServiceRequest.get("x").build()).get(10, SECONDS).status())
              .isEqualTo(200);

          manager.close();

          aliveAfterClose.addAll(threadsSince(before, ShutdownTest::ownedByAManager));
        }
        awaitTrue(
            () -> threadsSince(before, ShutdownTest::ownedByAManager).isEmpty(),
            "the threads of round " + round + " end");
      }
    }
    assertThat(aliveAfterClose)
        .as("threads still alive when close() returned, over %d rounds", rounds)
        .isEmpty();
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void close_onJdk21OrLater_endsTheJdkClientSelectorThreads() throws Exception {
    Predicate<String> selector =
        name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");
    Set<Thread> before = liveThreads();
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK);
        HttpClientManager manager = leaks.manager()) {
      ServiceClient first = manager.client(config(server));
      ServiceClient second =
          manager.client(ServiceConfig.builder("second", server.baseUri()).build());
      assertThat(first.send(ServiceRequest.get("x").build()).get(10, SECONDS).status())
          .isEqualTo(200);
      assertThat(second.send(ServiceRequest.get("y").build()).get(10, SECONDS).status())
          .isEqualTo(200);
      assertThat(threadsSince(before, selector)).hasSize(2);

      manager.close();

      assertThat(threadsSince(before, selector)).isEmpty();
    }
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_20)
  void close_beforeJdk21_letsTheJdkClientSelectorThreadsEndOnceCollected() throws Exception {
    Predicate<String> selector =
        name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");
    Set<Thread> before = liveThreads();
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK);
        HttpClientManager manager = leaks.manager()) {
      ServiceClient client = manager.client(config(server));
      assertThat(client.send(ServiceRequest.get("x").build()).get(10, SECONDS).status())
          .isEqualTo(200);
      assertThat(threadsSince(before, selector)).hasSize(1);

      // When the manager closes while the caller still holds its ServiceClient
      manager.close();

      // Then the JDK client is unreachable, and its selector thread ends after a collection
      awaitTrue(
          () -> {
            System.gc();
            return threadsSince(before, selector).isEmpty();
          },
          "the selector thread of the collected JDK client ended");
      assertThat(client.config().name()).isNotEmpty();
    }
  }

  @Test
  void close_calledTwice_returnsAtOnceTheSecondTime() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.HOLD_THEN_OK);
        HttpClientManager manager = leaks.manager(b -> b.shutdownGracePeriod(SHORT_GRACE))) {
      ServiceClient client = manager.client(config(server));
      CompletableFuture<ServiceResponse> running = sendHeldCall(client, server);
      manager.close();
      assertThat(failureOf(running, ClientClosedException.class).attempts()).isEqualTo(1);

      long start = System.nanoTime();
      manager.close();
      Duration second = Duration.ofNanos(System.nanoTime() - start);

      assertThat(second).as("no second grace period").isLessThan(SHORT_GRACE);
      assertThat(manager.isClosed()).isTrue();
      assertThat(client.stats().failures(FailureKind.CLOSED)).isEqualTo(1);
      assertThat(
              failureOf(
                      client.send(ServiceRequest.get("late").build()), ClientClosedException.class)
                  .attempts())
          .isZero();
    }
  }

  private static Thread startClosing(HttpClientManager manager) {
    Thread closer = new Thread(manager::close, "shutdown-test-closer");
    closer.setDaemon(true);
    closer.start();
    return closer;
  }

  private static boolean ownedByAManager(String threadName) {
    return threadName.startsWith("asyncflow-http-");
  }

  private static int defaultWorkers() {
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  private static Set<Thread> liveThreads() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** Names of live threads matching {@code filter} that did not exist in {@code before}. */
  private static List<String> threadsSince(Set<Thread> before, Predicate<String> filter) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .filter(filter)
        .sorted()
        .collect(Collectors.toList());
  }

  private static ServiceConfig config(LoopbackServer server) {
    return ServiceConfig.builder("svc", server.baseUri()).maxConcurrency(1).build();
  }

  /** Sends a call the server holds until released, and waits until the server has it. */
  private static CompletableFuture<ServiceResponse> sendHeldCall(
      ServiceClient client, LoopbackServer server) {
    CompletableFuture<ServiceResponse> running = client.send(ServiceRequest.get("run").build());
    awaitTrue(() -> server.inProgress() == 1, "the server holds the running call");
    return running;
  }
}
