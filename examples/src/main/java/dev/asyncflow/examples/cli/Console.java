package dev.asyncflow.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a command reads and writes, injected so that tests run the command line in-process.
 *
 * @param out standard output: results only
 * @param err standard error: notices, progress, the summary line and errors
 * @param in standard input, read by {@code trials batch -}
 * @param environment looks up an environment variable, null when unset
 * @param errIsTerminal whether standard error is a terminal (then {@code batch} draws a progress
 *     bar)
 */
record Console(
    PrintStream out,
    PrintStream err,
    InputStream in,
    Function<String, @Nullable String> environment,
    boolean errIsTerminal) {

  /**
   * Returns the process's own streams and environment.
   *
   * @return the console of this process
   */
  static Console system() {
    return new Console(
        utf8(FileDescriptor.out),
        utf8(FileDescriptor.err),
        System.in,
        System::getenv,
        Terminal.stderrIsTty());
  }

  /**
   * Returns a stream on a file descriptor that writes UTF-8 whatever the platform's charset: JSON
   * and the {@code --output} file are UTF-8, and JDK 17 under the C locale (or on Windows) would
   * otherwise write {@code ?} for every character outside ASCII.
   */
  private static PrintStream utf8(FileDescriptor descriptor) {
    return new PrintStream(new FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
  }
}
