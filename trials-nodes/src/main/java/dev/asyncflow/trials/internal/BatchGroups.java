package dev.asyncflow.trials.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A batch's inputs grouped by what is asked: inputs that differ only by case or surrounding spaces
 * form one group, queried once. Groups keep the order of their first input.
 */
public final class BatchGroups {

  /**
   * The inputs that ask the same thing.
   *
   * @param text the first input of the group, trimmed: what is queried
   * @param indexes the positions of the group's inputs, ascending
   */
  public record Group(String text, int[] indexes) {}

  private BatchGroups() {}

  /**
   * Copies {@code inputs}, reading the list once.
   *
   * @param inputs the batch's inputs
   * @return an unmodifiable copy
   * @throws NullPointerException naming the position of a null input
   */
  public static List<String> copyOf(List<String> inputs) {
    List<String> copy = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      int position = copy.size();
      copy.add(Objects.requireNonNull(input, () -> "input " + position + " is null"));
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * Groups {@code inputs}.
   *
   * @param inputs the batch's inputs
   * @return the groups, in the order of their first input
   * @throws NullPointerException naming the position of a null input
   */
  public static List<Group> of(List<String> inputs) {
    Map<String, List<Integer>> positions = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      int position = i;
      String input = Objects.requireNonNull(inputs.get(i), () -> "input " + position + " is null");
      String key = input.strip().toLowerCase(Locale.ROOT);
      positions.computeIfAbsent(key, k -> new ArrayList<>(1)).add(i);
    }
    List<Group> groups = new ArrayList<>(positions.size());
    for (List<Integer> indexes : positions.values()) {
      int[] array = indexes.stream().mapToInt(Integer::intValue).toArray();
      groups.add(new Group(inputs.get(array[0]).strip(), array));
    }
    return groups;
  }
}
