package dev.asyncflow.examples.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.asyncflow.trials.demo.DemoTrialsServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts {@code target/trials-mcp.jar} as a process, as Claude Desktop would, and drives it over
 * stdio with the MCP SDK's own client, against a loopback ClinicalTrials.gov: the demo data server
 * in this JVM, behind WireMock, which answers 500 for one mutation. The server's environment has no
 * {@code ANTHROPIC_API_KEY}, so summaries are local.
 */
class TrialsMcpServerIT {
  private static final Path JAR = Path.of("target", "trials-mcp.jar");
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A mutation WireMock answers with 500. */
  private static final String BROKEN = "ZZZ9 X1Y";

  private static DemoTrialsServer demo;
  private static WireMockServer ctgov;
  private static McpSyncClient shared;

  @BeforeAll
  static void startServers() {
    assertThat(JAR).as("run `mvn verify`: the IT needs the packaged jar").exists();
    demo = DemoTrialsServer.start();
    ctgov =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    ctgov.start();
    String demoRoot = demo.baseUri().toString().replaceAll("/+$", "");
    ctgov.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(demoRoot)));
    ctgov.stubFor(
        get(urlPathEqualTo("/api/v2/studies"))
            .withQueryParam("query.term", containing(BROKEN))
            .atPriority(1)
            .willReturn(aResponse().withStatus(500).withBody("demo failure")));
    shared = client(new CopyOnWriteArrayList<>(), "--ctgov-url", ctgov.baseUrl() + "/");
    shared.initialize();
  }

  @AfterAll
  static void stopServers() {
    try {
      if (shared != null) {
        shared.closeGracefully();
      }
    } finally {
      if (ctgov != null) {
        ctgov.stop();
      }
      if (demo != null) {
        demo.close();
      }
      destroyChildren();
    }
  }

  @AfterEach
  void noServerLeftBehindButTheShared() {
    // Each test that starts its own server closes it; only the shared one may still run.
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
        .isLessThanOrEqualTo(1);
  }

  @Test
  void listTools_namesAndRequiredArguments() {
    Map<String, Tool> tools =
        shared.listTools().tools().stream().collect(Collectors.toMap(Tool::name, t -> t));

    assertThat(tools).containsOnlyKeys("search_trials", "search_trials_batch", "service_status");
    assertThat(tools.get("search_trials").inputSchema().get("required"))
        .isEqualTo(List.of("mutation"));
    assertThat(tools.get("search_trials_batch").inputSchema().get("required"))
        .isEqualTo(List.of("mutations"));
    assertThat(tools.get("service_status").inputSchema()).doesNotContainKey("required");
    assertThat(tools.values()).allSatisfy(tool -> assertThat(tool.outputSchema()).isNotEmpty());
    assertThat(shared.getServerInfo().name()).isEqualTo(TrialsMcpServer.SERVER_NAME);
  }

  @Test
  void searchTrials_markdownAndStructuredContent() {
    String mutation = demo.sampleMutations().get(0);

    CallToolResult result =
        shared.callTool(call("search_trials", Map.of("mutation", mutation, "max_results", 3)));

    assertThat(result.isError()).as(text(result)).isFalse();
    assertThat(text(result))
        .startsWith("# Clinical trials for " + TrialsMarkdown.escape(mutation) + "\n")
        .contains("## Summary", "## Trials", "1. [NCT")
        .contains("_Summary made locally, without a language model._");
    JsonNode json = structured(result);
    assertThat(json.get("mutation").asText()).isEqualTo(mutation);
    assertThat(json.get("totalCount").asInt()).isPositive();
    assertThat(json.get("studies").size()).isBetween(1, 3);
    assertThat(json.get("studies").get(0).get("nctId").asText()).matches("NCT\\d{8}");
    assertThat(json.get("summary").asText()).isNotBlank();
    assertThat(text(result)).contains(json.get("studies").get(0).get("nctId").asText());
  }

  @Test
  void searchTrialsBatch_oneSectionPerMutation_failureNamed() {
    String found = demo.sampleMutations().get(0);
    List<String> mutations = List.of(found, BROKEN, found.toLowerCase());

    CallToolResult result =
        shared.callTool(
            call("search_trials_batch", Map.of("mutations", mutations, "max_results", 2)));

    assertThat(result.isError()).as(text(result)).isFalse();
    String md = text(result);
    int first = md.indexOf("## 1. " + TrialsMarkdown.escape(found) + "\n");
    int second = md.indexOf("## 2. " + TrialsMarkdown.escape(BROKEN) + ": failed\n");
    int third = md.indexOf("## 3. " + TrialsMarkdown.escape(found.toLowerCase()) + "\n");
    assertThat(first).as(md).isPositive();
    assertThat(second).as(md).isGreaterThan(first);
    assertThat(third).as(md).isGreaterThan(second);
    assertThat(md).contains("**Failed** after 3 attempts: ServerErrorException");
    JsonNode results = structured(result).get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("ok").asBoolean()).isTrue();
    assertThat(results.get(0).get("studies").size()).isBetween(1, 2);
    assertThat(results.get(1).get("ok").asBoolean()).isFalse();
    assertThat(results.get(1).get("mutation").asText()).isEqualTo(BROKEN);
    assertThat(results.get(1).get("error").get("type").asText()).isEqualTo("ServerErrorException");
    assertThat(results.get(1).get("attempts").asInt()).isEqualTo(3);
    assertThat(results.get(2).get("ok").asBoolean()).isTrue();
  }

  @Test
  void serviceStatus_countsTheRequestsMade() {
    shared.callTool(call("search_trials", Map.of("mutation", demo.sampleMutations().get(0))));

    CallToolResult result = shared.callTool(call("service_status", Map.of()));

    assertThat(result.isError()).as(text(result)).isFalse();
    assertThat(text(result)).contains("| Service | Base URI | Circuit |", ctgov.baseUrl());
    JsonNode services = structured(result).get("services");
    assertThat(services).isNotEmpty();
    JsonNode trials = services.get(0);
    assertThat(trials.get("baseUri").asText()).startsWith(ctgov.baseUrl());
    assertThat(trials.get("circuitState").asText()).isIn("CLOSED", "OPEN", "HALF_OPEN");
    assertThat(trials.get("requests").asLong()).isPositive();
    assertThat(trials.get("successes").asLong()).isPositive();
    assertThat(trials.get("latencyMs").get("count").asLong()).isPositive();
  }

  @Test
  void badArguments_areToolErrorsNamingTheArgument_andTheSessionGoesOn() {
    assertToolError(call("search_trials", Map.of()), "mutation: is required");
    assertToolError(call("search_trials", Map.of("mutation", "  ")), "mutation: must not be blank");
    assertToolError(call("search_trials", Map.of("mutation", 42)), "mutation: must be a string");
    assertToolError(
        call("search_trials", Map.of("mutation", "BRAF V600E", "max_results", 101)),
        "max_results: must be an integer from 1 to 100, was 101");
    assertToolError(
        call("search_trials", Map.of("mutation", "BRAF V600E", "max_results", "ten")),
        "max_results: must be an integer from 1 to 100, was the string \"ten\"");
    assertToolError(
        call("search_trials", Map.of("mutation", "BRAF V600E", "statuses", List.of("OPEN"))),
        "statuses[0]: unknown status \"OPEN\"");
    assertToolError(
        call("search_trials_batch", Map.of("mutations", Collections.nCopies(51, "BRAF V600E"))),
        "mutations: must hold 1 to 50 items, held 51");
    assertToolError(call("search_trials_batch", Map.of()), "mutations: is required");
    assertToolError(call("service_status", Map.of("x", 1)), "x: unknown argument");
    assertThatThrownBy(() -> shared.callTool(call("no_such_tool", Map.of())))
        .isInstanceOf(McpError.class);

    assertThat(shared.ping()).isNotNull();
    assertThat(shared.callTool(call("service_status", Map.of())).isError()).isFalse();
  }

  @Test
  void unreachableApi_isAToolErrorThatSuggestsOffline() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    McpSyncClient client =
        client(new ArrayList<>(), "--ctgov-url", "http://127.0.0.1:" + closedPort + "/");
    try {
      client.initialize();

      CallToolResult result =
          client.callTool(call("search_trials", Map.of("mutation", "BRAF V600E")));

      assertThat(result.isError()).isTrue();
      assertThat(text(result))
          .startsWith("search_trials failed: ClinicalTrialsUnreachableException: ")
          .contains("--offline")
          .doesNotContain("\n");
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void offline_servesTheDemoDataWithNoServer() {
    List<String> stderr = new CopyOnWriteArrayList<>();
    McpSyncClient client = client(stderr, "--offline");
    try {
      client.initialize();

      CallToolResult result =
          client.callTool(call("search_trials", Map.of("mutation", demo.sampleMutations().get(0))));

      assertThat(result.isError()).as(text(result)).isFalse();
      assertThat(text(result)).contains(TrialsMarkdown.DEMO_DATA);
      assertThat(structured(result).get("studies")).isNotEmpty();
      assertThat(stderr).anySatisfy(line -> assertThat(line).contains("DEMO DATA"));
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void stdoutCarriesOnlyProtocolMessages_andClosingStdinExitsZero() throws Exception {
    Process process = start("--offline");
    try {
      OutputStream stdin = process.getOutputStream();
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> stderr = drain(process);
      send(
          stdin,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
              + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
              + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      List<String> lines = new ArrayList<>();
      readUntilResponse(stdout, 1, lines);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(
          stdin,
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
              + "\"name\":\"search_trials\",\"arguments\":{\"mutation\":"
              + MAPPER.writeValueAsString(demo.sampleMutations().get(0))
              + "}}}");
      readUntilResponse(stdout, 2, lines);

      stdin.close();

      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      String rest;
      while ((rest = stdout.readLine()) != null) {
        lines.add(rest);
      }
      for (String line : lines) {
        JsonNode message = MAPPER.readTree(line);
        assertThat(message.isObject()).as(line).isTrue();
        assertThat(message.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
      }
      assertThat(stderr.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .contains("DEMO DATA")
          .contains("serving MCP over stdio");
    } finally {
      stop(process);
    }
  }

  @Test
  void garbageOnStdin_isLoggedAndDropped_theSessionGoesOn_andClosingStdinExitsZero()
      throws Exception {
    Process process = start("--offline");
    try {
      OutputStream stdin = process.getOutputStream();
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> stderr = drain(process);
      List<String> lines = new ArrayList<>();
      send(
          stdin,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
              + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
              + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      readUntilResponse(stdout, 1, lines);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

      send(stdin, "this is not json");
      send(stdin, "{\"jsonrpc\":\"2.0\"}");
      send(stdin, "{\"id\":7,\"method\":\"ping\"}");
      send(stdin, "[{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}]");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
      readUntilResponse(stdout, 2, lines);

      long closed = System.nanoTime();
      stdin.close();

      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited after stdin closed").isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(10));
      String rest;
      while ((rest = stdout.readLine()) != null) {
        lines.add(rest);
      }
      assertThat(lines).hasSize(2);
      assertThat(MAPPER.readTree(lines.get(1)).get("result").isObject()).isTrue();
      String log = stderr.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(log.lines().filter(line -> line.contains("ignored a line on stdin")))
          .hasSize(4)
          .anySatisfy(line -> assertThat(line).endsWith("(not JSON): this is not json"));
      assertThat(log).doesNotContain("Error processing inbound message");
    } finally {
      stop(process);
    }
  }

  @Test
  void badOption_oneLineOnStderrAndExitTwo() throws Exception {
    for (List<String> args :
        List.of(List.of("--ctgov-url", "ftp://example.org"), List.of("--nope"))) {
      Process process = start(args.toArray(String[]::new));
      try {
        process.getOutputStream().close();
        CompletableFuture<String> stderr = drain(process);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(args.toString()).isEqualTo(2);
        assertThat(stdout).isEmpty();
        String message = stderr.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message.lines()).as(message).hasSize(1);
        assertThat(message).startsWith("trials-mcp: ");
      } finally {
        stop(process);
      }
    }
  }

  private void assertToolError(CallToolRequest request, String message) {
    CallToolResult result = shared.callTool(request);
    assertThat(result.isError()).as(text(result)).isTrue();
    assertThat(text(result))
        .startsWith("Invalid arguments for " + request.name() + ": ")
        .contains(message)
        .doesNotContain("\n");
  }

  /** A client whose server runs the jar with {@code args}, with no ANTHROPIC_API_KEY. */
  private static McpSyncClient client(List<String> stderr, String... args) {
    List<String> command = new ArrayList<>(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ServerParameters parameters = ServerParameters.builder(JAVA).args(command).build();
    StdioClientTransport transport =
        new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper())) {
          @Override
          protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = new ProcessBuilder();
            builder.environment().remove("ANTHROPIC_API_KEY");
            return builder;
          }
        };
    transport.setStdErrorHandler(stderr::add);
    return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("ANTHROPIC_API_KEY");
    return builder.start();
  }

  private static CompletableFuture<String> drain(Process process) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void send(OutputStream stdin, String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Reads stdout lines into {@code lines} until the response with this id. */
  private static void readUntilResponse(BufferedReader stdout, int id, List<String> lines)
      throws Exception {
    String line;
    do {
      line = readLine(stdout);
      lines.add(line);
    } while (MAPPER.readTree(line).path("id").asInt(-1) != id);
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String readLine(BufferedReader reader) throws Exception {
    String line =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return reader.readLine();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(line).as("a line on stdout").isNotNull();
    return line;
  }

  private static void destroyChildren() {
    ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
  }

  private static CallToolRequest call(String tool, Map<String, Object> arguments) {
    return new CallToolRequest(tool, arguments);
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  private static JsonNode structured(CallToolResult result) {
    return MAPPER.valueToTree(result.structuredContent());
  }
}
