package dev.asyncflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.http.internal.CallRegistry;
import dev.asyncflow.http.internal.Checks;
import dev.asyncflow.http.internal.DefaultServiceClient;
import dev.asyncflow.http.internal.ManagerThreads;
import dev.asyncflow.http.internal.ManagerThreads.OwnedScheduler;
import dev.asyncflow.http.internal.WorkerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP client manager of an application. It owns a small fixed pool of worker threads,
 * shared by every service and given to the JDK clients as their executor, and one timer thread for
 * deadlines, timeouts and waits; all are daemon threads named {@code asyncflow-http-...}. Ask it
 * for one {@link ServiceClient} per remote service with {@link #client(ServiceConfig)}.
 *
 * <pre>{@code
 * try (HttpClientManager http = HttpClientManager.create()) {
 *   ServiceClient ctgov = http.client(
 *       ServiceConfig.builder("ctgov", URI.create("https://clinicaltrials.gov/api/v2/"))
 *           .maxConcurrency(8)
 *           .build());
 *   JsonNode page = ctgov.json(ServiceRequest.get("studies").query("query.term", "EGFR").build())
 *       .join();
 * }
 * }</pre>
 *
 * <p>{@link #close()} refuses new calls, fails callers waiting for a permit, gives running calls
 * the grace period to finish, cancels the rest, shuts down the JDK clients (JDK 21 and later) and
 * ends every thread the manager started.
 *
 * <p>Thread-safe.
 */
public final class HttpClientManager implements AutoCloseable {
  private final ManagerThreads threads;
  private final ExecutorService workers;
  private final @Nullable OwnedScheduler ownedScheduler;
  private final WorkerScheduler workerScheduler;
  private final ObjectMapper mapper;
  private final Duration gracePeriod;
  private final RandomGenerator random;
  private final CallRegistry registry = new CallRegistry();
  private final Map<String, DefaultServiceClient> clients = new LinkedHashMap<>();

  private HttpClientManager(Builder builder) {
    String prefix = "asyncflow-http-" + Integer.toHexString(System.identityHashCode(this));
    ManagerThreads.warnIfTheJdkStartsAThreadPerResponse();
    threads = new ManagerThreads(prefix);
    workers = threads.workers(builder.workerThreads);
    HttpScheduler scheduler = builder.scheduler;
    if (scheduler == null) {
      ownedScheduler = threads.scheduler();
      scheduler = ownedScheduler;
    } else {
      ownedScheduler = null;
    }
    workerScheduler = new WorkerScheduler(scheduler, workers, threads::onWorker);
    mapper = builder.mapper;
    gracePeriod = builder.gracePeriod;
    random = builder.random;
  }

  /**
   * Creates a manager with the default settings of {@link Builder}.
   *
   * @return a new manager
   */
  public static HttpClientManager create() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the client of one service. Each service name may be registered once per manager.
   *
   * @param config the service's configuration
   * @return the client
   * @throws IllegalArgumentException if a service of the same name exists
   * @throws IllegalStateException if the manager is closed
   */
  public ServiceClient client(ServiceConfig config) {
    Objects.requireNonNull(config, "config");
    synchronized (clients) {
      if (registry.isClosed()) {
        throw new IllegalStateException(
            "the HTTP client manager is closed; cannot add service " + config.name());
      }
      if (clients.containsKey(config.name())) {
        throw new IllegalArgumentException(
            "a service named " + config.name() + " is already registered");
      }
      DefaultServiceClient client =
          new DefaultServiceClient(config, workers, workerScheduler, mapper, registry, random);
      clients.put(config.name(), client);
      return client;
    }
  }

  /**
   * Returns the clients of every service registered so far, in registration order: for a status
   * page or health check that reports each service's {@link ServiceClient#stats()}.
   *
   * @return an immutable snapshot
   */
  public List<ServiceClient> services() {
    synchronized (clients) {
      return List.copyOf(clients.values());
    }
  }

  /**
   * Returns whether {@link #close()} has been called.
   *
   * @return true once closing has begun
   */
  public boolean isClosed() {
    return registry.isClosed();
  }

  /**
   * Closes the manager: refuses new calls with {@link ClientClosedException}, fails callers waiting
   * for a permit, waits up to the grace period for running calls, cancels what still runs, shuts
   * down the JDK clients (JDK 21 and later), the worker pool and the timer thread, and waits for
   * those threads to end. This is the only method of the library that blocks; ending the threads
   * may add up to a grace period per step beyond the first. Call it from an application thread, not
   * from a callback on the manager's own threads. Calling it again does nothing.
   */
  @Override
  public void close() {
    List<DefaultServiceClient> services;
    synchronized (clients) {
      if (registry.isClosed()) {
        return;
      }
      registry.close();
      services = new ArrayList<>(clients.values());
    }
    services.forEach(DefaultServiceClient::closeQueue);
    boolean interrupted = false;
    try {
      if (!registry.awaitIdle(gracePeriod)) {
        registry.abortAll();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      registry.abortAll();
    }
    services.forEach(service -> service.shutdownJdkClient(gracePeriod));
    interrupted |= stopThreads();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean stopThreads() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(Checks.saturatedNanos(gracePeriod), TimeUnit.NANOSECONDS)) {
        workers.shutdownNow();
      }
      if (ownedScheduler != null) {
        ownedScheduler.shutdown(gracePeriod);
      }
      threads.joinAll(gracePeriod);
      return false;
    } catch (InterruptedException e) {
      workers.shutdownNow();
      return true;
    }
  }

  @Override
  public String toString() {
    synchronized (clients) {
      return "HttpClientManager{services=" + clients.keySet() + ", closed=" + isClosed() + "}";
    }
  }

  /** Builds an {@link HttpClientManager}. Not thread-safe. */
  public static final class Builder {
    private int workerThreads =
        Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private @Nullable HttpScheduler scheduler;
    private ObjectMapper mapper = new ObjectMapper();
    private Duration gracePeriod = Duration.ofSeconds(5);
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

    private Builder() {}

    /**
     * Sets the size of the worker pool. Workers only run short non-blocking steps and the JDK
     * client's own tasks, so a few serve thousands of concurrent calls. Default: the number of
     * processors, between 2 and 4.
     *
     * @param workerThreads at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder workerThreads(int workerThreads) {
      this.workerThreads = Checks.atLeast(workerThreads, 1, "workerThreads");
      return this;
    }

    /**
     * Replaces the manager's own scheduler (its timer thread), for tests with a manual clock. The
     * manager does not own a scheduler given here and does not stop it.
     *
     * @param scheduler the time source and scheduler
     * @return this builder
     */
    public Builder scheduler(HttpScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the random source of retry jitter ({@link HttpRetryPolicy#delayBefore(int,
     * RandomGenerator)}), which lives beside the scheduler so that tests can make waits exact.
     * Every service of the manager calls it, from many threads at once, so it must be thread-safe
     * (or the calls serialized, as with a manual scheduler). If it throws, the call is not retried:
     * it fails with the attempt's own failure. Default: {@link ThreadLocalRandom}.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the Jackson mapper for JSON bodies and responses. Default: a plain {@code new
     * ObjectMapper()}. The mapper must not be reconfigured after it is given here.
     *
     * @param mapper the mapper
     * @return this builder
     */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * Sets how long {@link #close()} lets running calls finish before cancelling them. Default 5 s.
     *
     * @param gracePeriod zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder shutdownGracePeriod(Duration gracePeriod) {
      this.gracePeriod = Checks.notNegative(gracePeriod, "gracePeriod");
      return this;
    }

    /**
     * Builds the manager and starts its threads.
     *
     * @return a new manager
     */
    public HttpClientManager build() {
      return new HttpClientManager(this);
    }
  }
}
