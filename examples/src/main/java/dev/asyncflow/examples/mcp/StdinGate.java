package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.examples.runtime.ErrorText;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Stands between stdin and the SDK's stdio transport, which stops reading for good at the first
 * line it cannot decode. One thread of its own reads stdin as UTF-8 lines and passes on, through
 * {@link #input()}, only the lines the transport would decode: JSON objects with a {@code jsonrpc}
 * member that {@link McpSchema#deserializeJsonRpcMessage} accepts as a request, notification or
 * response. Every other line is logged as one warning on stderr, with its start, and dropped; blank
 * lines are dropped silently. No answer is written for a dropped line: a JSON-RPC parse error
 * carries the id null, which MCP forbids and the SDK's own client cannot read.
 *
 * <p>When stdin ends or fails, {@link #input()} ends after the lines already passed on, and {@link
 * #ended()} completes, whatever state the transport is in; so closing stdin always stops the
 * server.
 *
 * <p>Thread-safe: the reading thread and the transport's thread share only {@link #input()}, which
 * is synchronized.
 */
final class StdinGate {
  /** The longest line passed on, in chars; longer lines are dropped. */
  static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

  /** How many chars of a dropped line the warning shows. */
  static final int PREVIEW_CHARS = 120;

  /**
   * How many bytes may wait for the transport before further lines are dropped; it reads as fast as
   * lines come unless it has stopped.
   */
  static final long MAX_PENDING_BYTES = 4L * MAX_LINE_CHARS;

  private static final Logger LOG = Logger.getLogger(StdinGate.class.getName());

  private final InputStream stdin;
  private final McpJsonMapper json;
  private final ObjectMapper tree = new ObjectMapper();
  private final Feed feed = new Feed();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final Thread reader;

  /**
   * Creates a gate; {@link #start()} starts reading.
   *
   * @param stdin the stream read, such as {@code System.in}
   * @param json the mapper the transport decodes with
   */
  StdinGate(InputStream stdin, McpJsonMapper json) {
    this.stdin = stdin;
    this.json = json;
    this.reader = new Thread(this::pump, "mcp-stdin");
    this.reader.setDaemon(true);
  }

  /** Starts the thread that reads stdin. */
  void start() {
    reader.start();
  }

  /**
   * Returns what the transport reads: the lines passed on, each ended by {@code \n}.
   *
   * @return the stream; it ends after stdin ends
   */
  InputStream input() {
    return feed;
  }

  /**
   * Returns a future that completes when stdin has ended or failed.
   *
   * @return the future; it never fails
   */
  CompletableFuture<Void> ended() {
    return ended;
  }

  private void pump() {
    try (Reader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
      readLines(in);
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "stdin failed: " + ErrorText.describe(e));
    } finally {
      feed.end();
      ended.complete(null);
    }
  }

  /** Splits at {@code \n}, {@code \r} and {@code \r\n}, as the transport does. */
  private void readLines(Reader in) throws IOException {
    StringBuilder line = new StringBuilder();
    boolean tooLong = false;
    boolean afterCr = false;
    int c;
    while ((c = in.read()) != -1) {
      boolean crLf = afterCr && c == '\n';
      afterCr = c == '\r';
      if (crLf) {
        continue;
      }
      if (c == '\n' || c == '\r') {
        pass(line, tooLong);
        line.setLength(0);
        tooLong = false;
      } else if (line.length() < MAX_LINE_CHARS) {
        line.append((char) c);
      } else {
        tooLong = true;
      }
    }
    if (line.length() > 0) {
      pass(line, tooLong);
    }
  }

  private void pass(CharSequence line, boolean tooLong) {
    if (tooLong) {
      drop(line, "longer than " + MAX_LINE_CHARS + " characters");
      return;
    }
    String text = line.toString();
    if (text.isBlank()) {
      return;
    }
    Verdict verdict = verdict(text);
    String problem = verdict.problem();
    if (problem != null) {
      drop(text, problem);
    } else if (!verdict.pass()) {
      LOG.fine(() -> "ignored " + McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED);
    } else if (!feed.offer((text + "\n").getBytes(StandardCharsets.UTF_8))) {
      drop(text, "the transport has stopped reading");
    }
  }

  /**
   * What becomes of a line.
   *
   * @param pass whether the transport gets it
   * @param problem why the transport would not decode it, or null
   */
  record Verdict(boolean pass, @Nullable String problem) {
    static final Verdict PASS = new Verdict(true, null);
    static final Verdict IGNORE = new Verdict(false, null);

    static Verdict drop(String problem) {
      return new Verdict(false, problem);
    }
  }

  /**
   * Decides what becomes of a line: the transport gets it if it decodes it, except {@code
   * notifications/roots/list_changed}. The server uses no roots, and the SDK answers that
   * notification by asking the client for its roots; if that request fails, the SDK's inbound
   * processing ends and no later request is answered.
   *
   * @param line a line of stdin, not blank
   * @return the verdict, with the reason for a line the transport would not decode
   */
  Verdict verdict(String line) {
    JsonNode node;
    try {
      node = tree.readTree(line);
    } catch (JsonProcessingException e) {
      return Verdict.drop("not JSON");
    }
    if (!node.isObject()) {
      return Verdict.drop("not a JSON object");
    }
    if (!node.has("jsonrpc")) {
      return Verdict.drop("no \"jsonrpc\" member");
    }
    if (!node.has("method") && !node.has("result") && !node.has("error")) {
      return Verdict.drop("no \"method\", \"result\" or \"error\" member");
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, line);
    } catch (IOException | RuntimeException e) {
      return Verdict.drop(
          "not a JSON-RPC message the server can decode: " + ErrorText.describe(rootCause(e)));
    }
    return message instanceof McpSchema.JSONRPCNotification notification
            && McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED.equals(notification.method())
        ? Verdict.IGNORE
        : Verdict.PASS;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void drop(CharSequence line, String problem) {
    LOG.warning(() -> "ignored a line on stdin (" + preview(problem) + "): " + preview(line));
  }

  /**
   * Returns the start of a line for a log, on one line: control and line-separator characters
   * escaped, and the length named when it is cut.
   *
   * @param line the line
   * @return at most {@value #PREVIEW_CHARS} characters of it, escaped
   */
  static String preview(CharSequence line) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(line.length(), PREVIEW_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = line.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (shown < line.length()) {
      out.append("… (").append(line.length()).append(" characters)");
    }
    return out.toString();
  }

  /**
   * The stream the transport reads: lines handed over by the reading thread, in order. A read
   * blocks until a line is there or stdin has ended.
   */
  private static final class Feed extends InputStream {
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private byte @Nullable [] current;
    private int position;
    private long pending;
    private boolean ended;

    /** Queues a line; false if the transport is too far behind or input has ended. */
    synchronized boolean offer(byte[] line) {
      if (ended || (pending > 0 && pending + line.length > MAX_PENDING_BYTES)) {
        return false;
      }
      lines.add(line);
      pending += line.length;
      notifyAll();
      return true;
    }

    /** Ends the stream after the lines queued. */
    synchronized void end() {
      ended = true;
      notifyAll();
    }

    @Override
    public synchronized int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      byte[] line = next();
      if (line == null) {
        return -1;
      }
      int n = Math.min(len, line.length - position);
      System.arraycopy(line, position, b, off, n);
      position += n;
      pending -= n;
      if (position == line.length) {
        current = null;
      }
      return n;
    }

    /** Waits for the line being read, or returns null at the end. */
    private byte @Nullable [] next() throws InterruptedIOException {
      while (current == null) {
        current = lines.poll();
        position = 0;
        if (current == null) {
          if (ended) {
            return null;
          }
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for stdin");
          }
        }
      }
      return current;
    }

    @Override
    public synchronized int available() {
      return (int) Math.min(pending, Integer.MAX_VALUE);
    }

    @Override
    public synchronized void close() {
      lines.clear();
      current = null;
      pending = 0;
      end();
    }
  }
}
