package dev.asyncflow.examples.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.trials.AnthropicSummarizer;
import dev.asyncflow.trials.LocalSummarizer;
import dev.asyncflow.trials.StudyQuery;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrialsServicesTest {
  private static final Map<String, String> WITH_KEY = Map.of("ANTHROPIC_API_KEY", "sk-test-secret");

  @Test
  void offline_searchesTheDemoDataAndSaysSo() {
    try (TrialsServices services = TrialsServices.start(Endpoints.demo(), WITH_KEY::get)) {
      assertThat(services.demoData()).isTrue();
      assertThat(services.summarizer()).isInstanceOf(LocalSummarizer.class);
      assertThat(services.notices())
          .containsExactly(
              "DEMO DATA: synthetic studies served in-process, not ClinicalTrials.gov records",
              "Summaries: local summarizer (offline: no language model)");
      assertThat(services.client().search(StudyQuery.ofMutation("BRAF V600E")).join().studies())
          .isNotEmpty();
      assertThat(services.client().service().config().maxConcurrency())
          .isEqualTo(TrialsServices.OFFLINE_CONCURRENCY);
      assertThat(services.client().service().config().rateLimit()).isNull();
    }
  }

  @Test
  void online_withAKey_summarizesWithClaudeAtTheGivenUrl() {
    Endpoints endpoints =
        new Endpoints(URI.create("http://127.0.0.1:9/"), URI.create("http://127.0.0.1:10/"), false);
    try (TrialsServices services = TrialsServices.start(endpoints, WITH_KEY::get, 7)) {
      assertThat(services.demoData()).isFalse();
      assertThat(services.summarizer()).isInstanceOf(AnthropicSummarizer.class);
      assertThat(services.summarizer().toString())
          .contains("http://127.0.0.1:10")
          .doesNotContain("sk-test-secret");
      assertThat(services.notices())
          .containsExactly(
              "Summaries: Claude (" + AnthropicSummarizer.DEFAULT_MODEL + ", Anthropic API)");
      assertThat(services.client().service().config().baseUri().toString())
          .startsWith("http://127.0.0.1:9/");
      assertThat(services.client().service().config().maxConcurrency()).isEqualTo(7);
      assertThat(services.client().service().config().rateLimit()).isNotNull();
    }
  }

  @Test
  void online_withoutAKey_summarizesLocallyAndSaysWhy() {
    try (TrialsServices services = TrialsServices.start(Endpoints.publicApis(), name -> null)) {
      assertThat(services.summarizer()).isInstanceOf(LocalSummarizer.class);
      assertThat(services.notices())
          .containsExactly("Summaries: local summarizer (ANTHROPIC_API_KEY is not set)");
      assertThat(services.client().service().config().baseUri().toString())
          .startsWith("https://clinicaltrials.gov/");
    }
  }

  @Test
  void close_endsEveryThreadTheServicesStarted() throws InterruptedException {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    TrialsServices services = TrialsServices.start(Endpoints.demo(), name -> null);
    services.client().search(StudyQuery.ofMutation("KRAS G12C")).join();

    services.close();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> started = startedSince(before);
    while (!started.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      started = startedSince(before);
    }
    assertThat(started).as("threads still alive after close").isEmpty();
  }

  private static Set<String> startedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread) && thread.isAlive())
        .filter(thread -> !thread.getName().startsWith("ForkJoinPool.commonPool"))
        .filter(thread -> !isJdk17SelectorThread(thread.getName()))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  /**
   * Before JDK 21 the JDK client cannot be shut down: its selector thread ends once the client is
   * collected (flow-http's ShutdownTest covers that), not when the manager closes.
   */
  private static boolean isJdk17SelectorThread(String name) {
    return Runtime.version().feature() < 21 && name.matches("HttpClient-\\d+-SelectorManager");
  }

  @Test
  void negativeConcurrency_isRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TrialsServices.start(Endpoints.demo(), name -> null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrency must be >= 0, was -1");
  }
}
