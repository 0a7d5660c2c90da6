package dev.asyncflow.trials.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncflow.http.testing.LeakCheck;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.ClinicalTrialsUnreachableException;
import dev.asyncflow.trials.StudyQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starting and closing demo servers: ports, addresses, threads, idempotence. */
class DemoTrialsServerLifecycleTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void start_bindsTheLoopbackAddress_onAnEphemeralPort() throws Exception {
    try (DemoTrialsServer server = DemoTrialsServer.start()) {
      URI root = server.baseUri();

      assertThat(root.getScheme()).isEqualTo("http");
      assertThat(root.getPath()).isEqualTo("/");
      assertThat(root.getPort()).isPositive();
      assertThat(InetAddress.getByName(root.getHost()).isLoopbackAddress()).isTrue();
      assertThat(status(server, "api/v2/studies")).isEqualTo(200);
    }
  }

  @Test
  void startTwice_givesTwoServers_onTwoPorts() throws Exception {
    try (DemoTrialsServer first = DemoTrialsServer.start();
        DemoTrialsServer second = DemoTrialsServer.start()) {
      assertThat(first.baseUri().getPort()).isNotEqualTo(second.baseUri().getPort());

      first.close();

      assertThat(status(second, "api/v2/studies/NCT09900001")).isEqualTo(200);
    }
  }

  @Test
  void close_endsTheServersThreads_andRefusesConnections() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    DemoTrialsServer server = DemoTrialsServer.start();
    assertThat(status(server, "api/v2/studies")).isEqualTo(200); // starts a worker thread
    String workerPrefix = "asyncflow-demo-trials-" + server.baseUri().getPort() + "-";
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    Set<Thread> servers =
        started.stream()
            .filter(t -> t.getName().startsWith(workerPrefix) || t.getName().startsWith("HTTP-"))
            .collect(Collectors.toSet());
    assertThat(servers).extracting(Thread::getName).anyMatch(n -> n.startsWith(workerPrefix));
    assertThat(servers).extracting(Thread::getName).anyMatch(n -> n.startsWith("HTTP-"));

    server.close();

    assertThat(servers).allSatisfy(thread -> assertThat(thread.isAlive()).isFalse());
    assertThatThrownBy(() -> status(server, "api/v2/studies")).isInstanceOf(IOException.class);
  }

  @Test
  void afterClose_aSearchFails_asUnreachable() throws Exception {
    DemoTrialsServer server = DemoTrialsServer.start();
    ClinicalTrialsClient client =
        ClinicalTrialsClient.builder(leaks.manager()).baseUri(server.baseUri()).build();
    client.search(StudyQuery.ofMutation("KRAS G12C")).get(10, SECONDS);

    server.close();

    assertThatThrownBy(() -> client.search(StudyQuery.ofMutation("ALK fusion")).get(60, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ClinicalTrialsUnreachableException.class);
  }

  @Test
  void close_isIdempotent_andToStringSaysSo() {
    DemoTrialsServer server = DemoTrialsServer.start();
    String root = server.baseUri().toString();
    assertThat(server.toString()).contains(root).contains("closed=false").contains("studies=31");

    server.close();
    server.close();

    assertThat(server.toString()).contains(root).contains("closed=true");
    assertThat(server.baseUri()).hasToString(root);
  }

  @Test
  void nothing_isWrittenToStandardOutput() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (DemoTrialsServer server = DemoTrialsServer.start()) {
      status(server, "api/v2/studies?query.term=%22melanoma%22");
      status(server, "api/v2/studies?bogus=1");
      status(server, "api/v2/studies/NCT09999999");
      status(server, "nowhere");
    } finally {
      System.setOut(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private int status(DemoTrialsServer server, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
