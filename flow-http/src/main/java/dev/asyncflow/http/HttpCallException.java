package dev.asyncflow.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every failure a {@link ServiceClient} call reports through its future. Each subclass
 * stands for one {@link FailureKind} and carries the call (service, method, URL without secrets)
 * and the number of attempts made. Messages never contain sensitive header values.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public abstract class HttpCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The call that failed. */
  private final CallInfo call;

  /** How many requests reached the network. */
  private final int attempts;

  /**
   * Creates an exception for {@code call}.
   *
   * @param detail what happened, without the call context (added here)
   * @param call the call that failed
   * @param attempts how many requests reached the network (0 if none did)
   * @param cause the underlying failure, if any
   */
  protected HttpCallException(
      String detail, CallInfo call, int attempts, @Nullable Throwable cause) {
    super(
        detail + " [" + Objects.requireNonNull(call, "call") + ", attempts: " + attempts + "]",
        cause);
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
    }
    this.call = call;
    this.attempts = attempts;
  }

  /**
   * Returns the call that failed.
   *
   * @return the call's service, method and redacted URL
   */
  public CallInfo call() {
    return call;
  }

  /**
   * Returns the service name.
   *
   * @return the name from the service's {@link ServiceConfig}
   */
  public String service() {
    return call.service();
  }

  /**
   * Returns how many requests of this call reached the network.
   *
   * @return the attempt count, 0 when the call failed before sending anything
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns the kind of failure, for metrics and quick dispatch.
   *
   * @return the kind this class stands for
   */
  public abstract FailureKind kind();
}
