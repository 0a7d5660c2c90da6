package dev.asyncflow.examples.runtime;

/**
 * The JVM settings the example programs choose for themselves, as applications may (a library never
 * does).
 *
 * <p>On a machine with 2 CPUs or fewer the common pool's parallelism is 1, and JDK 17's {@code
 * CompletableFuture} then starts a new thread for every async task; the JDK HTTP client completes
 * every response that way. {@link #tuneCommonPool()} raises the parallelism to 2 before anything
 * touches the pool.
 */
public final class JvmTuning {
  /** The system property the common pool reads once, when it is first used. */
  public static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  private JvmTuning() {}

  /**
   * Sets the common pool's parallelism to 2 on a machine with 2 CPUs or fewer, unless the command
   * line set it. Call it first in {@code main}: it has no effect once the pool exists. Not
   * thread-safe; call it once, before starting threads.
   */
  public static void tuneCommonPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }
}
