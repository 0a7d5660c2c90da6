package dev.asyncflow.examples.mcp;

/**
 * A tool argument that is missing, unknown, of the wrong type or out of range. The message is one
 * line, {@code "<argument>: <problem>"}, in the form trials-nodes' {@code InvalidQueryException}
 * uses. Immutable once thrown.
 */
final class ArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param argument the argument's name as the tool's input schema spells it, such as {@code
   *     "max_results"} or {@code "mutations[2]"}
   * @param problem what is wrong with it
   */
  ArgumentException(String argument, String problem) {
    super(argument + ": " + problem);
  }
}
