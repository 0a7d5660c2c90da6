package dev.asyncflow.examples.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * An input stream that reports when it ends: {@link #reached()} completes when a read returns end
 * of stream or fails. The server reads its stdin through one, so it knows when the client has
 * closed the pipe and it should close everything and exit. The SDK's stdio transport ends its
 * session at the same moment but does not report it.
 *
 * <p>Thread-safe as far as reads from one thread at a time, as every stream; {@link #reached()} may
 * be used from any thread.
 */
final class EndOfInput extends FilterInputStream {
  private final CompletableFuture<Void> reached = new CompletableFuture<>();

  /**
   * Wraps a stream.
   *
   * @param in the stream read, such as {@code System.in}
   */
  EndOfInput(InputStream in) {
    super(in);
  }

  /**
   * Returns a future that completes when the stream has ended or failed.
   *
   * @return the future; it never fails
   */
  CompletableFuture<Void> reached() {
    return reached;
  }

  @Override
  public int read() throws IOException {
    return watch(() -> super.read());
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return watch(() -> super.read(b, off, len));
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      reached.complete(null);
    }
  }

  private int watch(Read read) throws IOException {
    try {
      int n = read.read();
      if (n < 0) {
        reached.complete(null);
      }
      return n;
    } catch (IOException | RuntimeException e) {
      reached.complete(null);
      throw e;
    }
  }

  /** One read of the wrapped stream. */
  @FunctionalInterface
  private interface Read {
    int read() throws IOException;
  }
}
