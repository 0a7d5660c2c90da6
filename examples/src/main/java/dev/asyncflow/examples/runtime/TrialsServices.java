package dev.asyncflow.examples.runtime;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.trials.AnthropicSummarizer;
import dev.asyncflow.trials.ClinicalTrialsClient;
import dev.asyncflow.trials.TrialSummarizer;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The services a program runs on, built once from its {@link Endpoints}: one HTTP client manager,
 * the ClinicalTrials.gov client (with a {@linkplain SearchCaches#caffeine() process-wide cache}),
 * the summarizer, and, offline, the demo server they talk to.
 *
 * <p>Online, the ClinicalTrials.gov client keeps the library's polite defaults (at most 4 requests
 * at once, 10 a second). Offline, the demo server is on loopback, so the rate limit is lifted and
 * up to {@value #OFFLINE_CONCURRENCY} requests run at once. Summaries come from Claude when the
 * environment holds {@value TrialSummarizer#API_KEY_VARIABLE} and the program is online, else from
 * the local summarizer; {@link #notices()} says which, and says when the data is demo data.
 *
 * <p>Thread-safe; {@link #close()} closes everything it started.
 */
public final class TrialsServices implements AutoCloseable {
  /** Requests at once against the offline demo server when the caller does not choose. */
  public static final int OFFLINE_CONCURRENCY = 16;

  private static final String DEMO_DATA_NOTICE =
      "DEMO DATA: synthetic studies served in-process, not ClinicalTrials.gov records";

  private final HttpClientManager http;
  private final @Nullable DemoTrialsServer demo;
  private final ClinicalTrialsClient client;
  private final Summaries summaries;

  /** The summarizer and the notice that names it. */
  private record Summaries(TrialSummarizer summarizer, String notice) {}

  private TrialsServices(
      HttpClientManager http,
      @Nullable DemoTrialsServer demo,
      ClinicalTrialsClient client,
      Summaries summaries) {
    this.http = http;
    this.demo = demo;
    this.client = client;
    this.summaries = summaries;
  }

  /**
   * Starts the services with the ClinicalTrials.gov service's default concurrency.
   *
   * @param endpoints where the services are
   * @param environment looks up an environment variable, null when unset (such as {@code
   *     System::getenv})
   * @return the running services; close them when done
   */
  public static TrialsServices start(
      Endpoints endpoints, Function<String, @Nullable String> environment) {
    return start(endpoints, environment, 0);
  }

  /**
   * Starts the services, letting up to {@code maxConcurrency} ClinicalTrials.gov requests run at
   * once (the rate limit, online, still applies).
   *
   * @param endpoints where the services are
   * @param environment looks up an environment variable, null when unset
   * @param maxConcurrency requests at once, at least 1; or 0 for the default
   * @return the running services; close them when done
   * @throws IllegalArgumentException if {@code maxConcurrency} is negative
   */
  public static TrialsServices start(
      Endpoints endpoints, Function<String, @Nullable String> environment, int maxConcurrency) {
    if (maxConcurrency < 0) {
      throw new IllegalArgumentException("maxConcurrency must be >= 0, was " + maxConcurrency);
    }
    HttpClientManager http = HttpClientManager.create();
    DemoTrialsServer demo = null;
    try {
      demo = endpoints.offline() ? DemoTrialsServer.start() : null;
      ClinicalTrialsClient client = client(http, endpoints, demo, maxConcurrency);
      return new TrialsServices(http, demo, client, summaries(http, endpoints, environment));
    } catch (RuntimeException | Error e) {
      closeQuietly(http, demo, e);
      throw e;
    }
  }

  private static ClinicalTrialsClient client(
      HttpClientManager http,
      Endpoints endpoints,
      @Nullable DemoTrialsServer demo,
      int maxConcurrency) {
    ClinicalTrialsClient.Builder builder =
        ClinicalTrialsClient.builder(http).cache(SearchCaches.caffeine());
    URI root = demo != null ? demo.baseUri() : endpoints.ctgovUrl();
    if (root != null) {
      builder.baseUri(root);
    }
    if (demo != null) {
      int concurrency = maxConcurrency == 0 ? OFFLINE_CONCURRENCY : maxConcurrency;
      builder.configureService(service -> service.rateLimit(null).maxConcurrency(concurrency));
    } else if (maxConcurrency > 0) {
      builder.configureService(service -> service.maxConcurrency(maxConcurrency));
    }
    return builder.build();
  }

  private static Summaries summaries(
      HttpClientManager http, Endpoints endpoints, Function<String, @Nullable String> environment) {
    String key = environment.apply(TrialSummarizer.API_KEY_VARIABLE);
    if (endpoints.offline()) {
      return new Summaries(
          TrialSummarizer.local(), "Summaries: local summarizer (offline: no language model)");
    }
    if (key == null || key.isBlank()) {
      return new Summaries(
          TrialSummarizer.local(),
          "Summaries: local summarizer (" + TrialSummarizer.API_KEY_VARIABLE + " is not set)");
    }
    AnthropicSummarizer.Builder builder = AnthropicSummarizer.builder(http).apiKey(key);
    URI anthropicUrl = endpoints.anthropicUrl();
    if (anthropicUrl != null) {
      builder.baseUri(anthropicUrl);
    }
    return new Summaries(
        builder.build(),
        "Summaries: Claude (" + AnthropicSummarizer.DEFAULT_MODEL + ", Anthropic API)");
  }

  private static void closeQuietly(
      HttpClientManager http, @Nullable DemoTrialsServer demo, Throwable failure) {
    try {
      http.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    if (demo != null) {
      demo.close();
    }
  }

  /**
   * Returns the HTTP client manager every service runs on.
   *
   * @return the manager
   */
  public HttpClientManager http() {
    return http;
  }

  /**
   * Returns the ClinicalTrials.gov client.
   *
   * @return the client
   */
  public ClinicalTrialsClient client() {
    return client;
  }

  /**
   * Returns the summarizer: Claude or the local one.
   *
   * @return the summarizer
   */
  public TrialSummarizer summarizer() {
    return summaries.summarizer();
  }

  /**
   * Returns whether the studies come from the in-process demo server.
   *
   * @return true when offline
   */
  public boolean demoData() {
    return demo != null;
  }

  /**
   * Returns the lines a program shows its user before its results: {@code DEMO DATA: ...} when
   * offline, and which summarizer writes summaries.
   *
   * @return the notices, in order
   */
  public List<String> notices() {
    return notices(true);
  }

  /**
   * Returns the notices a program shows its user before its results.
   *
   * @param summaries whether the program summarizes, so that the summarizer's notice belongs
   * @return {@code DEMO DATA: ...} when offline, then, when {@code summaries}, which summarizer
   *     writes them
   */
  public List<String> notices(boolean summaries) {
    List<String> notices = new ArrayList<>(2);
    if (demo != null) {
      notices.add(DEMO_DATA_NOTICE);
    }
    if (summaries) {
      notices.add(this.summaries.notice());
    }
    return List.copyOf(notices);
  }

  /** Closes the HTTP client manager, then the demo server. Idempotent. */
  @Override
  public void close() {
    try {
      http.close();
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  @Override
  public String toString() {
    return "TrialsServices{ctgov="
        + client.service().config().baseUri()
        + ", demoData="
        + demoData()
        + ", summarizer="
        + summaries.summarizer()
        + "}";
  }
}
