package dev.asyncflow.examples.runtime;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the programs put an error into words: the error a future failed with, without the JDK's
 * wrappers, and its message on one line. Stateless and thread-safe.
 */
public final class ErrorText {
  /**
   * The request flow-http appends to a failure's message, {@code [service GET url, attempts: 3]}:
   * the URL carries the whole encoded query, too long for a one-line message.
   */
  private static final Pattern REQUEST_DETAIL =
      Pattern.compile("\\s*\\[[^\\[\\]]*, attempts: (\\d+)\\]");

  private ErrorText() {}

  /**
   * Returns the error a future failed with, without the wrappers the JDK adds.
   *
   * @param error an error, perhaps a {@link CompletionException} or {@link ExecutionException}
   * @return the first cause that is not such a wrapper, or the last wrapper when it has no cause
   */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Returns an error's message as it is, or its class name when it has none.
   *
   * @param error the error
   * @return a non-empty message
   */
  public static String message(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }

  /**
   * Returns an error's message on one line: line breaks become spaces, and the request flow-http
   * appends becomes {@code (after N attempts)}.
   *
   * @param error the error
   * @return a non-empty line
   */
  public static String oneLine(Throwable error) {
    return oneLine(message(error));
  }

  /**
   * Returns a text on one line, as {@link #oneLine(Throwable)} does a message.
   *
   * @param text the text, or null for an empty line
   * @return the line
   */
  public static String oneLine(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String flat = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return REQUEST_DETAIL
        .matcher(flat)
        .replaceAll(m -> m.group(1).equals("1") ? "" : " (after " + m.group(1) + " attempts)");
  }

  /**
   * Returns {@code "<simple type name>: <message>"} on one line, or the type name alone when the
   * error has no message.
   *
   * @param error the error
   * @return the description
   */
  public static String describe(Throwable error) {
    String type = error.getClass().getSimpleName();
    String message = error.getMessage();
    return message == null || message.isBlank() ? type : type + ": " + oneLine(message);
  }
}
