package dev.asyncflow.http.testing;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test that leaks what flow-http owns, as OkHttp's test rule does: a permit still taken
 * or a caller still queued once the test is over, or a manager thread still alive after its manager
 * closed. Every flow-http test class that makes a manager registers it and creates its managers
 * through it:
 *
 * <pre>{@code
 * @RegisterExtension final LeakCheck leaks = new LeakCheck();
 * ...
 * HttpClientManager manager = leaks.manager(b -> b.scheduler(scheduler));
 * }</pre>
 *
 * <p>After each test it checks the permits of every service of every manager it made, whether or
 * not the test closed that manager (closing does not hand back a permit an attempt never released),
 * closes those managers (closing twice is harmless), then waits for every {@code asyncflow-http-}
 * thread started during the test to end, whoever made its manager. Each of the two waits is
 * bounded; nothing here sleeps for a fixed time.
 *
 * <p>Public, with public methods, so that the tests of {@code dev.asyncflow.http.internal} and of
 * the modules built on flow-http (through flow-http's test jar) can use it too. Thread-safe: a test
 * may create managers from any thread.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
  /** The name prefix of every thread a manager starts. */
  public static final String THREAD_PREFIX = "asyncflow-http-";

  private final Duration bound;
  private final List<HttpClientManager> managers = new ArrayList<>();
  private volatile Set<Thread> threadsBefore = Set.of();

  /** Creates a check that waits up to 10 seconds for permits and for threads. */
  public LeakCheck() {
    this(Duration.ofSeconds(10));
  }

  /** Creates a check with a shorter bound, for tests of the check itself. */
  public LeakCheck(Duration bound) {
    this.bound = bound;
  }

  /**
   * Returns a new manager with default settings, checked after the test.
   *
   * @return the manager
   */
  public HttpClientManager manager() {
    return track(HttpClientManager.create());
  }

  /**
   * Returns a new manager built with {@code settings}, checked after the test.
   *
   * @param settings applied to a fresh builder
   * @return the manager
   */
  public HttpClientManager manager(UnaryOperator<HttpClientManager.Builder> settings) {
    return track(settings.apply(HttpClientManager.builder()).build());
  }

  /**
   * Checks {@code manager} after the test, as if it had been made here.
   *
   * @param manager a manager the test built itself
   * @return {@code manager}
   */
  public HttpClientManager track(HttpClientManager manager) {
    synchronized (managers) {
      managers.add(manager);
    }
    return manager;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    threadsBefore = libraryThreads();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<HttpClientManager> made = takeManagers();
    List<String> leaks = new ArrayList<>();
    try {
      leaks.addAll(permitLeaks(made, deadline()));
    } finally {
      made.forEach(HttpClientManager::close);
    }
    leaks.addAll(threadLeaks(deadline()));
    if (!leaks.isEmpty()) {
      throw new AssertionError("the test leaked: " + String.join("; ", leaks));
    }
  }

  private List<HttpClientManager> takeManagers() {
    synchronized (managers) {
      List<HttpClientManager> made = List.copyOf(managers);
      managers.clear();
      return made;
    }
  }

  private long deadline() {
    return System.nanoTime() + bound.toNanos();
  }

  /** Services whose permits are not all back by {@code deadline}, one line each. */
  private static List<String> permitLeaks(List<HttpClientManager> made, long deadline) {
    List<String> leaks = new ArrayList<>();
    for (HttpClientManager manager : made) {
      for (ServiceClient client : manager.services()) {
        ServiceStats stats = awaitSettled(client, deadline);
        if (!settled(stats)) {
          leaks.add(
              "service "
                  + stats.service()
                  + " still holds "
                  + stats.inFlight()
                  + " permit(s) with "
                  + stats.queued()
                  + " caller(s) queued");
        }
      }
    }
    return leaks;
  }

  private static ServiceStats awaitSettled(ServiceClient client, long deadline) {
    ServiceStats stats = client.stats();
    while (!settled(stats) && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
      stats = client.stats();
    }
    return stats;
  }

  private static boolean settled(ServiceStats stats) {
    return stats.inFlight() == 0 && stats.queued() == 0;
  }

  /** Library threads started during the test that are still alive at {@code deadline}. */
  private List<String> threadLeaks(long deadline) {
    List<String> alive = new ArrayList<>();
    for (Thread thread : libraryThreads()) {
      if (threadsBefore.contains(thread)) {
        continue;
      }
      try {
        TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + thread.getName(), e);
      }
      if (thread.isAlive()) {
        alive.add("thread " + thread.getName() + " is still alive (was its manager closed?)");
      }
    }
    alive.sort(null);
    return alive;
  }

  private static Set<Thread> libraryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(THREAD_PREFIX))
        .collect(Collectors.toSet());
  }
}
