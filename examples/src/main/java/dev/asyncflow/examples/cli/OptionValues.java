package dev.asyncflow.examples.cli;

import dev.asyncflow.trials.OverallStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and converts option values picocli cannot check by type, throwing {@link UsageException}
 * with a message that names the option and the value.
 */
final class OptionValues {
  /** The largest {@code --max} and {@code --concurrency}. */
  static final int LIMIT = 1000;

  private OptionValues() {}

  /**
   * Checks {@code --max}.
   *
   * @param max the value
   * @return {@code max}, from 1 to {@value #LIMIT}
   */
  static int max(int max) {
    return inRange("--max", max);
  }

  /**
   * Checks {@code --concurrency}.
   *
   * @param concurrency the value
   * @return {@code concurrency}, from 1 to {@value #LIMIT}
   */
  static int concurrency(int concurrency) {
    return inRange("--concurrency", concurrency);
  }

  /**
   * Parses status names, such as {@code RECRUITING} or {@code not_yet_recruiting}.
   *
   * @param option the option's name
   * @param names the names, blank ones skipped
   * @return the statuses
   */
  static List<OverallStatus> statuses(String option, List<String> names) {
    List<OverallStatus> parsed = new ArrayList<>();
    for (String name : names) {
      if (!name.isBlank()) {
        parsed.add(
            OverallStatus.fromApi(name)
                .orElseThrow(
                    () ->
                        new UsageException(
                            option
                                + ": unknown status \""
                                + name.strip()
                                + "\"; known: "
                                + known())));
      }
    }
    return parsed;
  }

  /**
   * Parses a point, {@code LAT,LON}; the ranges are checked by the query.
   *
   * @param option the option's name
   * @param text the value
   * @return latitude and longitude
   */
  static double[] point(String option, String text) {
    String[] parts = text.split(",", -1);
    try {
      if (parts.length == 2) {
        return new double[] {
          Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())
        };
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        option + " must be LAT,LON such as 40.71,-74.01, was \"" + text + "\"");
  }

  private static int inRange(String option, int value) {
    if (value < 1 || value > LIMIT) {
      throw new UsageException(option + " must be 1 to " + LIMIT + ", was " + value);
    }
    return value;
  }

  private static String known() {
    List<String> names = new ArrayList<>();
    for (OverallStatus status : OverallStatus.values()) {
      names.add(status.name());
    }
    return String.join(", ", names);
  }
}
