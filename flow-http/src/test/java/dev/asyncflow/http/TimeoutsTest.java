package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.awaitTrue;
import static dev.asyncflow.http.TestCalls.callFailure;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.http.testing.ManualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each timeout (response headers, body read, connect, overall deadline) fails with its own type.
 */
class TimeoutsTest {
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(7);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final ManualScheduler scheduler = new ManualScheduler();

  @Test
  void responseHeadersLate_failsWithResponseTimeoutAndAbortsTheConnection() throws Exception {
    try (HoldingServer server = new HoldingServer();
        HttpClientManager manager = manager()) {
      // Given a server that reads the request and never answers
      ServiceClient client = manager.client(service(server.baseUri()).build());
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("held").build());
      assertThat(server.requestReceived.await(10, SECONDS)).isTrue();

      // When less than the response timeout passes, the call still waits
      scheduler.advance(RESPONSE_TIMEOUT.minusMillis(1));
      assertThat(call).isNotDone();
      assertThat(server.clientClosed.getCount()).isEqualTo(1);

      // When the response timeout passes, the call fails with its own type after one attempt
      scheduler.advance(Duration.ofMillis(2));
      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(ResponseTimeoutException.class);
      assertThat(failure.kind()).isEqualTo(FailureKind.RESPONSE_TIMEOUT);
      assertThat(failure.attempts()).isEqualTo(1);

      // and the exchange is aborted: the server sees the client close the connection
      assertThat(server.clientClosed.await(10, SECONDS)).isTrue();
      assertThat(client.stats().inFlight()).isZero();
    }
  }

  @Test
  void bodyStallingRightAfterTheHeaders_failsWithReadTimeout() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> exchange.respondThenStall(200, 100, new byte[0]));
        HttpClientManager manager = manager()) {
      // Given a response whose headers arrive but whose body never does
      HeadersLatch headers = new HeadersLatch();
      ServiceClient client = manager.client(service(server.baseUri()).listener(headers).build());
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("stall").build());
      awaitBodyWatched(headers);

      // When less than the read timeout passes, the call still waits
      scheduler.advance(READ_TIMEOUT.minusMillis(1));
      assertThat(call).isNotDone();

      // When the read timeout passes without a byte, the call fails with ReadTimeoutException
      scheduler.advance(Duration.ofMillis(2));
      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(ReadTimeoutException.class);
      assertThat(failure.kind()).isEqualTo(FailureKind.READ_TIMEOUT);
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void bodyStallingAfterItsFirstBytes_failsWithReadTimeout() throws Exception {
    byte[] firstPart = "{\"studies\":[".getBytes(StandardCharsets.UTF_8);
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> exchange.respondThenStall(200, 1000, firstPart));
        HttpClientManager manager = manager()) {
      // Given a response that sends its headers and part of its body, then stalls
      HeadersLatch headers = new HeadersLatch();
      ServiceClient client = manager.client(service(server.baseUri()).listener(headers).build());
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("stall").build());
      awaitBodyWatched(headers);

      // When less than the read timeout passes, the call still waits
      scheduler.advance(READ_TIMEOUT.minusMillis(1));
      assertThat(call).isNotDone();

      // When the body stays silent for longer than the read timeout, the call fails. (The first
      // bytes may be delivered a moment after the headers, so time moves on in read-timeout steps
      // until the watch fires; two steps always suffice.)
      int steps = advanceUntilDone(call, READ_TIMEOUT.plusMillis(1), 2);
      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(ReadTimeoutException.class);
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(steps).isBetween(1, 2);
    }
  }

  @Test
  void connectThatHangs_failsWithConnectTimeout() throws Exception {
    try (FullBacklog backlog = FullBacklog.open()) {
      // Given a listening port whose accept queue is full, so new SYNs are dropped
      try (HttpClientManager manager = manager()) {
        ServiceClient client =
            manager.client(
                service(backlog.baseUri()).connectTimeout(Duration.ofMillis(250)).build());

        // When a call connects to it, the JDK's connect timeout (real time) fires
        CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

        // Then the call fails with ConnectTimeoutException after one attempt
        HttpCallException failure = callFailure(call);
        assertThat(failure).isInstanceOf(ConnectTimeoutException.class);
        assertThat(failure.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT);
        assertThat(failure.attempts()).isEqualTo(1);
      }
    }
  }

  @Test
  void deadline_coversTheWaitForAPermit_andTheCallNeverReachesTheServer() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  exchange.awaitRelease();
                  exchange.respond(200, "{}");
                });
        HttpClientManager manager = manager()) {
      // Given one permit, held by a call with its own long deadline
      ServiceClient client =
          manager.client(
              service(server.baseUri()).maxConcurrency(1).deadline(Duration.ofSeconds(1)).build());
      CompletableFuture<ServiceResponse> holder =
          client.send(ServiceRequest.get("holder").deadline(Duration.ofMinutes(1)).build());
      awaitTrue(() -> server.inProgress() == 1);

      // When a second call queues for the permit and its 1 s deadline passes
      CompletableFuture<ServiceResponse> queued = client.send(ServiceRequest.get("queued").build());
      assertThat(client.stats().queued()).isEqualTo(1);
      scheduler.advance(Duration.ofMillis(999));
      assertThat(queued).isNotDone();
      scheduler.advance(Duration.ofMillis(1));

      // Then it fails with DeadlineExceededException, having sent nothing
      HttpCallException failure = callFailure(queued);
      assertThat(failure).isInstanceOf(DeadlineExceededException.class);
      assertThat(failure.kind()).isEqualTo(FailureKind.DEADLINE);
      assertThat(failure.attempts()).isZero();
      awaitTrue(() -> client.stats().queued() == 0);

      // and the holder, whose per-request deadline overrides the service's, still runs
      assertThat(holder).isNotDone();
      server.releaseAll();
      assertThat(holder.get(10, SECONDS).status()).isEqualTo(200);
      assertThat(server.received())
          .extracting(LoopbackServer.Request::target)
          .containsExactly("/holder");
    }
  }

  @Test
  void deadline_passingDuringARetry_failsWithDeadlineExceededCarryingTheLastFailure()
      throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (LoopbackServer server =
            new LoopbackServer(
                (request, exchange) -> {
                  if (requests.incrementAndGet() == 1) {
                    exchange.respond(500, "boom");
                  } else {
                    exchange.awaitRelease();
                  }
                });
        HttpClientManager manager = manager()) {
      // Given a first attempt that fails with 500 and a retry the server holds
      RetryRecorder retries = new RetryRecorder();
      ServiceClient client =
          manager.client(
              service(server.baseUri())
                  .deadline(Duration.ofSeconds(3))
                  .retryPolicy(
                      HttpRetryPolicy.builder()
                          .maxAttempts(5)
                          .hook(candidate -> RetryDecision.after(Duration.ofSeconds(1)))
                          .build())
                  .listener(retries)
                  .build());
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("slow").build());
      awaitTrue(() -> retries.count() == 1 && scheduler.pendingCount() == 2);

      // When the backoff passes, the retry is sent
      scheduler.advance(Duration.ofSeconds(1));
      awaitTrue(() -> server.received().size() == 2);

      // and when the deadline passes during that attempt
      scheduler.advance(Duration.ofMillis(1999));
      assertThat(call).isNotDone();
      scheduler.advance(Duration.ofMillis(1));

      // Then the call fails with DeadlineExceededException, naming the 500 as its cause
      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(DeadlineExceededException.class);
      assertThat(failure.attempts()).isEqualTo(2);
      assertThat(failure.getCause())
          .isInstanceOfSatisfying(
              HttpStatusException.class, status -> assertThat(status.status()).isEqualTo(500));
      assertThat(server.received()).hasSize(2);
    }
  }

  @Test
  void deadline_tooShortForTheNextBackoff_failsAtOnceWithTheLastFailure() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.respond(500, "boom"));
        HttpClientManager manager = manager()) {
      // Given a deadline of 3 s and a backoff of 5 s
      ServiceClient client =
          manager.client(
              service(server.baseUri())
                  .deadline(Duration.ofSeconds(3))
                  .retryPolicy(
                      HttpRetryPolicy.builder()
                          .hook(candidate -> RetryDecision.after(Duration.ofSeconds(5)))
                          .build())
                  .build());

      // When the first attempt fails with a retryable status
      CompletableFuture<ServiceResponse> call = client.send(ServiceRequest.get("x").build());

      // Then the call fails without waiting (no time passes) with that status
      HttpCallException failure = callFailure(call);
      assertThat(failure)
          .isInstanceOfSatisfying(
              HttpStatusException.class, status -> assertThat(status.status()).isEqualTo(500));
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void perRequestDeadline_longerThanTheService_overridesIt() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.awaitRelease());
        HttpClientManager manager = manager()) {
      // Given a service deadline of 1 s and a request deadline of 4 s on a held request
      ServiceClient client =
          manager.client(service(server.baseUri()).deadline(Duration.ofSeconds(1)).build());
      CompletableFuture<ServiceResponse> call =
          client.send(ServiceRequest.get("held").deadline(Duration.ofSeconds(4)).build());
      awaitTrue(() -> server.inProgress() == 1);

      // When the service deadline passes, the call still runs
      scheduler.advance(Duration.ofSeconds(1));
      scheduler.advance(Duration.ofMillis(2998));
      assertThat(call).isNotDone();

      // Then the request's own deadline ends it
      scheduler.advance(Duration.ofMillis(2));
      assertThat(callFailure(call)).isInstanceOf(DeadlineExceededException.class);
    }
  }

  @Test
  void perRequestDeadline_shorterThanTheService_overridesIt() throws Exception {
    try (LoopbackServer server =
            new LoopbackServer((request, exchange) -> exchange.awaitRelease());
        HttpClientManager manager = manager()) {
      // Given a service deadline of 1 min and a request deadline of 2 s on a held request
      ServiceClient client =
          manager.client(service(server.baseUri()).deadline(Duration.ofMinutes(1)).build());
      CompletableFuture<ServiceResponse> call =
          client.send(ServiceRequest.get("held").deadline(Duration.ofSeconds(2)).build());
      awaitTrue(() -> server.inProgress() == 1);

      // When 2 s pass
      scheduler.advance(Duration.ofMillis(1999));
      assertThat(call).isNotDone();
      scheduler.advance(Duration.ofMillis(1));

      // Then the call fails with DeadlineExceededException after its one attempt
      HttpCallException failure = callFailure(call);
      assertThat(failure).isInstanceOf(DeadlineExceededException.class);
      assertThat(failure.attempts()).isEqualTo(1);
    }
  }

  private HttpClientManager manager() {
    return leaks.manager(b -> b.scheduler(scheduler).shutdownGracePeriod(Duration.ZERO));
  }

  private static ServiceConfig.Builder service(URI baseUri) {
    return ServiceConfig.builder("svc", baseUri)
        .responseTimeout(RESPONSE_TIMEOUT)
        .readTimeout(READ_TIMEOUT)
        .retryPolicy(HttpRetryPolicy.none())
        .circuitBreaker(CircuitBreakerPolicy.disabled());
  }

  /**
   * Waits for the headers: the read timeout is watched from then on, since the exchange counts the
   * headers as arrived before the listener hears of them.
   */
  private static void awaitBodyWatched(HeadersLatch headers) throws InterruptedException {
    assertThat(headers.latch.await(10, SECONDS)).isTrue();
  }

  private int advanceUntilDone(CompletableFuture<?> call, Duration step, int maxSteps) {
    for (int steps = 1; steps <= maxSteps; steps++) {
      scheduler.advance(step);
      long end = System.nanoTime() + SECONDS.toNanos(2);
      while (!call.isDone() && System.nanoTime() < end) {
        LockSupport.parkNanos(1_000_000);
      }
      if (call.isDone()) {
        return steps;
      }
    }
    throw new AssertionError("the call did not end within " + maxSteps + " steps of " + step);
  }

  /** Counts down when the first response headers arrive. */
  private static final class HeadersLatch extends HttpEventListener {
    final CountDownLatch latch = new CountDownLatch(1);

    @Override
    public void responseHeaders(CallInfo call, int attempt, int status) {
      latch.countDown();
    }
  }

  /** Counts scheduled retries. */
  private static final class RetryRecorder extends HttpEventListener {
    private final AtomicInteger retries = new AtomicInteger();

    @Override
    public void retryScheduled(
        CallInfo call, int attempt, HttpCallException reason, Duration delay) {
      retries.incrementAndGet();
    }

    int count() {
      return retries.get();
    }
  }

  /**
   * Accepts one connection, reads the request head and then waits for the client to close it, so
   * the test sees the client abort the exchange. (LoopbackServer's handlers cannot watch their
   * socket.)
   */
  private static final class HoldingServer implements AutoCloseable {
    final CountDownLatch requestReceived = new CountDownLatch(1);
    final CountDownLatch clientClosed = new CountDownLatch(1);
    private final ServerSocket socket;
    private final Thread thread;

    HoldingServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread = new Thread(this::serveOne, "holding-server");
      thread.setDaemon(true);
      thread.start();
    }

    URI baseUri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    private void serveOne() {
      try (Socket connection = socket.accept()) {
        InputStream in = connection.getInputStream();
        int matched = 0;
        byte[] endOfHead = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        while (matched < endOfHead.length) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          matched = b == endOfHead[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        requestReceived.countDown();
        while (in.read() >= 0) {
          // a GET has no body: anything more is ignored until the client closes
        }
        clientClosed.countDown();
      } catch (IOException e) {
        clientClosed.countDown(); // a reset is a close too
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * A listening socket that never accepts, with a backlog of 1 filled by plain connections, so that
   * Linux drops further SYNs and a connect hangs until the client's connect timeout.
   */
  private static final class FullBacklog implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> fillers = new ArrayList<>();

    private FullBacklog(ServerSocket socket) {
      this.socket = socket;
    }

    static FullBacklog open() throws IOException {
      FullBacklog backlog =
          new FullBacklog(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      for (int i = 0; i < 8; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(backlog.socket.getLocalSocketAddress(), 200);
          backlog.fillers.add(filler);
        } catch (SocketTimeoutException full) {
          filler.close();
          return backlog;
        }
      }
      backlog.close();
      throw new IllegalStateException("the backlog never filled up");
    }

    URI baseUri() {
      InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
      return URI.create("http://127.0.0.1:" + address.getPort() + "/");
    }

    @Override
    public void close() throws IOException {
      for (Socket filler : fillers) {
        filler.close();
      }
      socket.close();
    }
  }
}
