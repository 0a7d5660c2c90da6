package dev.asyncflow.benchmarks;

import java.util.Arrays;

/**
 * The entry point of {@code benchmarks.jar}: {@code java -jar benchmarks.jar batch ...} runs the
 * {@linkplain BatchHarness batch load harness}; any other arguments go to JMH's own runner, as if
 * JMH's {@code Main} were the jar's entry point.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the batch harness or JMH.
   *
   * @param args {@code batch} and its options, or JMH's options
   * @throws Exception what JMH throws
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("batch")) {
      System.exit(BatchHarness.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    org.openjdk.jmh.Main.main(args);
  }
}
