package dev.asyncflow.trials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A ClinicalTrials.gov for batches, on a loopback ephemeral port: {@code GET /api/v2/studies}
 * answers, after a short delay and from a scheduler (so that requests really overlap), a page of 1
 * to 5 studies derived from the request's <i>subject</i>, the first quoted phrase of {@code
 * query.term} (the mutation or the term). It can fail the first request of chosen subjects with a
 * {@link Fault}, fail a subject always with a status, and hold the answers of chosen subjects until
 * it closes. Every answer closes its connection ({@code Connection: close}).
 *
 * <p>It counts requests per subject and in all, and requests in flight: from receipt until just
 * before the bytes that complete the answer are written (the end of the body, or the headers of an
 * answer without one, or the close of a dropped connection), so that a client which holds a request
 * until it has read the whole answer can never make it count more than the client's own limit. It
 * records, on its own clock ({@link System#nanoTime()}), when it sent each 429 and when the retry
 * of that subject arrived.
 */
final class BatchTrialsServer implements AutoCloseable {

  /** What the first request of a subject is answered with instead of its page. */
  enum Fault {
    STATUS_500,
    STATUS_502,
    STATUS_503,
    STATUS_504,
    /** 429 with {@code Retry-After: 1}. */
    TOO_MANY_REQUESTS,
    /**
     * The connection is closed without any answer, for the first <i>two</i> requests: the JDK
     * client resends a GET once by itself when a connection closes before any answer, so only a
     * second drop reaches flow-http's retry policy.
     */
    CONNECTION_DROPPED,
    /** 200 with the page's JSON cut in half, its {@code Content-Length} the cut length. */
    TRUNCATED_JSON;

    /** How many requests of the subject it answers. */
    int requestsFailed() {
      return this == CONNECTION_DROPPED ? 2 : 1;
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService responders = Executors.newScheduledThreadPool(2);
  private final Map<String, Fault> firstRequestFaults = new ConcurrentHashMap<>();
  private final Map<String, Integer> alwaysFailing = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requestsBySubject = new ConcurrentHashMap<>();
  private final Map<String, Long> tooManySentAt = new ConcurrentHashMap<>();
  private final Map<String, Long> retryArrivedAt = new ConcurrentHashMap<>();
  private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile ToLongFunction<String> delayMillis =
      subject -> 1 + Math.floorMod(subject.hashCode(), 4);
  private volatile Predicate<String> stalled = subject -> false;
  private volatile int statusForAll; // 0: none

  BatchTrialsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", this::receive);
    server.start();
  }

  /** The NCT ids of the studies the server holds for {@code subject}: 1 to 5, derived from it. */
  static List<String> nctIdsOf(String subject) {
    int hash = subject.hashCode();
    List<String> ids = new ArrayList<>();
    for (int k = 0; k <= Math.floorMod(hash, 5); k++) {
      ids.add(String.format("NCT%08d", 1 + Math.floorMod(hash * 31 + k * 7919, 99_999_999)));
    }
    return ids;
  }

  URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Answers the first request(s) of {@code subject} with {@code fault}, later ones normally. */
  BatchTrialsServer failFirstRequest(String subject, Fault fault) {
    firstRequestFaults.put(subject, fault);
    return this;
  }

  /** Answers every request of {@code subject} with {@code status} and a plain-text body. */
  BatchTrialsServer failAlways(String subject, int status) {
    alwaysFailing.put(subject, status);
    return this;
  }

  /** Answers every request of every subject with {@code status}. */
  BatchTrialsServer failEverything(int status) {
    statusForAll = status;
    return this;
  }

  /** Answers a request of a subject after {@code delayMillis.applyAsLong(subject)} ms. */
  BatchTrialsServer answerAfter(ToLongFunction<String> delayMillis) {
    this.delayMillis = delayMillis;
    return this;
  }

  /** Never answers the requests of the subjects {@code which} accepts (until closed). */
  BatchTrialsServer stall(Predicate<String> which) {
    this.stalled = which;
    return this;
  }

  /** How many requests arrived, in all. */
  int received() {
    return received.get();
  }

  /** How many requests of {@code subject} arrived. */
  int requestsFor(String subject) {
    AtomicInteger count = requestsBySubject.get(subject);
    return count == null ? 0 : count.get();
  }

  /** The subjects requested at least once. */
  Set<String> subjects() {
    return Set.copyOf(requestsBySubject.keySet());
  }

  /** The most requests that were in flight at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  /** Nanoseconds from each 429 sent to the arrival of that subject's next request, by subject. */
  Map<String, Long> retryWaits() {
    Map<String, Long> waits = new HashMap<>();
    tooManySentAt.forEach(
        (subject, sent) -> {
          Long arrived = retryArrivedAt.get(subject);
          waits.put(subject, arrived == null ? -1L : arrived - sent);
        });
    return waits;
  }

  /** Waits (bounded, polling) until {@code count} requests have arrived. */
  void awaitReceived(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.get() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (received.get() < count) {
      throw new AssertionError("the server received " + received.get() + " of " + count);
    }
  }

  /** Waits (bounded, polling) until a request of {@code subject} has arrived. */
  void awaitRequestFor(String subject) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (requestsFor(subject) == 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (requestsFor(subject) == 0) {
      throw new AssertionError("no request for " + subject + " arrived");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    held.forEach(BatchTrialsServer::closeQuietly);
    responders.shutdownNow();
    handlers.shutdownNow();
  }

  private static void closeQuietly(HttpExchange exchange) {
    try {
      exchange.close();
    } catch (RuntimeException alreadyClosed) {
      // the server's stop closed the connection first
    }
  }

  private void receive(HttpExchange exchange) {
    Map<String, String> query = FakeClinicalTrials.decode(exchange.getRequestURI().getRawQuery());
    String subject = subjectOf(query.getOrDefault("query.term", ""));
    int requestNumber = countArrival(subject);
    Answer answer = new Answer(exchange);
    if (stalled.test(subject)) {
      held.add(exchange);
      return;
    }
    Runnable respond = () -> respond(answer, subject, query, requestNumber);
    long delay = delayMillis.applyAsLong(subject);
    responders.schedule(respond, delay, TimeUnit.MILLISECONDS);
  }

  private int countArrival(String subject) {
    received.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    if (tooManySentAt.containsKey(subject)) {
      retryArrivedAt.putIfAbsent(subject, System.nanoTime());
    }
    return requestsBySubject.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
  }

  private void respond(
      Answer answer, String subject, Map<String, String> query, int requestNumber) {
    try {
      Fault fault = firstRequestFaults.get(subject);
      if (fault != null && requestNumber > fault.requestsFailed()) {
        fault = null;
      }
      Integer status =
          statusForAll != 0 ? Integer.valueOf(statusForAll) : alwaysFailing.get(subject);
      if (status != null) {
        answer.text(status, "Server says " + status);
      } else if (fault != null) {
        answerWith(fault, answer, subject, query);
      } else {
        answer.json(page(subject, query));
      }
    } catch (IOException | RuntimeException broken) {
      answer.drop();
    }
  }

  private void answerWith(Fault fault, Answer answer, String subject, Map<String, String> query)
      throws IOException {
    switch (fault) {
      case STATUS_500 -> answer.text(500, "Internal Server Error");
      case STATUS_502 -> answer.text(502, "Bad Gateway");
      case STATUS_503 -> answer.text(503, "Service Unavailable");
      case STATUS_504 -> answer.text(504, "Gateway Timeout");
      case TOO_MANY_REQUESTS -> {
        answer.exchange.getResponseHeaders().add("Retry-After", "1");
        tooManySentAt.put(subject, System.nanoTime());
        answer.text(429, "Too Many Requests");
      }
      case CONNECTION_DROPPED -> answer.drop();
      case TRUNCATED_JSON -> {
        byte[] page = page(subject, query);
        answer.json(Arrays.copyOf(page, page.length / 2));
      }
    }
  }

  /** The page of {@code subject}'s studies the query asks for (one page of up to pageSize). */
  private static byte[] page(String subject, Map<String, String> query) {
    List<String> ids = nctIdsOf(subject);
    int size = Integer.parseInt(query.getOrDefault("pageSize", "10"));
    String token = query.get("pageToken");
    int from = token == null ? 0 : Integer.parseInt(token.substring(1));
    int to = Math.min(ids.size(), from + size);
    StringBuilder json = new StringBuilder("{\"studies\":[");
    for (int i = from; i < to; i++) {
      json.append(i > from ? "," : "").append(study(ids.get(i), subject));
    }
    json.append(']');
    if (token == null && "true".equals(query.get("countTotal"))) {
      json.append(",\"totalCount\":").append(ids.size());
    }
    if (to < ids.size()) {
      json.append(",\"nextPageToken\":\"p").append(to).append('"');
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String study(String nctId, String subject) {
    return "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\""
        + nctId
        + "\",\"briefTitle\":\"A study of "
        + subject.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}}}";
  }

  /** The first quoted phrase of a {@code query.term}, unescaped; the whole term if none. */
  static String subjectOf(String term) {
    int open = term.indexOf('"');
    if (open < 0) {
      return term;
    }
    StringBuilder phrase = new StringBuilder();
    for (int i = open + 1; i < term.length() && term.charAt(i) != '"'; i++) {
      char c = term.charAt(i);
      if (c == '\\' && i + 1 < term.length()) {
        c = term.charAt(++i);
      }
      phrase.append(c);
    }
    return phrase.toString();
  }

  /** One request's answer: takes it out of the in-flight count once, before its last bytes. */
  private final class Answer {
    private final HttpExchange exchange;
    private final AtomicBoolean ended = new AtomicBoolean();

    Answer(HttpExchange exchange) {
      this.exchange = exchange;
    }

    void json(byte[] body) throws IOException {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      send(200, body);
    }

    void text(int status, String body) throws IOException {
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      send(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the connection without sending anything. */
    void drop() {
      end();
      exchange.close();
    }

    private void send(int status, byte[] body) throws IOException {
      // On a kept-alive connection the JDK server's two writes (headers, then body) meet Nagle's
      // algorithm and the client's delayed ACK: each body would wait ~40 ms.
      exchange.getResponseHeaders().add("Connection", "close");
      try (exchange) {
        exchange.sendResponseHeaders(status, body.length);
        end();
        exchange.getResponseBody().write(body);
      }
    }

    private void end() {
      if (ended.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    }
  }
}
