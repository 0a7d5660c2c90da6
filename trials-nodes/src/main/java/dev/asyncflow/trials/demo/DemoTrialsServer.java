package dev.asyncflow.trials.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the ClinicalTrials.gov API v2, in this process, serving synthetic demo studies on
 * the loopback interface: for running the trials-nodes client, the examples and tests without the
 * network.
 *
 * <pre>{@code
 * try (DemoTrialsServer demo = DemoTrialsServer.start();
 *     HttpClientManager http = HttpClientManager.create()) {
 *   ClinicalTrialsClient client =
 *       ClinicalTrialsClient.builder(http).baseUri(demo.baseUri()).build();
 *   SearchResult result = client.search(StudyQuery.ofMutation("BRAF V600E")).join();
 * }
 * }</pre>
 *
 * <h2>Data</h2>
 *
 * About thirty studies written for this project, built around the mutations of {@link
 * #sampleMutations()}, in the API's JSON shape ({@code protocolSection} with its identification,
 * status, sponsor, description, conditions, design, arms and interventions, eligibility and
 * locations modules; some modules are missing in some studies, as in real records). They are not
 * real trials: their NCT ids lie in the unassigned range {@code NCT099xxxxx}, their official titles
 * begin with {@code "DEMO DATA, not a real trial: "} and their sponsors are fictional. Some name a
 * mutation only under "Exclusion Criteria:", as real trials do, so that a mutation search has such
 * studies to leave out. The data is read once and shared by every server; it never changes.
 *
 * <h2>Protocol</h2>
 *
 * Every response carries the header {@code X-Demo-Data: true}. Errors have a plain-text body.
 *
 * <ul>
 *   <li>{@code GET /api/v2/studies} answers {@code {"studies":[...],"nextPageToken":"..."}} in the
 *       data's fixed order, with {@code totalCount} on the first page when {@code countTotal=true}
 *       and no {@code nextPageToken} on the last page. Parameters: {@code query.term}, {@code
 *       query.cond} (conditions and keywords), {@code query.intr} (intervention names), {@code
 *       query.titles}, {@code query.spons} (lead sponsor), {@code query.locn} (a study matches when
 *       one of its locations satisfies the whole expression), {@code filter.advanced}, {@code
 *       filter.overallStatus} (comma-separated status names), {@code filter.geo} ({@code
 *       distance(lat,lon,50mi)} or {@code km}: some location within that great-circle distance),
 *       {@code pageSize} (1 to 1,000, default 10), {@code pageToken} (from the previous page; later
 *       pages repeat the other parameters), {@code countTotal} and {@code format=json}. {@code
 *       fields} and {@code sort} are accepted and have no effect: studies are always whole and in
 *       the data's order. Any other parameter, an expression that cannot be parsed, a bad {@code
 *       pageSize} or a page token issued for other parameters is answered with 400 Bad Request.
 *   <li>{@code GET /api/v2/studies/{nctId}} answers the study, or 404 Not Found.
 *   <li>Other paths answer 404, other methods on these paths 405.
 * </ul>
 *
 * <p>The query parameters take a subset of the Essie expression syntax: quoted phrases ({@code
 * "EGFR L858R"}, a backslash taking the next character literally), bare words, {@code AND}, {@code
 * OR}, {@code NOT}, parentheses, and {@code AREA[Field]} with the field names {@code NCTId}, {@code
 * BriefTitle}, {@code OfficialTitle}, {@code BriefSummary}, {@code Condition}, {@code Keyword},
 * {@code InterventionName}, {@code InterventionType}, {@code EligibilityCriteria}, {@code
 * LeadSponsorName}, {@code OverallStatus}, {@code Phase}, {@code StudyType}, {@code Sex}, {@code
 * LocationFacility}, {@code LocationCity}, {@code LocationState}, {@code LocationCountry} and
 * {@code LocationStatus}. A phrase matches a field value that holds its words consecutively; words
 * are runs of letters and digits compared without case, so spacing and punctuation between them do
 * not matter ({@code "egfr l858r"} matches {@code EGFR-L858R}), and there is no stemming. In {@code
 * query.term} and {@code filter.advanced} a phrase outside {@code AREA[...]} searches the titles,
 * brief summary, keywords, eligibility criteria, conditions and intervention names. So the
 * mutation-aware query of the trials-nodes client, {@code (AREA[EligibilityCriteria]("X") OR
 * AREA[BriefTitle]("X") OR ...)}, finds the studies that name X in one of those fields.
 *
 * <h2>Lifecycle and threads</h2>
 *
 * {@link #start()} binds an ephemeral port on the loopback address and serves at once; requests are
 * answered on at most four daemon worker threads, started as needed, plus the JDK server's
 * dispatcher thread. {@link #close()} stops serving, closes open connections and waits (briefly)
 * until those threads have ended; afterwards connections to the port are refused. Close every
 * server: until then its dispatcher thread keeps the JVM running. Nothing is written to standard
 * output; an unexpected failure inside the server is answered with 500 and logged through {@link
 * System.Logger} at WARNING.
 *
 * <p>Thread-safe: any thread may use a server, and requests are served concurrently.
 */
public final class DemoTrialsServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DemoTrialsServer.class.getName());

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String STUDIES = "/api/v2/studies";

  private static final int WORKERS = 4;

  private static final long CLOSE_WAIT_SECONDS = 5;

  /** The mutations the demo data is written around, in a fixed order. */
  private static final List<String> SAMPLE_MUTATIONS =
      List.of(
          "BRAF V600E",
          "EGFR L858R",
          "EGFR T790M",
          "EGFR exon 19 deletion",
          "KRAS G12C",
          "ALK fusion",
          "ROS1 fusion",
          "HER2 amplification",
          "PIK3CA H1047R",
          "IDH1 R132H",
          "NTRK fusion",
          "MET exon 14 skipping",
          "BRCA1");

  private final DemoData data;
  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoTrialsServer(DemoData data, HttpServer server) {
    this.data = data;
    this.server = server;
    InetSocketAddress address = server.getAddress();
    this.baseUri = rootOf(address);
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("asyncflow-demo-trials-" + address.getPort() + "-"));
    workers.allowCoreThreadTimeOut(true);
    server.setExecutor(workers);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a server on an ephemeral port of the loopback address ({@link
   * InetAddress#getLoopbackAddress()}, usually 127.0.0.1); it serves when this method returns. Each
   * call starts another server, on another port.
   *
   * @return the running server; close it when done
   * @throws UncheckedIOException if no port can be bound
   * @throws IllegalStateException if the demo data cannot be read (a broken build)
   */
  public static DemoTrialsServer start() {
    DemoData data = DemoData.get();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException bindFailed) {
      throw new UncheckedIOException("the demo server cannot bind a loopback port", bindFailed);
    }
    DemoTrialsServer demo = new DemoTrialsServer(data, server);
    server.start();
    return demo;
  }

  /**
   * Returns the server's root, such as {@code http://127.0.0.1:49152/}: give it to {@code
   * ClinicalTrialsClient.builder(manager).baseUri(...)}, which adds {@code api/v2/}. The same after
   * {@link #close()}, though nothing answers there then.
   *
   * @return the root URI, ending in {@code /}
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Returns the mutations the demo data is written around, in a fixed order, {@code BRAF V600E}
   * first: {@code BRAF V600E}, {@code EGFR L858R}, {@code EGFR T790M}, {@code EGFR exon 19
   * deletion}, {@code KRAS G12C}, {@code ALK fusion}, {@code ROS1 fusion}, {@code HER2
   * amplification}, {@code PIK3CA H1047R}, {@code IDH1 R132H}, {@code NTRK fusion}, {@code MET exon
   * 14 skipping} and {@code BRCA1}. A mutation search for each finds at least one study; {@code
   * BRAF V600E} finds more than one default page of ten.
   *
   * @return the mutations, unmodifiable
   */
  public List<String> sampleMutations() {
    return SAMPLE_MUTATIONS;
  }

  /**
   * Stops serving: closes the port and every open connection (a request in progress fails), then
   * waits up to five seconds for the server's threads to end. Idempotent; later calls return at
   * once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "demo server threads still running after close: {0}", baseUri);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns a description naming the root URI, the number of studies and whether it is closed. */
  @Override
  public String toString() {
    return "DemoTrialsServer{baseUri="
        + baseUri
        + ", studies="
        + data.studies().size()
        + ", closed="
        + closed.get()
        + "}";
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      Response response;
      try {
        response = route(exchange);
      } catch (BadRequestException refused) {
        response = Response.text(400, String.valueOf(refused.getMessage()));
      } catch (RuntimeException failure) {
        LOG.log(Level.WARNING, "the demo server failed to answer a request", failure);
        response = Response.text(500, "The demo server failed: " + failure);
      }
      send(exchange, response);
    } catch (IOException clientGone) {
      // The client closed the connection (or close() did); there is nobody to answer.
    }
  }

  private Response route(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    boolean studies = path.equals(STUDIES);
    boolean oneStudy =
        path.startsWith(STUDIES + "/") && path.indexOf('/', STUDIES.length() + 1) < 0;
    if (!studies && !oneStudy) {
      return Response.text(404, "Not found: " + path);
    }
    if (!method.equals("GET")) {
      return Response.text(405, "Method not allowed: " + method + " (use GET)");
    }
    Map<String, String> parameters = QueryString.decode(exchange.getRequestURI().getRawQuery());
    return studies ? search(parameters) : study(path.substring(STUDIES.length() + 1), parameters);
  }

  private Response search(Map<String, String> parameters) {
    StudySearch.Page page = new StudySearch(parameters).page(data.studies());
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("studies");
    page.studies().forEach(study -> items.add(study.json()));
    if (page.totalCount() != null) {
      body.put("totalCount", page.totalCount());
    }
    if (page.nextPageToken() != null) {
      body.put("nextPageToken", page.nextPageToken());
    }
    return Response.json(body);
  }

  private Response study(String nctId, Map<String, String> parameters) {
    for (String name : parameters.keySet()) {
      if (!name.equals("fields") && !name.equals("format")) {
        throw new BadRequestException("Invalid prefix in parameter name: " + name);
      }
    }
    StudySearch.checkFormat(parameters.get("format"));
    return data.study(nctId)
        .map(study -> Response.json(study.json()))
        .orElseGet(() -> Response.text(404, "Study not found: " + nctId));
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("X-Demo-Data", "true");
    if (response.status() == 405) {
      exchange.getResponseHeaders().set("Allow", "GET");
    }
    exchange.sendResponseHeaders(response.status(), response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }

  /** A response to send: status, content type and body. */
  private record Response(int status, String contentType, byte[] body) {
    static Response text(int status, String text) {
      return new Response(
          status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static Response json(Object body) {
      try {
        return new Response(200, "application/json", JSON.writeValueAsBytes(body));
      } catch (JsonProcessingException impossible) {
        throw new IllegalStateException("demo data cannot be written as JSON", impossible);
      }
    }
  }

  private static URI rootOf(InetSocketAddress address) {
    try {
      return new URI(
          "http", null, address.getAddress().getHostAddress(), address.getPort(), "/", null, null);
    } catch (URISyntaxException impossible) {
      throw new IllegalStateException("no URI for " + address, impossible);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
