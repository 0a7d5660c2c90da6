package dev.asyncflow.trials.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code sort} parameter: up to two comma- or pipe-separated items, each a field name or
 * {@code @relevance} with an optional {@code :asc} or {@code :desc}, in the API's syntax. The demo
 * server sorts by {@code StartDate} (newest first unless {@code :asc}) and {@code EnrollmentCount}
 * (smallest first unless {@code :desc}); studies without the value come last. {@code @relevance}
 * and other fields, which the demo data does not hold, leave the data's order. The sort is stable.
 */
final class StudyOrder {
  private static final Pattern ITEM =
      Pattern.compile("(@relevance|[a-zA-Z][a-zA-Z0-9\\-. ]*)(?::(asc|desc))?");
  private static final Pattern SEPARATORS = Pattern.compile("[,|]");
  private static final int MAX_ITEMS = 2;

  private StudyOrder() {}

  /**
   * Returns the order {@code sort} asks for.
   *
   * @param sort the parameter's value
   * @return a comparator of studies; equal studies keep the data's order when sorted stably
   * @throws BadRequestException if it is not in the API's syntax
   */
  static Comparator<DemoStudy> parse(String sort) {
    String[] items = SEPARATORS.split(sort, -1);
    if (items.length > MAX_ITEMS) {
      throw new BadRequestException("Invalid sort: at most " + MAX_ITEMS + " items, was " + sort);
    }
    List<Comparator<DemoStudy>> order = new ArrayList<>();
    for (String item : items) {
      Matcher matcher = ITEM.matcher(item.strip());
      if (!matcher.matches()) {
        throw new BadRequestException("Invalid sort item: \"" + item + "\"");
      }
      order.add(by(matcher.group(1), matcher.group(2)));
    }
    return order.stream().reduce(Comparator::thenComparing).orElse((a, b) -> 0);
  }

  private static Comparator<DemoStudy> by(String field, @Nullable String direction) {
    return switch (field.toLowerCase(Locale.ROOT)) {
      case "startdate" ->
          nullsLast(
              study -> text(study, "statusModule", "startDateStruct", "date"),
              !"asc".equals(direction));
      case "enrollmentcount" ->
          nullsLast(
              study -> count(study, "designModule", "enrollmentInfo", "count"),
              "desc".equals(direction));
      default -> (a, b) -> 0;
    };
  }

  private static <T extends Comparable<T>> Comparator<DemoStudy> nullsLast(
      Function<DemoStudy, @Nullable T> value, boolean descending) {
    Comparator<T> natural = Comparator.naturalOrder();
    return Comparator.comparing(
        value, Comparator.nullsLast(descending ? natural.reversed() : natural));
  }

  private static @Nullable String text(DemoStudy study, String... path) {
    JsonNode node = at(study, path);
    return node.isTextual() ? node.asText() : null;
  }

  private static @Nullable Long count(DemoStudy study, String... path) {
    JsonNode node = at(study, path);
    return node.isIntegralNumber() ? node.asLong() : null;
  }

  private static JsonNode at(DemoStudy study, String... path) {
    JsonNode node = study.json().path("protocolSection");
    for (String name : path) {
      node = node.path(name);
    }
    return node;
  }
}
