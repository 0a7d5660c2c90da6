package dev.asyncflow.trials;

import java.util.Objects;

/**
 * An argument of a query or a lookup is unusable, detected before any request is sent: a blank
 * mutation, text too long or holding control characters, an NCT id that does not match the API's
 * pattern, a rank window out of bounds. The message names the argument and the problem and quotes
 * at most the start of the value.
 *
 * <p>Immutable once thrown; safe to share between threads.
 */
public final class InvalidQueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The argument at fault. */
  private final String argument;

  /**
   * Creates the exception.
   *
   * @param argument the argument at fault, such as {@code "mutation"}
   * @param problem what is wrong with it
   */
  public InvalidQueryException(String argument, String problem) {
    super(Objects.requireNonNull(argument, "argument") + ": " + problem);
    this.argument = argument;
  }

  /**
   * Returns the argument at fault.
   *
   * @return its name, such as {@code "mutation"} or {@code "nctId"}
   */
  public String argument() {
    return argument;
  }
}
