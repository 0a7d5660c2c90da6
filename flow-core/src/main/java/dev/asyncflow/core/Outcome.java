package dev.asyncflow.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one item of parallel work: a value, or the exception that ended it.
 *
 * <p>Used in {@link ParallelPolicy.FailurePolicy#COLLECT_ALL} mode, where every item runs to its
 * end and the outcomes are reported in input order. Instances are immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class Outcome<T extends @Nullable Object> {
  private final @Nullable T value;
  private final @Nullable Throwable error;

  private Outcome(@Nullable T value, @Nullable Throwable error) {
    this.value = value;
    this.error = error;
  }

  /**
   * Returns a successful outcome.
   *
   * @param value the value, possibly null
   * @param <T> the type of the value
   * @return an outcome holding {@code value}
   */
  public static <T extends @Nullable Object> Outcome<T> success(@Nullable T value) {
    return new Outcome<>(value, null);
  }

  /**
   * Returns a failed outcome.
   *
   * @param error what ended the item
   * @param <T> the type the value would have had
   * @return an outcome holding {@code error}
   */
  public static <T extends @Nullable Object> Outcome<T> failure(Throwable error) {
    return new Outcome<>(null, Objects.requireNonNull(error, "error"));
  }

  /**
   * Tells whether the item succeeded.
   *
   * @return true when the item produced a value
   */
  public boolean isSuccess() {
    return error == null;
  }

  /**
   * Returns the value of a successful outcome.
   *
   * @return the value, possibly null
   * @throws IllegalStateException if the outcome is a failure
   */
  public @Nullable T value() {
    if (error != null) {
      throw new IllegalStateException("Outcome is a failure: " + error, error);
    }
    return value;
  }

  /**
   * Returns the exception of a failed outcome.
   *
   * @return the exception
   * @throws IllegalStateException if the outcome is a success
   */
  public Throwable error() {
    if (error == null) {
      throw new IllegalStateException("Outcome is a success");
    }
    return error;
  }

  @Override
  public String toString() {
    return error == null ? "Success[" + value + "]" : "Failure[" + error + "]";
  }
}
