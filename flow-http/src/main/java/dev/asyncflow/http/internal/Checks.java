package dev.asyncflow.http.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the setting and the rejected value. */
public final class Checks {
  private Checks() {}

  /**
   * Checks {@code value >= min}.
   *
   * @param value the value
   * @param min the smallest allowed value
   * @param name the setting's name for the message
   * @return {@code value}
   */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /**
   * Checks that {@code value} is present and not negative.
   *
   * @param value the duration
   * @param name the setting's name for the message
   * @return {@code value}
   */
  public static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  /**
   * Checks that {@code value} is present and positive.
   *
   * @param value the duration
   * @param name the setting's name for the message
   * @return {@code value}
   */
  public static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /**
   * Checks that {@code status} is a valid HTTP status.
   *
   * @param status the status
   * @return {@code status}
   */
  public static int httpStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be in 100..599, was " + status);
    }
    return status;
  }

  /**
   * Returns {@code value} in nanoseconds, saturating at {@link Long#MAX_VALUE} instead of
   * overflowing.
   *
   * @param value the duration
   * @return its length in nanoseconds
   */
  public static long saturatedNanos(Duration value) {
    try {
      return value.toNanos();
    } catch (ArithmeticException overflow) {
      return value.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
