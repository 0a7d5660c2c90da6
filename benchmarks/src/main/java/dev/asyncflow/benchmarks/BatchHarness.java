package dev.asyncflow.benchmarks;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.BatchOutcome;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.StudyQuery;
import dev.asyncflow.trials.TrialsBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The batch load harness: runs {@link TrialsBatch} over a file of mutations against a
 * ClinicalTrials.gov-compatible server and prints one JSON line of figures.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar batch --ctgov-url URL --mutations FILE \
 *     --concurrency N [--page-size 10]
 * {"n":..,"ok":..,"failed":..,"studies":..,"wall_s":..,"cpu_s":..,"rss_mb":..,"threads_peak":..}
 * </pre>
 *
 * <p>{@code URL} is the server's root (the API under {@code /api/v2/}). Each mutation (one per
 * line; blank lines and lines starting with {@code #} skipped) fetches its first page of {@code
 * page-size} studies in plain {@code query.term} mode, at most {@code N} at once, with no rate
 * limit and the client's default retries. {@code studies} counts the studies received; {@code
 * wall_s} is the time since the JVM started, {@code cpu_s} the whole process's CPU time, {@code
 * rss_mb} its peak resident set ({@code VmHWM}), {@code threads_peak} the peak number of live Java
 * threads. The first failures are described on standard error. Exit code 0 after a run (whatever
 * failed), 2 for bad usage.
 *
 * <p>As an application it tunes its own JVM: on a machine with 2 CPUs or fewer the common pool's
 * parallelism is 1, and JDK 17's {@code CompletableFuture} then starts a thread per async task (the
 * JDK HTTP client completes every response that way), so it raises the parallelism to 2 before
 * anything touches the pool, unless the command line set it.
 */
final class BatchHarness {
  private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private static final int FAILURES_SHOWN = 5;
  private static final String USAGE =
      "usage: java -jar benchmarks.jar batch --ctgov-url URL --mutations FILE --concurrency N"
          + " [--page-size 10]";

  private final PrintStream err = System.err;
  private int ok;
  private int failed;
  private long studies;

  private BatchHarness() {}

  /** The parsed command line. */
  private record Options(URI root, Path mutations, int concurrency, int pageSize) {}

  /**
   * Runs the harness.
   *
   * @param args the options after {@code batch}
   * @return the process's exit code
   */
  static int run(String[] args) {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(PARALLELISM, "2");
    }
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    Options options;
    List<String> mutations;
    try {
      options = parse(args);
      mutations = readMutations(options.mutations());
    } catch (IllegalArgumentException | IOException e) {
      return usageError(e.getMessage());
    }
    return new BatchHarness().measure(options, mutations);
  }

  private static int usageError(@Nullable String problem) {
    System.err.println("batch: " + problem);
    System.err.println(USAGE);
    return 2;
  }

  private int measure(Options options, List<String> mutations) {
    try (HttpClientManager http = HttpClientManager.create()) {
      TrialsBatch batch;
      try {
        batch = batch(http, options);
      } catch (IllegalArgumentException e) {
        return usageError(e.getMessage());
      }
      batch.stream(mutations, this::count).join();
      String figures = figures(mutations.size());
      System.out.println(figures);
    }
    return 0;
  }

  private static TrialsBatch batch(HttpClientManager http, Options options) {
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(http)
            .baseUri(options.root())
            .maxPageSize(options.pageSize())
            .configureService(
                service ->
                    service
                        .maxConcurrency(options.concurrency())
                        .maxQueued(Math.max(1000, options.concurrency()))
                        .rateLimit(null))
            .build();
    int pageSize = options.pageSize();
    return TrialsBatch.builder(client)
        .concurrency(options.concurrency())
        .query(m -> StudyQuery.builder().term(m).maxResults(pageSize).countTotal(false).build())
        .build();
  }

  private void count(BatchOutcome outcome) {
    if (outcome instanceof BatchOutcome.Success success) {
      ok++;
      studies += success.studies().size();
    } else if (outcome instanceof BatchOutcome.Failure failure) {
      if (++failed <= FAILURES_SHOWN) {
        err.println("batch: " + failure.input() + ": " + failure.error());
      }
    }
  }

  private String figures(int n) {
    // The JVM's uptime: ProcessHandle's start instant is only as precise as the boot time (1 s).
    double wall = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    int threadsPeak = ManagementFactory.getThreadMXBean().getPeakThreadCount();
    return String.format(
        Locale.ROOT,
        "{\"n\":%d,\"ok\":%d,\"failed\":%d,\"studies\":%d,\"wall_s\":%.3f,\"cpu_s\":%.3f,"
            + "\"rss_mb\":%.1f,\"threads_peak\":%d}",
        n,
        ok,
        failed,
        studies,
        wall,
        cpu.toNanos() / 1e9,
        peakRssMib(),
        threadsPeak);
  }

  /** The peak resident set from {@code /proc/self/status} ({@code VmHWM}), or -1 elsewhere. */
  private static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String kib = line.substring("VmHWM:".length()).replace("kB", "").strip();
          return Long.parseLong(kib) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no figure.
    }
    return -1;
  }

  private static Options parse(String[] args) {
    @Nullable String url = null;
    @Nullable String file = null;
    int concurrency = -1;
    int pageSize = 10;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--ctgov-url" -> url = value;
        case "--mutations" -> file = value;
        case "--concurrency" -> concurrency = positive("--concurrency", value);
        case "--page-size" -> pageSize = positive("--page-size", value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (url == null || file == null || concurrency < 0) {
      throw new IllegalArgumentException("--ctgov-url, --mutations and --concurrency are required");
    }
    if (pageSize > 1000) {
      throw new IllegalArgumentException("--page-size must be at most 1000, was " + pageSize);
    }
    return new Options(root(url), Path.of(file), concurrency, pageSize);
  }

  private static URI root(String url) {
    URI root;
    try {
      root = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ctgov-url is not a URL: " + url, e);
    }
    String scheme = root.getScheme();
    if (root.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("--ctgov-url needs an http(s) URL with a host: " + url);
    }
    return root;
  }

  private static int positive(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(option + " must be a positive integer, was " + value);
  }

  private static List<String> readMutations(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new IOException("cannot read the mutations file " + file + ": " + e, e);
    }
  }
}
