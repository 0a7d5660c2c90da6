package dev.asyncflow.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a loopback ephemeral port for faults WireMock cannot express: a body
 * that stalls after the headers, responses held until the test releases them, a connection reset,
 * and exact counts of requests in progress. One thread per connection (test code only); every
 * response closes its connection. Thread-safe.
 */
final class LoopbackServer implements AutoCloseable {

  /** Decides what to do with one request. Runs on the connection's thread. */
  @FunctionalInterface
  interface Handler {
    void handle(Request request, Exchange exchange) throws IOException, InterruptedException;
  }

  /** Answers every request at once with 200 "ok". */
  static final Handler OK = (request, exchange) -> exchange.respond(200, "ok");

  /** Holds every request until {@link #releaseAll()}, then answers 200 "ok". */
  static final Handler HOLD_THEN_OK =
      (request, exchange) -> {
        exchange.awaitRelease();
        exchange.respond(200, "ok");
      };

  /** A received request. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final Thread acceptor;
  private final List<Socket> connections = new ArrayList<>();
  private final ConcurrentLinkedQueue<Request> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inProgress = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean closed;

  LoopbackServer(Handler handler) throws IOException {
    this.handler = handler;
    this.socket = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "loopback-server-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Returns {@code http://127.0.0.1:port/}. */
  URI baseUri() {
    InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
    return URI.create("http://127.0.0.1:" + address.getPort() + "/");
  }

  /** Returns every request received so far, in arrival order. */
  List<Request> received() {
    return List.copyOf(received);
  }

  /** Returns how many requests are being handled now. */
  int inProgress() {
    return inProgress.get();
  }

  /** Returns the most requests ever handled at once. */
  int peakInProgress() {
    return peak.get();
  }

  /** Lets every {@link Exchange#awaitRelease()} return. */
  void releaseAll() {
    release.countDown();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    release.countDown();
    socket.close();
    synchronized (connections) {
      for (Socket connection : connections) {
        connection.close();
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        synchronized (connections) {
          connections.add(connection);
        }
        Thread worker = new Thread(() -> serve(connection), "loopback-server-connection");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      Request request = readRequest(in);
      if (request == null) {
        return;
      }
      received.add(request);
      int now = inProgress.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
      try {
        handler.handle(request, new Exchange(connection));
      } finally {
        inProgress.decrementAndGet();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away or the server closed: nothing to report
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    String requestLine = readLine(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Request(parts[0], parts[1], headers, body);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  /** The response side of one request. */
  final class Exchange {
    private final Socket connection;

    private Exchange(Socket connection) {
      this.connection = connection;
    }

    /** Sends a complete response and closes the connection. */
    void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
      OutputStream out = connection.getOutputStream();
      out.write(head(status, headers, body.length));
      out.write(body);
      out.flush();
      connection.shutdownOutput();
    }

    /** Sends a complete text response. */
    void respond(int status, String body) throws IOException {
      respond(status, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the headers announcing {@code announcedLength} bytes and the first part of the body,
     * then waits without sending more until the test releases or the server closes.
     */
    void respondThenStall(int status, int announcedLength, byte[] firstPart)
        throws IOException, InterruptedException {
      OutputStream out = connection.getOutputStream();
      out.write(head(status, Map.of("Content-Type", "application/json"), announcedLength));
      out.write(firstPart);
      out.flush();
      awaitRelease();
    }

    /** Closes the connection abruptly (RST), without a response. */
    void reset() throws IOException {
      connection.setSoLinger(true, 0);
      connection.close();
    }

    /**
     * Waits until the client closes or aborts this connection, for at most {@code wait}.
     *
     * @return true if the client closed it, false if it stayed open
     */
    boolean awaitClientClose(java.time.Duration wait) throws IOException {
      connection.setSoTimeout((int) wait.toMillis());
      try {
        return connection.getInputStream().read() == -1;
      } catch (java.net.SocketTimeoutException stillOpen) {
        return false;
      } catch (java.net.SocketException reset) {
        return true;
      }
    }

    /** Blocks this connection's thread until {@link #releaseAll()} or close (at most a minute). */
    void awaitRelease() throws InterruptedException {
      release.await(1, TimeUnit.MINUTES);
    }

    private byte[] head(int status, Map<String, String> headers, int length) {
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("Content-Length: ").append(length).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
  }
}
