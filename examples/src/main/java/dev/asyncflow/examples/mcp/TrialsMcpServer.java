package dev.asyncflow.examples.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.examples.runtime.BuildInfo;
import dev.asyncflow.examples.runtime.EndpointOptions;
import dev.asyncflow.examples.runtime.Endpoints;
import dev.asyncflow.examples.runtime.ErrorText;
import dev.asyncflow.examples.runtime.JvmTuning;
import dev.asyncflow.examples.runtime.TrialsServices;
import dev.asyncflow.trials.TrialsFlow;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The trials MCP server: {@code java -jar examples/target/trials-mcp.jar [--ctgov-url URL]
 * [--anthropic-url URL] [--offline]}. It starts the {@link TrialsServices} (HTTP client manager,
 * ClinicalTrials.gov client, summarizer, and with {@code --offline} the demo data server), then
 * serves the Model Context Protocol over stdio until stdin closes, and then closes everything and
 * exits with 0. A line on stdin that is not a JSON-RPC message the SDK can decode is logged and
 * dropped, and the session goes on (see {@link StdinGate}).
 *
 * <p>stdout carries only protocol messages: {@code System.out} is pointed at stderr before anything
 * runs, and the SDK's transport writes to the original stdout. Logs (java.util.logging, with SLF4J
 * routed to it) and the startup notices go to stderr. Bad options print one line on stderr and exit
 * with 2; a failure to start exits with 1.
 *
 * <p>The server is the SDK's asynchronous one: a tool's handler returns the library's {@code
 * CompletableFuture} as a {@code Mono} at once, so no thread waits for ClinicalTrials.gov or the
 * Anthropic API, and calls run concurrently. The SDK's own check of arguments against the input
 * schemas is turned off: {@link ToolArguments} checks the same rules and answers with one line that
 * names the argument, where the SDK would report the schema library's messages.
 *
 * <p>Instances are single-use and not thread-safe; {@link #main} makes one.
 */
@Command(
    name = "trials-mcp",
    mixinStandardHelpOptions = true,
    versionProvider = TrialsMcpServer.Version.class,
    description = {
      "Serves the Model Context Protocol over stdio: tools that search ClinicalTrials.gov by"
          + " mutation (search_trials, search_trials_batch) and report the HTTP services"
          + " (service_status).",
      "Start it from an MCP client such as Claude Desktop; stdout carries only protocol"
          + " messages, logs go to stderr. Summaries use ANTHROPIC_API_KEY when it is set."
    })
public final class TrialsMcpServer implements Callable<Integer> {
  /** The server's name in the MCP handshake. */
  static final String SERVER_NAME = "asyncflow-trials";

  private static final Logger LOG = Logger.getLogger(TrialsMcpServer.class.getName());

  private static final String INSTRUCTIONS =
      "Searches ClinicalTrials.gov for clinical trials by genetic mutation. Use search_trials for"
          + " one mutation, search_trials_batch for several, and service_status when searches"
          + " fail. Results give each trial's NCT id with a link; results marked DEMO DATA are"
          + " synthetic.";

  @SuppressWarnings("NullAway.Init") // set by picocli before call()
  @Mixin
  private EndpointOptions endpointOptions;

  private final InputStream stdin;
  private final OutputStream protocolOut;
  private final PrintStream err;
  private final Function<String, @Nullable String> environment;

  private TrialsMcpServer(
      InputStream stdin,
      OutputStream protocolOut,
      PrintStream err,
      Function<String, @Nullable String> environment) {
    this.stdin = stdin;
    this.protocolOut = protocolOut;
    this.err = err;
    this.environment = environment;
  }

  /**
   * Runs the server until stdin closes, then exits the JVM with the exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    JvmTuning.tuneCommonPool();
    oneLineLogRecords();
    PrintStream stdout = System.out;
    System.setOut(System.err);
    System.exit(run(args, System.in, stdout, System.err, System::getenv));
  }

  /**
   * Parses the command line and serves until {@code in} ends.
   *
   * @param args the command line
   * @param in where protocol messages arrive
   * @param out where protocol messages go, and {@code --help} and {@code --version}
   * @param err where notices and errors go
   * @param environment the environment, for {@code ANTHROPIC_API_KEY}
   * @return the exit code: 0 after serving or for help, 1 if the server could not start, 2 for bad
   *     options
   */
  static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Function<String, @Nullable String> environment) {
    CommandLine commandLine = new CommandLine(new TrialsMcpServer(in, out, err, environment));
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> usageError(err, String.valueOf(e.getMessage())));
    commandLine.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          err.println("trials-mcp: could not start: " + ErrorText.describe(e));
          return 1;
        });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    Endpoints endpoints;
    try {
      endpoints = endpointOptions.endpoints();
    } catch (IllegalArgumentException e) {
      return usageError(err, String.valueOf(e.getMessage()));
    }
    try (TrialsServices services = TrialsServices.start(endpoints, environment)) {
      services.notices().forEach(err::println);
      Serving serving = serve(services, stdin, protocolOut);
      LOG.info(() -> SERVER_NAME + " " + version() + " serving MCP over stdio");
      serving.endOfInput().join();
      LOG.info("stdin closed: shutting down");
      serving.server().close();
    }
    return 0;
  }

  /**
   * Makes java.util.logging write one line per record, unless the user configured logging: a system
   * property for the format, or a configuration file or class.
   */
  private static void oneLineLogRecords() {
    String format = "java.util.logging.SimpleFormatter.format";
    if (System.getProperty(format) == null
        && System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.config.class") == null) {
      System.setProperty(format, "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    }
  }

  private static int usageError(PrintStream err, String message) {
    err.println("trials-mcp: " + ErrorText.oneLine(message) + " (see --help)");
    return 2;
  }

  /**
   * Starts serving the tools over stdio. A {@link StdinGate} reads {@code in} on a thread of its
   * own and hands the SDK's transport only the lines it can decode.
   *
   * @param services the services the tools use
   * @param in where requests arrive
   * @param out where responses go
   * @return the running server, and when {@code in} ended
   */
  static Serving serve(TrialsServices services, InputStream in, OutputStream out) {
    McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    StdinGate gate = new StdinGate(in, json);
    McpAsyncServer server =
        McpServer.async(
                new StdioServerTransportProvider(json, gate.input(), out, StdinGate.MAX_LINE_CHARS))
            .serverInfo(SERVER_NAME, version())
            .instructions(INSTRUCTIONS)
            .capabilities(ServerCapabilities.builder().tools(false).build())
            .jsonMapper(json)
            .validateToolInputs(false)
            .tools(tools(services))
            .build();
    gate.start();
    return new Serving(server, gate.ended());
  }

  /**
   * A server that is serving.
   *
   * @param server the SDK's server
   * @param endOfInput completes when stdin has ended or failed, whatever the server's state
   */
  record Serving(McpAsyncServer server, CompletableFuture<Void> endOfInput) {}

  /**
   * Returns the three tools over the services.
   *
   * @param services the services
   * @return search_trials, search_trials_batch and service_status
   */
  static List<AsyncToolSpecification> tools(TrialsServices services) {
    TrialsFlow flow = TrialsFlow.create(services.client(), services.summarizer());
    return List.of(
        new SearchTrialsTool(flow, services.demoData()).specification(),
        new SearchTrialsBatchTool(services.client(), services.summarizer(), services.demoData())
            .specification(),
        new ServiceStatusTool(services.http()).specification());
  }

  /**
   * Returns the version of the examples module.
   *
   * @return such as {@code 0.1.0-SNAPSHOT}
   */
  static String version() {
    return BuildInfo.version();
  }

  /** Gives picocli's {@code --version} the module's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"trials-mcp " + version()};
    }
  }
}
