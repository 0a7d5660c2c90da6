package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.failureOf;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.asyncflow.http.testing.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LeakCheck} fails a test that leaves a permit taken, a caller queued or a manager thread
 * alive, and passes a clean one. Each test drives a check of its own by hand (the extension context
 * is not used, so it is null), with a short bound so that the failing cases stay fast; the
 * registered check then makes sure the test cleaned up after itself.
 */
class LeakCheckTest {
  private static final Duration SHORT = Duration.ofMillis(200);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final LeakCheck check = new LeakCheck(SHORT);

  @Test
  void permitStillTaken_failsNamingTheServiceAndItsPermits() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.HOLD_THEN_OK)) {
      // Given a service whose one permit is held at the server and a caller queued behind it
      check.beforeEach(null);
      HttpClientManager manager = check.manager(b -> b.shutdownGracePeriod(Duration.ZERO));
      ServiceClient client =
          manager.client(ServiceConfig.builder("held", server.baseUri()).maxConcurrency(1).build());
      CompletableFuture<ServiceResponse> running = client.send(ServiceRequest.get("run").build());
      awaitTrue(() -> server.inProgress() == 1, "the server holds the call");
      CompletableFuture<ServiceResponse> waiting = client.send(ServiceRequest.get("wait").build());

      // When the test ends without releasing them
      AssertionError leak = catchThrowableOfType(AssertionError.class, () -> check.afterEach(null));

      // Then the check fails naming the service, its permit and its queued caller
      assertThat(leak)
          .hasMessageContaining("service held still holds 1 permit(s) with 1 caller(s) queued");
      // And it still closed the manager, which failed both calls
      assertThat(manager.isClosed()).isTrue();
      assertThat(failureOf(running)).isInstanceOf(ClientClosedException.class);
      assertThat(failureOf(waiting)).isInstanceOf(ClientClosedException.class);
    }
  }

  @Test
  void managerNeverClosed_failsNamingItsThreads() {
    // Given a manager made outside the check and never closed by the test
    check.beforeEach(null);
    Set<Thread> before = liveThreads();
    HttpClientManager stray = HttpClientManager.create();
    try {
      List<String> strayThreads = libraryThreadsSince(before);
      assertThat(strayThreads).isNotEmpty();

      // When the test ends, Then the check fails naming every thread of that manager
      assertThatThrownBy(() -> check.afterEach(null))
          .isInstanceOf(AssertionError.class)
          .hasMessageContainingAll(
              strayThreads.stream().map(name -> "thread " + name).toArray(String[]::new))
          .hasMessageContaining("still alive");
    } finally {
      stray.close();
    }
  }

  @Test
  void cleanTest_passes_andItsManagersAreClosedAfterwards() throws Exception {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.OK)) {
      // Given a test whose calls all completed, one manager left open and one closed by the test
      check.beforeEach(null);
      Set<Thread> before = liveThreads();
      HttpClientManager open = check.manager();
      HttpClientManager closed = check.manager();
      for (HttpClientManager manager : List.of(open, closed)) {
        ServiceClient client =
            manager.client(ServiceConfig.builder("svc", server.baseUri()).build());
        assertThat(client.send(ServiceRequest.get("x").build()).get(10, SECONDS).status())
            .isEqualTo(200);
      }
      closed.close();

      // When the test ends, Then the check passes and no thread of either manager is left
      check.afterEach(null);

      assertThat(open.isClosed()).isTrue();
      assertThat(libraryThreadsSince(before)).isEmpty();
    }
  }

  @Test
  void trackedManager_isCheckedAndClosedLikeOneMadeByTheCheck() {
    check.beforeEach(null);
    HttpClientManager tracked = check.track(HttpClientManager.builder().workerThreads(1).build());

    check.afterEach(null);

    assertThat(tracked.isClosed()).isTrue();
  }

  private static Set<Thread> liveThreads() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** Names of live manager threads that did not exist in {@code before}, sorted. */
  private static List<String> libraryThreadsSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .filter(name -> name.startsWith(LeakCheck.THREAD_PREFIX))
        .sorted()
        .collect(Collectors.toList());
  }
}
