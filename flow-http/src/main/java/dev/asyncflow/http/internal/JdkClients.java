package dev.asyncflow.http.internal;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Shuts down JDK HTTP clients on JDK 21 and later, where {@code HttpClient} has {@code
 * shutdownNow()} and {@code awaitTermination(Duration)}. The library is compiled for 17, so both
 * are looked up at run time; on 17 to 20 there is nothing to call and the client's selector thread
 * ends once the client is unreachable.
 */
final class JdkClients {
  private static final System.Logger LOG = System.getLogger(JdkClients.class.getName());
  private static final @Nullable MethodHandle SHUTDOWN_NOW =
      find("shutdownNow", MethodType.methodType(void.class));
  private static final @Nullable MethodHandle AWAIT_TERMINATION =
      find("awaitTermination", MethodType.methodType(boolean.class, Duration.class));

  private JdkClients() {}

  static void shutdown(HttpClient client, Duration wait) {
    if (!(client instanceof AutoCloseable) || SHUTDOWN_NOW == null || AWAIT_TERMINATION == null) {
      return;
    }
    try {
      SHUTDOWN_NOW.invoke(client);
      boolean ended = (boolean) AWAIT_TERMINATION.invoke(client, wait);
      if (!ended) {
        LOG.log(Level.WARNING, "a JDK HttpClient did not terminate within " + wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      LOG.log(Level.WARNING, "cannot shut down a JDK HttpClient", e);
    }
  }

  private static @Nullable MethodHandle find(String name, MethodType type) {
    try {
      return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
    } catch (NoSuchMethodException | IllegalAccessException absentBeforeJdk21) {
      return null;
    }
  }
}
