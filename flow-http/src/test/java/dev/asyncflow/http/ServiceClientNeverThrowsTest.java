package dev.asyncflow.http;

import static dev.asyncflow.http.TestCalls.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.testing.LeakCheck;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No method of a service client throws: whatever goes wrong arrives through the future. */
class ServiceClientNeverThrowsTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  /**
   * Defect 9: a request the JDK refuses while it is built (here the method CONNECT, a valid token
   * that the JDK client does not support) made {@code send} throw instead of failing its future.
   */
  @Test
  void send_aRequestTheJdkRefuses_failsTheFutureInsteadOfThrowing() {
    try (HttpClientManager manager = leaks.manager()) {
      ServiceClient client =
          manager.client(ServiceConfig.builder("svc", URI.create("http://127.0.0.1:9/")).build());
      ServiceRequest refused = ServiceRequest.builder("CONNECT", "tunnel").build();
      AtomicReference<CompletableFuture<?>> sent = new AtomicReference<>();

      // When it is sent, through send and through a decoding shortcut
      assertThatReturns(() -> sent.set(client.send(refused)));
      Throwable viaSend = failureOf(sent.get());
      assertThatReturns(() -> sent.set(client.json(refused)));
      Throwable viaJson = failureOf(sent.get());

      // Then both futures fail with the JDK's refusal, and no call was counted
      assertThat(viaSend)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CONNECT");
      assertThat(viaJson).isInstanceOf(IllegalArgumentException.class);
      assertThat(client.stats().requests()).isZero();
    }
  }

  @Test
  void nullArguments_failTheFuture() {
    try (HttpClientManager manager = leaks.manager()) {
      ServiceClient client =
          manager.client(ServiceConfig.builder("svc", URI.create("http://127.0.0.1:9/")).build());
      ServiceRequest request = ServiceRequest.get("x").build();

      assertThat(failureOf(client.send(null))).isInstanceOf(NullPointerException.class);
      assertThat(failureOf(client.send(request, null))).isInstanceOf(NullPointerException.class);
      assertThat(failureOf(client.json(request, (Class<?>) null)))
          .isInstanceOf(NullPointerException.class);
    }
  }

  private static void assertThatReturns(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException thrown) {
      throw new AssertionError("the client threw instead of failing the future", thrown);
    }
  }
}
