package dev.asyncflow.examples.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts results that complete in any order back into input order: each is handed on as soon as all
 * before it have been. Holds only the results that wait for an earlier one.
 *
 * <p>Thread-safe.
 *
 * @param <T> the result type
 */
final class InputOrder<T> {
  private final Consumer<T> next;
  private final Map<Integer, T> waiting = new HashMap<>();
  private int expected;

  /**
   * Creates the buffer.
   *
   * @param next receives the results in input order
   */
  InputOrder(Consumer<T> next) {
    this.next = next;
  }

  /**
   * Accepts the result at {@code index}, handing on every result now in order.
   *
   * @param index the result's position in the input, from 0; each given once
   * @param result the result
   */
  synchronized void accept(int index, T result) {
    waiting.put(index, result);
    for (T ready = waiting.remove(expected); ready != null; ready = waiting.remove(expected)) {
      expected++;
      next.accept(ready);
    }
  }
}
