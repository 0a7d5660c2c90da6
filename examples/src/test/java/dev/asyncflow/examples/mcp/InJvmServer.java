package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link TrialsMcpServer#run} on a thread of its own in this JVM, with its command line, driven
 * with raw JSON-RPC lines: the test writes stdin through a pipe and reads each stdout line as it is
 * written. The environment has no ANTHROPIC_API_KEY, so summaries are local.
 */
final class InJvmServer implements AutoCloseable {
  /** How long a test waits for a response or for the server to end. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PipedOutputStream stdin = new PipedOutputStream();
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private InJvmServer(String... args) throws IOException {
    PipedInputStream in = new PipedInputStream(stdin, 1 << 16);
    PrintStream out = new PrintStream(new Lines(stdout), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    Thread thread =
        new Thread(
            () -> {
              try {
                exit.complete(TrialsMcpServer.run(args, in, out, err, name -> null));
              } catch (Throwable e) {
                exit.completeExceptionally(e);
              }
            },
            "in-jvm-mcp-server");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts the server with a command line.
   *
   * @param args such as {@code --ctgov-url http://127.0.0.1:PORT/}
   * @return the running server
   */
  static InJvmServer start(String... args) throws IOException {
    return new InJvmServer(args);
  }

  /** Sends {@code initialize} and {@code notifications/initialized}; returns the result. */
  JsonNode initialize() throws Exception {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    JsonNode response = response(0);
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return response;
  }

  /** Sends a {@code tools/call} request and returns its response. */
  JsonNode callTool(int id, String tool, Object arguments) throws Exception {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":"
            + MAPPER.writeValueAsString(tool)
            + ",\"arguments\":"
            + MAPPER.writeValueAsString(arguments)
            + "}}");
    return response(id);
  }

  /** Writes one line to the server's stdin. */
  void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Reads stdout lines until the response with this id, failing after {@link #TIMEOUT}. */
  JsonNode response(int id) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String line = stdout.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(line).as("the response to request %d within %s", id, TIMEOUT).isNotNull();
      seen.add(line);
      JsonNode message = MAPPER.readTree(line);
      if (message.path("id").isInt() && message.path("id").asInt() == id) {
        return message;
      }
    }
  }

  /** Closes stdin and returns the exit code, failing if the server does not end in time. */
  int closeStdin() throws Exception {
    stdin.close();
    return exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Returns every stdout line read so far and those still unread. */
  List<String> stdoutLines() {
    List<String> lines = new CopyOnWriteArrayList<>(seen);
    lines.addAll(stdout);
    return lines;
  }

  /** Returns what the server wrote to its stderr stream (notices; logs go to System.err). */
  String stderr() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) {
      closeStdin();
    }
  }

  /** Splits what the server writes into lines. */
  private static final class Lines extends OutputStream {
    private final BlockingQueue<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Lines(BlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }
}
