package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Checks on config types: their {@code toString()} must name every setting they expose. */
final class Settings {
  private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode", "getClass");

  private Settings() {}

  /** The names of the public no-arg instance accessors {@code type} declares: its settings. */
  static List<String> accessorNames(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getParameterCount() == 0 && m.getReturnType() != void.class)
        .map(Method::getName)
        .filter(name -> !OBJECT_METHODS.contains(name))
        .sorted()
        .toList();
  }

  /** Asserts that {@code config.toString()} contains {@code name=} for every accessor. */
  static void assertToStringNamesEverySetting(Object config) {
    List<String> settings = accessorNames(config.getClass());
    assertThat(settings).as("settings of %s", config.getClass()).isNotEmpty();
    String text = config.toString();
    for (String setting : settings) {
      assertThat(text).as("toString of %s", config.getClass()).contains(setting + "=");
    }
  }
}
