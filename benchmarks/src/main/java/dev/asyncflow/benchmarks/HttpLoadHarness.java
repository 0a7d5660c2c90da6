package dev.asyncflow.benchmarks;

import dev.asyncflow.http.CircuitBreakerPolicy;
import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.HttpRetryPolicy;
import dev.asyncflow.http.ServiceClient;
import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import dev.asyncflow.http.ServiceResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A load test of flow-http's {@link ServiceClient} against {@link LoopbackHttpServer} running in a
 * separate JVM on the same machine (same java binary, same class path), so that the CPU time this
 * process spends is the client's alone.
 *
 * <p>For each concurrency level it creates one {@link HttpClientManager} with one {@link
 * ServiceClient} ({@code maxConcurrency} = the level, {@code maxQueued} large, no retries, breaker
 * disabled), warms it up, then sends {@code --requests} {@code GET /studies?query.term=...} calls
 * keeping exactly {@code level} of them in flight, and closes the manager. The loop is
 * non-blocking: each completion starts the next call (on whatever thread completed it), and the
 * main thread only waits for the final future. The same is done with the bare JDK {@link
 * HttpClient} configured as flow-http configures it (HTTP/1.1, a fixed executor of the manager's
 * default size, {@code sendAsync} with a byte-array body), as the baseline of what flow-http adds.
 * Before any measurement every client is warmed up once ({@code --warmup} calls at the largest
 * level), so that the first one measured does not pay for compiling the JDK client code both share.
 *
 * <p>Per client and level it prints the wall time, throughput, this process's CPU time per request
 * (deltas of {@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}) and its split by
 * thread group, the server process's CPU time per request, the peak live thread count ({@link
 * ThreadMXBean#getPeakThreadCount()} after {@link ThreadMXBean#resetPeakThreadCount()}), the live
 * {@code asyncflow-http-*} and JDK {@code HttpClient-*} threads at the end, the latency percentiles
 * of the measured calls, the number of garbage collections, the bytes allocated per request by the
 * threads alive at the end ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) and
 * the errors.
 *
 * <p>Arguments (all optional): {@code --requests N} (measured calls per level, default 20000),
 * {@code --warmup N} (calls per level before measuring, default 10000), {@code --concurrency
 * 1,1000}, {@code --clients flow,jdk}, {@code --latency-ms N} (the server's delay per response,
 * default 0), {@code --server-threads N} (default 4), {@code --port N} (use a server already
 * running instead of starting one).
 *
 * <p>With {@code --isolated} every client runs in a JVM of its own instead, the clients alternating
 * (default order {@code jdk,flow}) for {@code --rounds N} rounds (default 3), and the harness
 * prints each round's figures, their medians and means and the ratio of each client to the first
 * (see {@link IsolatedRounds}); there a client may also be {@code flow@JAR}, flow-http as built in
 * another jar (with this harness in it). {@code --jfr DIR} records each child with JFR into {@code
 * DIR/<client>-round<N>.jfr}, with the settings {@code --jfr-settings} names (default {@code
 * profile}; a {@code .jfc} file made by {@code jfr configure} samples more often). {@code --child}
 * is what the isolated mode passes its children: it adds one machine-readable line per level to the
 * output.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.asyncflow.benchmarks.HttpLoadHarness \
 *     --requests 20000 --concurrency 1,1000 --latency-ms 0
 * java -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
 *     -cp benchmarks/target/benchmarks.jar dev.asyncflow.benchmarks.HttpLoadHarness \
 *     --isolated --rounds 4 --requests 10000 --warmup 4000 --concurrency 1000 --latency-ms 200
 * }</pre>
 */
public final class HttpLoadHarness {
  private static final Duration WAIT_PER_LEVEL = Duration.ofMinutes(5);

  private final Options options;
  private final URI baseUri;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final @Nullable ProcessHandle server;

  private HttpLoadHarness(Options options, int port, @Nullable ProcessHandle server) {
    this.options = options;
    this.baseUri = URI.create("http://127.0.0.1:" + port + "/");
    this.server = server;
  }

