package dev.asyncflow.trials.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The searchable text of a study or of one of its locations: for each {@link Area}, the words of
 * each of its values. Immutable once built.
 */
final class Searchable {
  private final Map<Area, List<List<String>>> values;

  private Searchable(Map<Area, List<List<String>>> values) {
    this.values = values;
  }

  /**
   * Returns whether a value of an area in {@code scope} holds {@code phrase} as consecutive words.
   * A phrase never spans two values (two conditions, say).
   *
   * @param scope the areas searched
   * @param phrase the phrase's words
   * @return whether it is found
   */
  boolean contains(Set<Area> scope, List<String> phrase) {
    for (Area area : scope) {
      for (List<String> value : values.getOrDefault(area, List.of())) {
        if (Words.contain(value, phrase)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Collects values, area by area. Used once. */
  static final class Builder {
    private final Map<Area, List<List<String>>> values = new EnumMap<>(Area.class);

    /**
     * Adds one value of {@code area}.
     *
     * @param area the area
     * @param text the value
     * @return this builder
     */
    Builder add(Area area, String text) {
      values.computeIfAbsent(area, a -> new ArrayList<>()).add(Words.of(text));
      return this;
    }

    /**
     * Adds every value {@code other} holds.
     *
     * @param other values to add
     * @return this builder
     */
    Builder addAll(Searchable other) {
      other.values.forEach(
          (area, texts) -> values.computeIfAbsent(area, a -> new ArrayList<>()).addAll(texts));
      return this;
    }

    /** Returns the values collected. */
    Searchable build() {
      Map<Area, List<List<String>>> copy = new EnumMap<>(Area.class);
      values.forEach((area, texts) -> copy.put(area, List.copyOf(texts)));
      return new Searchable(Collections.unmodifiableMap(copy));
    }
  }
}
