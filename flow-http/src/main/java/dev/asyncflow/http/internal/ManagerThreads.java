package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpScheduler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The threads a manager owns: a fixed worker pool and one timer thread, all named daemons. Every
 * thread created is recorded, so that closing can wait until each has really ended (an executor
 * reports itself terminated a moment before its last thread exits). Thread-safe.
 */
public final class ManagerThreads {
  private static final System.Logger LOG = System.getLogger(ManagerThreads.class.getName());

  /** The text of the common-pool warning; it says what the application can do. */
  static final String COMMON_POOL_WARNING =
      "CompletableFuture's default executor starts a new thread per task on this JVM (the common"
          + " pool's parallelism is "
          + ForkJoinPool.getCommonPoolParallelism()
          + "), and the JDK HttpClient hands it every response, so each response costs a"
          + " short-lived thread. The application (a library cannot) avoids this by setting the"
          + " system property java.util.concurrent.ForkJoinPool.common.parallelism to 2 or more"
          + " before anything touches the common pool: start the JVM with"
          + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=8, or call"
          + " System.setProperty(\"java.util.concurrent.ForkJoinPool.common.parallelism\", \"8\")"
          + " first thing in main. Later JDKs use a pool regardless. Logged once per JVM.";

  /**
   * Whether this JVM has already logged {@link #COMMON_POOL_WARNING}. The library's one mutable
   * static, and an acceptable one: the condition it reports is itself JVM-wide (the common pool is
   * created once and its parallelism never changes), so a per-manager flag would only repeat the
   * same warning, and the flag holds no configuration or state any caller depends on.
   */
  private static final AtomicBoolean COMMON_POOL_WARNED = new AtomicBoolean();

  private final String prefix;
  private final List<Thread> started = new CopyOnWriteArrayList<>();

  /**
   * Creates the factory of one manager's threads.
   *
   * @param prefix the thread name prefix, unique per manager
   */
  public ManagerThreads(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Logs, at most once per JVM, a warning when {@code CompletableFuture}'s default executor starts
   * a thread per task, as on JDK 17 when the common pool has fewer than two threads (machines with
   * one or two processors). The JDK client hands every response of {@code sendAsync} to that
   * executor, so each response then costs a short-lived thread that no library can avoid; only the
   * application can, by setting the common pool's parallelism before anything uses the pool.
   */
  public static void warnIfTheJdkStartsAThreadPerResponse() {
    warnOnce(ManagerThreads::defaultExecutorStartsAThreadPerTask, COMMON_POOL_WARNED);
  }

  /**
   * Logs {@link #COMMON_POOL_WARNING} if {@code condition} holds and {@code warned} was not yet
   * set, and sets it.
   *
   * @param condition whether the JVM starts a thread per response
   * @param warned the once-only flag
   * @return true if it logged
   */
  static boolean warnOnce(BooleanSupplier condition, AtomicBoolean warned) {
    if (warned.get() || !condition.getAsBoolean() || !warned.compareAndSet(false, true)) {
      return false;
    }
    LOG.log(Level.WARNING, COMMON_POOL_WARNING);
    return true;
  }

  private static boolean defaultExecutorStartsAThreadPerTask() {
    return !(new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool);
  }

  /**
   * Creates the fixed worker pool. Its queue is unbounded and it never rejects while running (a
   * rejected task would break the JDK client); after shutdown a late task is dropped and logged.
   *
   * @param threads the pool size
   * @return the pool
   */
  public ExecutorService workers(int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0L,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemons(prefix + "-worker-", true),
            (task, executor) ->
                LOG.log(Level.DEBUG, "dropped a task submitted after the manager closed"));
    pool.prestartAllCoreThreads();
    return pool;
  }

  /**
   * Creates the scheduler's thread.
   *
   * @return the scheduler, owning one thread
   */
  public OwnedScheduler scheduler() {
    return new OwnedScheduler(daemons(prefix + "-timer-", false));
  }

  /**
   * Waits until every thread created so far has ended, for at most {@code wait} in all.
   *
   * @param wait the longest wait
   * @throws InterruptedException if interrupted while waiting
   */
  public void joinAll(Duration wait) throws InterruptedException {
    long end = System.nanoTime() + Checks.saturatedNanos(wait);
    for (Thread thread : started) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedJoin(thread, left);
    }
  }

  /**
   * Returns whether the calling thread is one of this manager's workers.
   *
   * @return true on a worker thread
   */
  public boolean onWorker() {
    return Thread.currentThread() instanceof OwnedThread owned
        && owned.worker
        && owned.owner == this;
  }

  private ThreadFactory daemons(String namePrefix, boolean workers) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new OwnedThread(task, namePrefix + count.incrementAndGet(), this, workers);
      thread.setDaemon(true);
      started.add(thread);
      return thread;
    };
  }

  /** A thread that knows its manager, so work already on a worker need not hop again. */
  private static final class OwnedThread extends Thread {
    private final ManagerThreads owner;
    private final boolean worker;

    OwnedThread(Runnable task, String name, ManagerThreads owner, boolean worker) {
      super(task, name);
      this.owner = owner;
      this.worker = worker;
    }
  }

  /** An {@link HttpScheduler} on one daemon thread, with system time. Thread-safe. */
  public static final class OwnedScheduler implements HttpScheduler {
    private final ScheduledThreadPoolExecutor executor;

    private OwnedScheduler(ThreadFactory threads) {
      executor = new ScheduledThreadPoolExecutor(1, threads);
      executor.setRemoveOnCancelPolicy(true);
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      try {
        ScheduledFuture<?> future =
            executor.schedule(
                task, Math.max(0L, Checks.saturatedNanos(delay)), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException closed) {
        LOG.log(Level.DEBUG, "dropped a timer task scheduled after the manager closed");
        return () -> {};
      }
    }

    /**
     * Stops the thread, dropping pending tasks, and waits for it to end.
     *
     * @param wait the longest wait
     * @throws InterruptedException if interrupted while waiting
     */
    public void shutdown(Duration wait) throws InterruptedException {
      executor.shutdownNow();
      executor.awaitTermination(Checks.saturatedNanos(wait), TimeUnit.NANOSECONDS);
    }
  }
}
