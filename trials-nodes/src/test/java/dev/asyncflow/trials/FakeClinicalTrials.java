package dev.asyncflow.trials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A small in-process ClinicalTrials.gov on a loopback ephemeral port: {@code GET /api/v2/studies}
 * pages through its studies as the real API does ({@code pageSize}, {@code pageToken}, {@code
 * nextPageToken}, {@code totalCount} on the first page only when {@code countTotal=true}); {@code
 * GET /api/v2/studies/{id}} returns one study or a plain-text 404. Faults queued with {@link #fail}
 * answer the next requests instead. Every request is recorded.
 */
final class FakeClinicalTrials implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted answer that replaces the normal one. */
  interface Fault {
    void answer(HttpExchange exchange) throws IOException;
  }

  /** A received request: its path and decoded query parameters. */
  record Request(String path, Map<String, String> query) {
    String param(String name) {
      return query.get(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<ObjectNode> studies = new ArrayList<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Request> received = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);

  FakeClinicalTrials() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Adds {@code count} generated studies NCT00000001, NCT00000002, ... after those held. */
  FakeClinicalTrials withGeneratedStudies(int count) {
    for (int i = 0; i < count; i++) {
      add(study(String.format("NCT%08d", studies.size() + 1), "Study " + (studies.size() + 1)));
    }
    return this;
  }

  /** Adds one study. */
  synchronized FakeClinicalTrials add(ObjectNode study) {
    studies.add(study);
    return this;
  }

  /** Queues faults that answer the next requests, in order. */
  FakeClinicalTrials fail(Fault... next) {
    faults.addAll(List.of(next));
    return this;
  }

  URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  List<Request> received() {
    return List.copyOf(received);
  }

  /** Lets every request held by {@link #stallBody()} go on. */
  void releaseStalled() {
    release.countDown();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  /** A minimal study record with an identification module and a brief title. */
  static ObjectNode study(String nctId, String title) {
    ObjectNode study = JSON.createObjectNode();
    ObjectNode identification =
        study.putObject("protocolSection").putObject("identificationModule");
    identification.put("nctId", nctId).put("briefTitle", title);
    return study;
  }

  /** A study whose eligibility criteria are {@code criteria}. */
  static ObjectNode studyWithCriteria(String nctId, String title, String criteria) {
    ObjectNode study = study(nctId, title);
    ((ObjectNode) study.get("protocolSection"))
        .putObject("eligibilityModule")
        .put("eligibilityCriteria", criteria);
    return study;
  }

  /** Answers {@code status} with a plain-text body and extra headers (name, value, ...). */
  static Fault status(int status, String body, String... headers) {
    return exchange -> {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      send(exchange, status, body);
    };
  }

  /** Answers 200 with {@code body} as JSON, whatever it holds (a page cut short, say). */
  static Fault okBody(String body, String contentType) {
    return exchange -> {
      exchange.getResponseHeaders().add("Content-Type", contentType);
      send(exchange, 200, body);
    };
  }

  /** Sends headers and the start of a page, then stalls until released. */
  Fault stallBody() {
    return exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write("{\"studies\":[".getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    };
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = decode(exchange.getRequestURI().getRawQuery());
      received.add(new Request(path, query));
      Fault fault = faults.poll();
      (fault != null ? fault : normally()).answer(exchange);
    }
  }

  /** The answer the server gives without a fault, for queuing a normal answer before a fault. */
  Fault normally() {
    return exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/api/v2/studies")) {
        sendJson(exchange, page(decode(exchange.getRequestURI().getRawQuery())));
      } else if (path.startsWith("/api/v2/studies/")) {
        answerStudy(exchange, path.substring("/api/v2/studies/".length()));
      } else {
        send(exchange, 404, "Not found: " + path);
      }
    };
  }

  /** Waits (bounded) until the server has received {@code count} requests. */
  void awaitReceived(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.size() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (received.size() < count) {
      throw new AssertionError("the server received " + received.size() + " of " + count);
    }
  }

  private synchronized ObjectNode page(Map<String, String> query) {
    int size = Integer.parseInt(query.getOrDefault("pageSize", "10"));
    String token = query.get("pageToken");
    int from = token == null ? 0 : Integer.parseInt(token.substring("page-from-".length()));
    int to = Math.min(studies.size(), from + size);
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("studies");
    studies.subList(from, to).forEach(items::add);
    if (token == null && "true".equals(query.get("countTotal"))) {
      page.put("totalCount", studies.size());
    }
    if (to < studies.size()) {
      page.put("nextPageToken", "page-from-" + to);
    }
    return page;
  }

  private synchronized void answerStudy(HttpExchange exchange, String id) throws IOException {
    for (ObjectNode study : studies) {
      if (study.at("/protocolSection/identificationModule/nctId").asText().equals(id)) {
        sendJson(exchange, study);
        return;
      }
    }
    send(exchange, 404, "Study not found: " + id);
  }

  private static void sendJson(HttpExchange exchange, Object value) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    send(exchange, 200, JSON.writeValueAsString(value));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  /** Decodes a raw query string into its parameters, in order; also used by other test servers. */
  static Map<String, String> decode(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      query.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}
