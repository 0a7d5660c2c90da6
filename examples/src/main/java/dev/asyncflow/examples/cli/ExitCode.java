package dev.asyncflow.examples.cli;

/** The exit codes of the {@code trials} command line. */
final class ExitCode {
  /** Everything succeeded. */
  static final int OK = 0;

  /** A runtime failure: the search failed, the API could not be reached. */
  static final int FAILURE = 1;

  /** Bad usage or input: an unknown option, a blank mutation, an unreadable file, a bad URL. */
  static final int USAGE = 2;

  /** A batch finished, but some of its mutations failed. */
  static final int SOME_FAILED = 3;

  private ExitCode() {}
}
