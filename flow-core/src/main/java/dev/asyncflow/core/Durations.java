package dev.asyncflow.core;

import java.time.Duration;

/** Duration arithmetic that saturates instead of overflowing. */
final class Durations {
  private Durations() {}

  /** Returns {@code duration} in nanoseconds, capped to the range of a {@code long}. */
  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
