package dev.asyncflow.examples.mcp;

import dev.asyncflow.trials.OverallStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one tool call as the SDK decoded them from JSON (strings, numbers, booleans,
 * lists, maps and nulls), read with checks of names, types and ranges. Every problem is an {@link
 * ArgumentException} whose message names the argument. A null or blank optional text and an empty
 * optional list count as absent, as assistants often send them for "none".
 *
 * <p>Immutable once created and safe to share, provided nobody changes the map it was given.
 */
final class ToolArguments {
  private final Map<String, @Nullable Object> values;

  private ToolArguments(Map<String, @Nullable Object> values) {
    this.values = values;
  }

  /**
   * Wraps a call's arguments, refusing names the tool does not take.
   *
   * @param arguments the call's arguments, null when the call sent none
   * @param known the names the tool takes, in the order its schema lists them
   * @return the arguments
   * @throws ArgumentException for an unknown name
   */
  static ToolArguments of(@Nullable Map<String, @Nullable Object> arguments, List<String> known) {
    Map<String, @Nullable Object> values = arguments == null ? Map.of() : arguments;
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        String takes = known.isEmpty() ? "takes no arguments" : "takes " + String.join(", ", known);
        throw new ArgumentException(name, "unknown argument; this tool " + takes);
      }
    }
    return new ToolArguments(values);
  }

  /**
   * Returns a required, non-blank string.
   *
   * @param name the argument
   * @return the string as given
   * @throws ArgumentException if it is missing, not a string or blank
   */
  String requiredText(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new ArgumentException(name, "is required");
    }
    String text = text(name, value);
    if (text.isBlank()) {
      throw new ArgumentException(name, "must not be blank");
    }
    return text;
  }

  /**
   * Returns an optional string.
   *
   * @param name the argument
   * @return the string as given, or null when it is absent, null or blank
   * @throws ArgumentException if it is not a string
   */
  @Nullable String optionalText(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    String text = text(name, value);
    return text.isBlank() ? null : text;
  }

  /**
   * Returns an optional integer within bounds.
   *
   * @param name the argument
   * @param min the least value allowed
   * @param max the greatest value allowed
   * @param defaultValue the value when the argument is absent or null
   * @return the integer
   * @throws ArgumentException if it is not an integer (a number with a fraction included) or out of
   *     bounds
   */
  int integer(String name, int min, int max, int defaultValue) {
    Object value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    Optional<BigDecimal> number = integral(value);
    String expected = "must be an integer from " + min + " to " + max;
    if (number.isEmpty()) {
      throw new ArgumentException(name, expected + ", was " + describe(value));
    }
    BigDecimal n = number.get();
    if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new ArgumentException(name, expected + ", was " + value);
    }
    return n.intValueExact();
  }

  /**
   * Returns a required list of non-blank strings.
   *
   * @param name the argument
   * @param minItems the fewest items allowed
   * @param maxItems the most items allowed
   * @return the strings as given, in order
   * @throws ArgumentException if it is missing, not a list, has too few or too many items, or an
   *     item is not a string or blank (the message names the item, such as {@code "mutations[2]"})
   */
  List<String> requiredTexts(String name, int minItems, int maxItems) {
    Object value = values.get(name);
    if (value == null) {
      throw new ArgumentException(name, "is required");
    }
    List<?> items = list(name, value);
    if (items.size() < minItems || items.size() > maxItems) {
      throw new ArgumentException(
          name, "must hold " + minItems + " to " + maxItems + " items, held " + items.size());
    }
    List<String> texts = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String item = name + "[" + i + "]";
      String text = text(item, items.get(i));
      if (text.isBlank()) {
        throw new ArgumentException(item, "must not be blank");
      }
      texts.add(text);
    }
    return List.copyOf(texts);
  }

  /**
   * Returns an optional list of overall statuses, each named by its API value ({@code
   * "RECRUITING"}) or its label ({@code "Not yet recruiting"}), ignoring case.
   *
   * @param name the argument
   * @return the statuses, empty when the argument is absent, null or an empty list
   * @throws ArgumentException if it is not a list or an item names no status
   */
  Set<OverallStatus> statuses(String name) {
    Object value = values.get(name);
    Set<OverallStatus> statuses = EnumSet.noneOf(OverallStatus.class);
    if (value == null) {
      return statuses;
    }
    List<?> items = list(name, value);
    for (int i = 0; i < items.size(); i++) {
      String item = name + "[" + i + "]";
      String text = text(item, items.get(i));
      statuses.add(status(text).orElseThrow(() -> unknownStatus(item, text)));
    }
    return statuses;
  }

  /** The names {@link #statuses} accepts, as the input schemas list them. */
  static List<String> statusNames() {
    return Arrays.stream(OverallStatus.values()).map(Enum::name).toList();
  }

  private static Optional<OverallStatus> status(String text) {
    String key = text.strip().replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    return OverallStatus.fromApi(key)
        .or(
            () ->
                Arrays.stream(OverallStatus.values())
                    .filter(status -> status.label().equalsIgnoreCase(text.strip()))
                    .findFirst());
  }

  private static ArgumentException unknownStatus(String item, String text) {
    String names = statusNames().stream().collect(Collectors.joining(", "));
    return new ArgumentException(item, "unknown status " + quote(text) + "; use one of " + names);
  }

  private static String text(String name, @Nullable Object value) {
    if (value instanceof String text) {
      return text;
    }
    throw new ArgumentException(name, "must be a string, was " + describe(value));
  }

  private static List<?> list(String name, Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new ArgumentException(name, "must be an array, was " + describe(value));
  }

  private static Optional<BigDecimal> integral(Object value) {
    BigDecimal number;
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      number = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      number = new BigDecimal(big);
    } else if (value instanceof BigDecimal decimal) {
      number = decimal;
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        return Optional.empty();
      }
      number = BigDecimal.valueOf(d);
    } else {
      return Optional.empty();
    }
    return number.stripTrailingZeros().scale() <= 0 ? Optional.of(number) : Optional.empty();
  }

  /** Says what a JSON value is, for a message: its type, and the value itself when short. */
  static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return "the string " + quote(text);
    }
    if (value instanceof Boolean || value instanceof Number) {
      return value instanceof Boolean ? "the boolean " + value : "the number " + value;
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    return value instanceof Map<?, ?> ? "an object" : "a " + value.getClass().getSimpleName();
  }

  /** Quotes text for a message, on one line and at most 60 characters. */
  static String quote(String text) {
    String line = text.replaceAll("\\s+", " ");
    return "\"" + (line.length() > 60 ? line.substring(0, 57) + "..." : line) + "\"";
  }
}
