package dev.asyncflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks that {@code toString()} names every setting: each public no-arg accessor declared by the
 * class appears as {@code name=} (accessors that return an empty optional do not apply to the
 * object at hand and are skipped).
 */
final class ToStringContract {
  private ToStringContract() {}

  /**
   * Asserts that {@code object.toString()} contains {@code accessor=} for every public no-arg
   * instance method its class declares, except {@code notSettings}.
   *
   * @param object the object to describe
   * @param notSettings accessors that are derived, not settings
   * @return the names checked
   */
  static List<String> assertNamesEverySetting(Object object, Set<String> notSettings) {
    String text = object.toString();
    List<String> names =
        Arrays.stream(object.getClass().getDeclaredMethods())
            .filter(ToStringContract::isAccessor)
            .filter(method -> !notSettings.contains(method.getName()))
            .filter(method -> applies(method, object))
            .map(Method::getName)
            .sorted()
            .toList();
    assertThat(names).isNotEmpty();
    assertThat(names).allSatisfy(name -> assertThat(text).contains(name + "="));
    return names;
  }

  private static boolean isAccessor(Method method) {
    return Modifier.isPublic(method.getModifiers())
        && !Modifier.isStatic(method.getModifiers())
        && method.getParameterCount() == 0
        && method.getReturnType() != void.class
        && !Set.of("toString", "hashCode").contains(method.getName());
  }

  private static boolean applies(Method method, Object object) {
    try {
      Object value = method.invoke(object);
      return !(value instanceof Optional<?> optional && optional.isEmpty())
          && !(value instanceof OptionalInt optionalInt && optionalInt.isEmpty())
          && !(value instanceof OptionalDouble optionalDouble && optionalDouble.isEmpty());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call " + method, e);
    }
  }
}