  /**
   * Runs the load test and prints one result block per concurrency level.
   *
   * @param args see the class description
   * @throws Exception if the server cannot be started or a level does not finish in time
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.isolated) {
      new IsolatedRounds(options).run();
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "flow-http load: java %s (%s), %d CPUs, requests=%d warmup=%d concurrency=%s"
            + " latency=%d ms%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        options.requests,
        options.warmup,
        options.levels,
        options.latencyMillis);
    @Nullable Process server = options.port > 0 ? null : startServer(options);
    try {
      int port = server == null ? options.port : readPort(server);
      HttpLoadHarness harness =
          new HttpLoadHarness(options, port, server == null ? null : server.toHandle());
      int widest = options.levels.stream().max(Integer::compare).orElse(1);
      for (String client : options.clients) {
        harness.runLevel(client, widest, 0);
      }
      for (String client : options.clients) {
        for (int level : options.levels) {
          LevelResult result = harness.runLevel(client, level, options.requests);
          result.print();
          if (options.child) {
            System.out.println(result.line());
          }
        }
      }
    } finally {
      if (server != null) {
        server.getOutputStream().close();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  /** Starts the server with the same java binary and class path as this process. */
  private static Process startServer(Options options) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xms256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LoopbackHttpServer.class.getName());
    command.add("--latency-ms");
    command.add(Long.toString(options.latencyMillis));
    command.add("--threads");
    command.add(Integer.toString(options.serverThreads));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  private static int readPort(Process server) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = lines.readLine();
    if (first == null) {
      throw new IOException("the loopback server ended without printing its port");
    }
    return Integer.parseInt(first.trim());
  }

  private LevelResult runLevel(String client, int level, int requests) throws Exception {
    if ("jdk".equals(client)) {
      return runJdkLevel(level, requests);
    }
    ServiceConfig config =
        ServiceConfig.builder("loopback-c" + level, baseUri)
            .maxConcurrency(level)
            .maxQueued(Math.max(1000, 10 * level))
            .retryPolicy(HttpRetryPolicy.none())
            .circuitBreaker(CircuitBreakerPolicy.disabled())
            .build();
    try (HttpClientManager manager = HttpClientManager.create()) {
      ServiceClient service = manager.client(config);
      return measure(
          "flow-http",
          level,
          requests,
          index -> service.send(flowRequest(index)).thenApply(ServiceResponse::status));
    }
  }

  /**
   * The baseline: the JDK client alone, configured as flow-http configures it (HTTP/1.1, a fixed
   * executor of the manager's default size), sending the same requests with {@code sendAsync}.
   */
  private LevelResult runJdkLevel(int level, int requests) throws Exception {
    int workers = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService executor = Executors.newFixedThreadPool(workers);
    try {
      HttpClient jdk =
          HttpClient.newBuilder()
              .executor(executor)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      return measure(
          "jdk",
          level,
          requests,
          index ->
              jdk.sendAsync(jdkRequest(index), HttpResponse.BodyHandlers.ofByteArray())
                  .thenApply(HttpResponse::statusCode));
    } finally {
      executor.shutdownNow();
    }
  }

  private LevelResult measure(
      String client, int level, int requests, IntFunction<CompletableFuture<Integer>> call)
      throws Exception {
    // Warm-up: JIT, and the level's connections opened and kept alive.
    new Load(call, options.warmup, level).run().get(WAIT_PER_LEVEL.toSeconds(), TimeUnit.SECONDS);

    long gcBefore = gcCount();
    threads.resetPeakThreadCount();
    long serverCpuBefore = serverCpuNanos();
    Map<Long, Long> threadCpuBefore = threadCpu();
    Map<Long, Long> allocatedBefore = allocated();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    Load load = new Load(call, requests, level);
    load.run().get(WAIT_PER_LEVEL.toSeconds(), TimeUnit.SECONDS);
    long wallNanos = System.nanoTime() - start;
    long cpuNanos = os.getProcessCpuTime() - cpuBefore;
    String cpuByThread = cpuByThread(threadCpuBefore, cpuNanos, Math.max(1, requests));
    long allocatedBytes = allocatedSince(allocatedBefore);
    long serverCpuNanos = serverCpuNanos() - serverCpuBefore;
    int peakThreads = threads.getPeakThreadCount();
    return new LevelResult(
        client,
        level,
        requests,
        wallNanos,
        cpuNanos,
        serverCpuBefore < 0 ? -1 : serverCpuNanos,
        peakThreads,
        threads.getThreadCount(),
        liveThreads("asyncflow-http-"),
        liveThreads("HttpClient-"),
        load.errors.sum(),
        load.firstError,
        gcCount() - gcBefore,
        load.latencyMillis(),
        cpuByThread,
        allocatedBytes);
  }

  /** The bytes allocated so far by every live thread, by thread id. */
  private Map<Long, Long> allocated() {
    Map<Long, Long> bytes = new HashMap<>();
    if (threads instanceof com.sun.management.ThreadMXBean counting) {
      for (long id : threads.getAllThreadIds()) {
        long allocated = counting.getThreadAllocatedBytes(id);
        if (allocated >= 0) {
          bytes.put(id, allocated);
        }
      }
    }
    return bytes;
  }

  /**
   * The bytes allocated since {@code before} by the threads alive now (what threads that ended
   * meanwhile allocated is not counted), or -1 where the JVM does not count them.
   */
  private long allocatedSince(Map<Long, Long> before) {
    Map<Long, Long> now = allocated();
    if (now.isEmpty()) {
      return -1;
    }
    long sum = 0;
    for (Map.Entry<Long, Long> thread : now.entrySet()) {
      sum += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
    }
    return sum;
  }

  /** The CPU time of every live thread, by thread id. */
  private Map<Long, Long> threadCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      if (nanos >= 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }

  /**
   * The CPU time per request spent since {@code before} by the Java threads still alive, grouped by
   * name; the rest of the process's CPU time ({@code jvm+ended}) went to the JVM's own threads
   * (garbage collector, JIT compilers), which are not Java threads, and to threads that ended.
   */
  private String cpuByThread(Map<Long, Long> before, long processNanos, int requests) {
    Map<String, Long> groups = new TreeMap<>();
    long seen = 0;
    for (Map.Entry<Long, Long> now : threadCpu().entrySet()) {
      java.lang.management.ThreadInfo info = threads.getThreadInfo(now.getKey());
      if (info == null) {
        continue;
      }
      long delta = now.getValue() - before.getOrDefault(now.getKey(), 0L);
      seen += delta;
      groups.merge(groupOf(info.getThreadName()), delta, Long::sum);
    }
    groups.merge("jvm+ended", Math.max(0, processNanos - seen), Long::sum);
    StringBuilder text = new StringBuilder();
    groups.entrySet().stream()
        .filter(group -> group.getValue() * 100 >= processNanos) // 1 % or more
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            group ->
                text.append(text.length() == 0 ? "" : ", ")
                    .append(group.getKey())
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", group.getValue() / 1e3 / requests)));
    return text.toString();
  }

  private static String groupOf(String name) {
    if (name.startsWith("asyncflow-http-")) {
      return name.contains("-worker-") ? "asyncflow-workers" : "asyncflow-timer";
    }
    if (name.startsWith("HttpClient-")) {
      return name.endsWith("SelectorManager") ? "jdk-selector" : "jdk-client";
    }
    if (name.startsWith("ForkJoinPool.commonPool")) {
      return "common-pool";
    }
    if (name.startsWith("pool-")) {
      return "jdk-baseline-executor";
    }
    return name.equals("main") ? "main" : "other";
  }

  private long serverCpuNanos() {
    if (server == null) {
      return -1;
    }
    Optional<Duration> cpu = server.info().totalCpuDuration();
    return cpu.map(Duration::toNanos).orElse(-1L);
  }

  private static ServiceRequest flowRequest(int index) {
    return ServiceRequest.get("studies")
        .query("query.term", "EGFR")
        .query("pageToken", Integer.toString(index))
        .build();
  }

  private HttpRequest jdkRequest(int index) {
    return HttpRequest.newBuilder(
            baseUri.resolve("studies?query.term=EGFR&pageToken=" + Integer.toString(index)))
        .header("Accept-Encoding", "gzip")
        .GET()
        .build();
  }

  private static long gcCount() {
    long count = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
    }
    return count;
  }

  private static int liveThreads(String prefix) {
    int count = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith(prefix)) {
        count++;
      }
    }
    return count;
  }

  /**
   * {@code total} calls with {@code concurrency} in flight: {@code concurrency} lanes, each of
   * which starts its next call when its current one completes, until all calls have been started.
   */
  private static final class Load {
    private final IntFunction<CompletableFuture<Integer>> call;
    private final int total;
    private final int concurrency;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final LongAdder errors = new LongAdder();
    private final long[] latencyNanos;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile String firstError = "";

    Load(IntFunction<CompletableFuture<Integer>> call, int total, int concurrency) {
      this.call = call;
      this.total = total;
      this.concurrency = concurrency;
      this.latencyNanos = new long[total];
    }

    CompletableFuture<Void> run() {
      if (total == 0) {
        done.complete(null);
      }
      for (int lane = 0; lane < Math.min(concurrency, total); lane++) {
        next();
      }
      return done;
    }

    /** Starts calls until one is still pending; its completion continues the lane. */
    private void next() {
      int index;
      while ((index = started.getAndIncrement()) < total) {
        int slot = index;
        long start = System.nanoTime();
        CompletableFuture<Integer> status = call.apply(index);
        if (!status.isDone()) {
          status.whenComplete(
              (code, failure) -> {
                record(slot, start, code, failure);
                next();
              });
          return;
        }
        status.handle((code, failure) -> record(slot, start, code, failure));
      }
    }

    private @Nullable Void record(
        int slot, long start, @Nullable Integer status, @Nullable Throwable failure) {
      latencyNanos[slot] = System.nanoTime() - start;
      if (failure != null || status == null || status != 200) {
        errors.increment();
        if (firstError.isEmpty()) {
          firstError = failure == null ? "status " + status : failure.toString();
        }
      }
      if (finished.incrementAndGet() == total) {
        done.complete(null);
      }
      return null;
    }

    /** Returns p50, p99 and max of the calls' latencies in milliseconds, once all are done. */
    double[] latencyMillis() {
      long[] sorted = latencyNanos.clone();
      Arrays.sort(sorted);
      if (sorted.length == 0) {
        return new double[3];
      }
      return new double[] {
        sorted[(int) Math.ceil(0.50 * sorted.length) - 1] / 1e6,
        sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6,
        sorted[sorted.length - 1] / 1e6
      };
    }
  }

  /** The figures of one concurrency level. */
  private record LevelResult(
      String client,
      int concurrency,
      int requests,
      long wallNanos,
      long cpuNanos,
      long serverCpuNanos,
      int peakThreads,
      int liveThreads,
      int asyncflowThreads,
      int jdkClientThreads,
      long errors,
      String firstError,
      long gcs,
      double[] latencyMillis,
      String cpuByThread,
      long allocatedBytes) {

    void print() {
      double seconds = wallNanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-9s c=%-5d requests %d, wall %.2f s, throughput %.0f req/s, client CPU %.1f µs/req"
              + " (%.2f of %d cores), server CPU %s, peak threads %d (live after %d,"
              + " asyncflow-http-* %d, HttpClient-* %d), latency p50 %.2f ms p99 %.2f ms"
              + " max %.1f ms, GCs %d, allocated %s, errors %d%s%n"
              + "          client CPU µs/req by thread: %s%n",
          client,
          concurrency,
          requests,
          seconds,
          requests / seconds,
          cpuNanos / 1e3 / requests,
          cpuNanos / (double) wallNanos,
          Runtime.getRuntime().availableProcessors(),
          serverCpuNanos < 0
              ? "n/a"
              : String.format(Locale.ROOT, "%.1f µs/req", serverCpuNanos / 1e3 / requests),
          peakThreads,
          liveThreads,
          asyncflowThreads,
          jdkClientThreads,
          latencyMillis[0],
          latencyMillis[1],
          latencyMillis[2],
          gcs,
          allocatedBytes < 0
              ? "n/a"
              : String.format(Locale.ROOT, "%.1f KB/req", allocatedBytes / 1024.0 / requests),
          errors,
          errors == 0 ? "" : " (first: " + firstError + ")",
          cpuByThread);
    }

    /**
     * Returns the figures as one line of {@code key=value} pairs after the word {@code result}, for
     * {@link IsolatedRounds} to collect; {@code by_thread} comes last and takes the rest of the
     * line.
     */
    String line() {
      return String.format(
          Locale.ROOT,
          "result client=%s level=%d requests=%d wall_ns=%d cpu_ns=%d server_cpu_ns=%d"
              + " peak_threads=%d errors=%d gcs=%d allocated_bytes=%d p50_ms=%.2f p99_ms=%.2f"
              + " by_thread=%s",
          client,
          concurrency,
          requests,
          wallNanos,
          cpuNanos,
          serverCpuNanos,
          peakThreads,
          errors,
          gcs,
          allocatedBytes,
          latencyMillis[0],
          latencyMillis[1],
          cpuByThread);
    }
  }

  /**
   * The {@code --isolated} mode: every client in a JVM of its own, the clients alternating, for
   * {@code --rounds} rounds, so that neither one's JIT state, garbage or leftover threads can skew
   * the other's figures (in one JVM, whichever client runs first measured up to 1.4 times dearer).
   * Each child is this harness run with {@code --clients X --child} and the parent's other options,
   * by the same java binary with the same class path and JVM options (so a {@code
   * -Djava.util.concurrent.ForkJoinPool.common.parallelism} given to the parent reaches every
   * child); it starts its own server and prints one {@link LevelResult#line() result line} per
   * level. The parent prints each round's figures, then per level the median and mean client CPU
   * per request and throughput of each client and the ratios of each other client's to the first's.
   * A client written {@code flow@JAR} (or {@code jdk@JAR}) runs from that jar instead, for example
   * an earlier build of flow-http, so that two versions alternate under the same conditions.
   */
  private static final class IsolatedRounds {
    private final Options options;
    private final List<String> jvmOptions =
        ManagementFactory.getRuntimeMXBean().getInputArguments();
    private final Map<String, List<Map<String, String>>> results = new TreeMap<>();

    IsolatedRounds(Options options) {
      this.options = options;
    }

    void run() throws Exception {
      System.out.printf(
          Locale.ROOT,
          "flow-http load, isolated: java %s (%s), %d CPUs, %d rounds of %s, each in its own JVM"
              + " with %s; requests=%d warmup=%d concurrency=%s latency=%d ms%n",
          System.getProperty("java.version"),
          System.getProperty("java.vm.name"),
          Runtime.getRuntime().availableProcessors(),
          options.rounds,
          String.join(", ", options.clients),
          jvmOptions.isEmpty() ? "no JVM options" : "JVM options " + String.join(" ", jvmOptions),
          options.requests,
          options.warmup,
          options.levels,
          options.latencyMillis);
      for (int round = 1; round <= options.rounds; round++) {
        for (String client : options.clients) {
          for (Map<String, String> result : runChild(client, round)) {
            result.put("label", client);
            printRound(round, result);
            results
                .computeIfAbsent(
                    String.format(Locale.ROOT, "%6s", result.get("level")),
                    key -> new ArrayList<>())
                .add(result);
          }
        }
      }
      results.forEach((level, levelResults) -> printSummary(level.trim(), levelResults));
    }

    private List<Map<String, String>> runChild(String client, int round) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      if (options.jfrDirectory != null) {
        String name = client.replaceAll("[^A-Za-z0-9.-]+", "_");
        Path recording = Path.of(options.jfrDirectory, name + "-round" + round + ".jfr");
        command.add(
            "-XX:StartFlightRecording=settings=" + options.jfrSettings + ",filename=" + recording);
      }
      int at = client.indexOf('@');
      command.add("-cp");
      command.add(at < 0 ? System.getProperty("java.class.path") : client.substring(at + 1));
      command.add(HttpLoadHarness.class.getName());
      command.addAll(options.childArguments(at < 0 ? client : client.substring(0, at)));
      Process child =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.INHERIT)
              .start();
      List<Map<String, String>> found = new ArrayList<>();
      List<String> output = new ArrayList<>();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          if (line.startsWith("result ")) {
            found.add(parse(line));
          }
        }
      }
      int exit = child.waitFor();
      if (exit != 0 || found.size() != options.levels.size()) {
        throw new IOException(
            "the "
                + client
                + " child of round "
                + round
                + " exited with "
                + exit
                + " after printing:\n"
                + String.join("\n", output));
      }
      return found;
    }

    private static Map<String, String> parse(String line) {
      Map<String, String> fields = new HashMap<>();
      String rest = line.substring("result ".length());
      while (!rest.isEmpty()) {
        int equals = rest.indexOf('=');
        String key = rest.substring(0, equals);
        int space = rest.indexOf(' ', equals);
        if (key.equals("by_thread") || space < 0) {
          fields.put(key, rest.substring(equals + 1));
          break;
        }
        fields.put(key, rest.substring(equals + 1, space));
        rest = rest.substring(space + 1);
      }
      return fields;
    }

    private static void printRound(int round, Map<String, String> result) {
      System.out.printf(
          Locale.ROOT,
          "round %d %-9s c=%-5s %,8.0f req/s, client CPU %6.1f µs/req, server CPU %5.1f µs/req,"
              + " peak threads %s, latency p50 %s ms p99 %s ms, GCs %s, allocated %s, errors %s%n"
              + "          client CPU µs/req by thread: %s%n",
          round,
          result.get("label"),
          result.get("level"),
          throughput(result),
          cpuPerRequest(result),
          number(result, "server_cpu_ns") / 1e3 / number(result, "requests"),
          result.get("peak_threads"),
          result.get("p50_ms"),
          result.get("p99_ms"),
          result.get("gcs"),
          result.containsKey("allocated_bytes")
              ? String.format(
                  Locale.ROOT,
                  "%.1f KB/req",
                  number(result, "allocated_bytes") / 1024 / number(result, "requests"))
              : "n/a",
          result.get("errors"),
          result.get("by_thread"));
    }

    private void printSummary(String level, List<Map<String, String>> levelResults) {
      System.out.printf(Locale.ROOT, "summary c=%s, %d rounds:%n", level, options.rounds);
      Map<String, double[]> cpu = new HashMap<>();
      Map<String, double[]> rate = new HashMap<>();
      for (String client : options.clients) {
        List<Map<String, String>> runs =
            levelResults.stream().filter(result -> client.equals(result.get("label"))).toList();
        cpu.put(client, runs.stream().mapToDouble(IsolatedRounds::cpuPerRequest).toArray());
        rate.put(client, runs.stream().mapToDouble(IsolatedRounds::throughput).toArray());
        System.out.printf(
            Locale.ROOT,
            "  %-9s client CPU µs/req %s: median %.1f, mean %.1f; throughput req/s %s: median"
                + " %.0f, mean %.0f%n",
            client,
            joined(cpu.get(client), "%.1f"),
            median(cpu.get(client)),
            mean(cpu.get(client)),
            joined(rate.get(client), "%.0f"),
            median(rate.get(client)),
            mean(rate.get(client)));
      }
      String first = options.clients.get(0);
      for (String other : options.clients.subList(1, options.clients.size())) {
        System.out.printf(
            Locale.ROOT,
            "  %s/%s: client CPU per request, median %.3f, mean %.3f (by round %s);"
                + " throughput, median %.3f, mean %.3f%n",
            other,
            first,
            median(cpu.get(other)) / median(cpu.get(first)),
            mean(cpu.get(other)) / mean(cpu.get(first)),
            joined(ratios(cpu.get(other), cpu.get(first)), "%.3f"),
            median(rate.get(other)) / median(rate.get(first)),
            mean(rate.get(other)) / mean(rate.get(first)));
      }
    }

    private static double number(Map<String, String> result, String key) {
      return Double.parseDouble(Objects.requireNonNull(result.get(key), key));
    }

    private static double cpuPerRequest(Map<String, String> result) {
      return number(result, "cpu_ns") / 1e3 / number(result, "requests");
    }

    private static double throughput(Map<String, String> result) {
      return number(result, "requests") / (number(result, "wall_ns") / 1e9);
    }

    private static double[] ratios(double[] numerators, double[] denominators) {
      double[] ratios = new double[Math.min(numerators.length, denominators.length)];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = numerators[i] / denominators[i];
      }
      return ratios;
    }

    private static double median(double[] values) {
      if (values.length == 0) {
        return Double.NaN;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int middle = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double mean(double[] values) {
      return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static String joined(double[] values, String format) {
      StringBuilder text = new StringBuilder();
      for (double value : values) {
        text.append(text.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, format, value));
      }
      return text.toString();
    }
  }

  /** The command-line options. */
  private static final class Options {
    int requests = 20_000;
    int warmup = 10_000;
    List<Integer> levels = List.of(1, 1000);
    @Nullable List<String> clientsGiven;
    List<String> clients = List.of("flow", "jdk");
    long latencyMillis;
    int serverThreads = 4;
    int port;
    boolean isolated;
    int rounds = 3;
    @Nullable String jfrDirectory;
    String jfrSettings = "profile";
    boolean child;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--isolated" -> options.isolated = true;
          case "--child" -> options.child = true;
          default -> options.set(args[i], valueAfter(args, i++));
        }
      }
      List<String> given = options.clientsGiven;
      if (given != null && !options.isolated && String.join(",", given).contains("@")) {
        throw new IllegalArgumentException("a client from another jar (@) needs --isolated");
      }
      if (given != null) {
        options.clients = given;
      } else if (options.isolated) {
        options.clients = List.of("jdk", "flow");
      }
      return options;
    }

    private static String valueAfter(String[] args, int i) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      return args[i + 1];
    }

    private void set(String name, String value) {
      switch (name) {
        case "--requests" -> requests = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--concurrency" -> levels = parseLevels(value);
        case "--clients" -> clientsGiven = parseClients(value);
        case "--latency-ms" -> latencyMillis = Long.parseLong(value);
        case "--server-threads" -> serverThreads = Integer.parseInt(value);
        case "--port" -> port = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--jfr" -> jfrDirectory = value;
        case "--jfr-settings" -> jfrSettings = value;
        default -> throw new IllegalArgumentException("unknown argument " + name);
      }
    }

    /** The arguments of an isolated child that runs {@code client} alone. */
    List<String> childArguments(String client) {
      List<String> arguments = new ArrayList<>();
      arguments.addAll(List.of("--requests", Integer.toString(requests)));
      arguments.addAll(List.of("--warmup", Integer.toString(warmup)));
      arguments.addAll(
          List.of(
              "--concurrency", String.join(",", levels.stream().map(String::valueOf).toList())));
      arguments.addAll(List.of("--latency-ms", Long.toString(latencyMillis)));
      arguments.addAll(List.of("--server-threads", Integer.toString(serverThreads)));
      if (port > 0) {
        arguments.addAll(List.of("--port", Integer.toString(port)));
      }
      arguments.addAll(List.of("--clients", client, "--child"));
      return arguments;
    }

    private static List<String> parseClients(String value) {
      List<String> clients = List.of(value.split(",", -1));
      for (String client : clients) {
        String kind = client.replaceFirst("@.*", "");
        if (!kind.equals("flow") && !kind.equals("jdk")) {
          throw new IllegalArgumentException(
              "--clients takes flow and/or jdk (flow@JAR in --isolated mode), not " + client);
        }
      }
      return clients;
    }

    private static List<Integer> parseLevels(String value) {
      List<Integer> levels = new ArrayList<>();
      for (String level : value.split(",", -1)) {
        levels.add(Integer.parseInt(level.trim()));
      }
      return List.copyOf(levels);
    }
  }
}
