package dev.asyncflow.http.internal;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One resource of a call or an attempt (a breaker ticket, a permit request, a timer, an exchange):
 * handed over once when acquired, released once by its single release action. Whichever comes first
 * wins: a resource handed over after {@link #release()} is released at once, by the same action, so
 * a step racing with the end of its attempt can never leak what it acquired. Thread-safe.
 *
 * @param <R> the resource
 */
final class Held<R> {
  private final Consumer<R> releaseAction;
  private @Nullable R resource;
  private boolean released;

  /**
   * Creates an empty holder.
   *
   * @param releaseAction how the resource is released; runs at most once per resource
   */
  Held(Consumer<R> releaseAction) {
    this.releaseAction = releaseAction;
  }

  /**
   * Takes ownership of {@code acquired}.
   *
   * @param acquired the resource
   * @return true if it is held; false if the holder was already released, in which case {@code
   *     acquired} has just been released too
   */
  boolean hold(R acquired) {
    synchronized (this) {
      if (!released) {
        resource = acquired;
        return true;
      }
    }
    releaseAction.accept(acquired);
    return false;
  }

  /** Releases the resource held, if any, and every resource handed over later. Idempotent. */
  void release() {
    R held;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      held = resource;
      resource = null;
    }
    if (held != null) {
      releaseAction.accept(held);
    }
  }
}
