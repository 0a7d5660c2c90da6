package dev.asyncflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether standard error is a terminal, which Java 17 cannot ask directly. */
final class Terminal {
  private Terminal() {}

  /**
   * Returns whether file descriptor 2 is a terminal: on Linux, whether {@code /proc/self/fd/2}
   * links to a {@code /dev/pts/} or {@code /dev/tty} device; elsewhere, whether the JVM has a
   * console (standard input and output are terminals), which is the usual case together.
   *
   * @return true when a progress bar on standard error would be seen by a person
   */
  static boolean stderrIsTty() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
