package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.runtime.EndpointOptions;
import dev.asyncflow.examples.runtime.Endpoints;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every {@code trials} command takes: the endpoints and {@code --verbose}. */
final class CommonOptions {
  @Mixin private EndpointOptions endpoints = new EndpointOptions();

  @Option(
      names = "--verbose",
      description = "Print the stack trace of an error after its one-line message.")
  @SuppressWarnings("UnusedVariable") // read by CliErrors through the parse result
  private boolean verbose;

  /**
   * Returns the endpoints the options name.
   *
   * @return the endpoints
   * @throws UsageException if {@code --offline} is combined with {@code --ctgov-url}
   */
  Endpoints endpoints() {
    try {
      return endpoints.endpoints();
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }
}
