package dev.asyncflow.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The server side of {@link HttpLoadHarness}: an HTTP/1.1 keep-alive server on an ephemeral
 * loopback port, meant to run in a process of its own so that the client's CPU time can be measured
 * apart from the server's. It answers {@code GET /studies?...} with a fixed JSON body of about 1 KB
 * (status 200, {@code Content-Length}, no compression), {@code GET /api/v2/studies?...} as
 * ClinicalTrials.gov's search does, with a page of {@code pageSize} (default 10) {@linkplain
 * SyntheticStudies synthetic studies} of the request's {@code query.term}, and anything else with
 * 404.
 *
 * <p>It is the JDK's {@link HttpServer} (module {@code jdk.httpserver}): one dispatcher thread
 * accepts connections and reads which of them are ready, a fixed pool runs the handler. With {@code
 * --latency-ms N} (N &gt; 0) the handler returns at once and a single scheduler thread completes
 * the exchange N ms later, so a thousand delayed responses hold no thread each.
 *
 * <p>Arguments: {@code --latency-ms N} (default 0), {@code --threads N} (handler pool, default 4),
 * {@code --body-bytes N} (approximate body size, default 1024). The first line on standard output
 * is the port; the server stops when its standard input is closed (the harness closes it, or dies)
 * or when the process is destroyed.
 */
public final class LoopbackHttpServer {
  /** The path answered with 200. */
  static final String PATH = "/studies";

  /** ClinicalTrials.gov's search path, answered with pages of synthetic studies. */
  static final String CTGOV_SEARCH_PATH = "/api/v2/studies";

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService delays;
  private final long latencyMillis;
  private final byte[] body;

  private LoopbackHttpServer(int threads, long latencyMillis, int bodyBytes) throws IOException {
    this.latencyMillis = latencyMillis;
    this.body = jsonBody(bodyBytes);
    this.handlers = Executors.newFixedThreadPool(threads, daemons("loopback-handler-"));
    this.delays = Executors.newSingleThreadScheduledExecutor(daemons("loopback-delay-"));
    // A backlog above the largest concurrency, so that 1,000 simultaneous connects are not refused.
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /**
   * Starts the server, prints its port on the first line of standard output and serves until
   * standard input is closed.
   *
   * @param args {@code --latency-ms N}, {@code --threads N}, {@code --body-bytes N}
   * @throws IOException if the server cannot bind
   */
  public static void main(String[] args) throws IOException {
    // Read once by HttpServer's configuration class, so they must be set before the server exists.
    // 200 idle keep-alive connections by default: the rest would be closed after each response.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
    // Without TCP_NODELAY the headers and the body go out as two segments and Nagle's algorithm
    // meets the client's delayed ACK: 40 ms per response.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    long latencyMillis = 0;
    int threads = 4;
    int bodyBytes = 1024;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--latency-ms" -> latencyMillis = Long.parseLong(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--body-bytes" -> bodyBytes = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
      i++;
    }
    LoopbackHttpServer loopback = new LoopbackHttpServer(threads, latencyMillis, bodyBytes);
    loopback.server.start();
    PrintStream out = System.out;
    out.println(loopback.server.getAddress().getPort());
    out.flush();
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // Wait for the harness to close the pipe.
      }
    } finally {
      loopback.server.stop(0);
      loopback.delays.shutdownNow();
      loopback.handlers.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean get = "GET".equals(exchange.getRequestMethod());
    @Nullable byte[] answer = null;
    if (get && PATH.equals(path)) {
      answer = body;
    } else if (get && CTGOV_SEARCH_PATH.equals(path)) {
      answer = searchPage(exchange.getRequestURI().getRawQuery());
    }
    if (answer == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    try (InputStream request = exchange.getRequestBody()) {
      request.readAllBytes();
    }
    byte[] page = answer;
    if (latencyMillis <= 0) {
      respond(exchange, page);
    } else {
      delays.schedule(() -> respondQuietly(exchange, page), latencyMillis, TimeUnit.MILLISECONDS);
    }
  }

  private static byte[] searchPage(@Nullable String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          query.put(
              URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String term = query.getOrDefault("query.term", "");
    int pageSize = Math.max(1, Math.min(1000, parseOr(query.get("pageSize"), 10)));
    return SyntheticStudies.page(term, pageSize, "true".equals(query.get("countTotal")));
  }

  private static int parseOr(@Nullable String value, int otherwise) {
    try {
      return value == null ? otherwise : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private void respondQuietly(HttpExchange exchange, byte[] answer) {
    try {
      respond(exchange, answer);
    } catch (IOException e) {
      exchange.close();
    }
  }

  private static void respond(HttpExchange exchange, byte[] answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  /** A ClinicalTrials.gov-like page of studies, padded to about {@code bytes} bytes. */
  static byte[] jsonBody(int bytes) {
    StringBuilder json = new StringBuilder("{\"studies\":[");
    int index = 0;
    do {
      if (index > 0) {
        json.append(',');
      }
      json.append("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT0")
          .append(4_000_000 + index)
          .append("\",\"briefTitle\":\"A Study of Drug ")
          .append(index)
          .append(" in Non-Small Cell Lung Cancer\"},\"statusModule\":")
          .append("{\"overallStatus\":\"RECRUITING\"}}}");
      index++;
    } while (json.length() < bytes - 40);
    json.append("],\"nextPageToken\":\"NF0g5JGBlPMsxw\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
