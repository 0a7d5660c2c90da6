package dev.asyncflow.examples.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether standard error is a terminal, which Java 17 cannot ask directly. */
final class Terminal {
  private Terminal() {}

  /**
   * Returns whether file descriptor 2 is a terminal: on Linux, whether {@code /proc/self/fd/2}
   * links to a {@code /dev/pts/} or {@code /dev/tty} device; elsewhere, whether the JVM's console
   * is a terminal (standard input and output are), which is the usual case together.
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
    return consoleIsTerminal();
  }

  /**
   * Returns whether the JVM's console is a terminal: before JDK 22 a console exists only then; from
   * JDK 22 one always exists and {@code Console.isTerminal()} (looked up at run time, as this code
   * is compiled for 17) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() answers on JDK 22+
  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | SecurityException e) {
      return false;
    }
  }
}
