package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's session over raw stdio lines, in this JVM. */
class McpSessionTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String NOWHERE = "http://127.0.0.1:9/";

  private final Logger gateLog = Logger.getLogger(StdinGate.class.getName());
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void recordWarnings() {
    gateLog.addHandler(recorder);
  }

  @AfterEach
  void stopRecording() {
    gateLog.removeHandler(recorder);
  }

  @Test
  void garbageLines_areLoggedAndDropped_theSessionGoesOn_andEndOfInputEndsIt() throws Exception {
    try (InJvmServer server = InJvmServer.start("--ctgov-url", NOWHERE)) {
      server.initialize();

      server.send("this is not json");
      server.send("{\"jsonrpc\":\"2.0\"}");
      server.send("[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}]");
      server.send("{\"id\":8,\"method\":\"ping\"}");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");
      server.send("");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

      assertThat(server.response(1).get("result").isObject()).isTrue();
      JsonNode status = server.callTool(2, "service_status", java.util.Map.of());
      assertThat(status.path("result").path("isError").asBoolean()).isFalse();
      assertThat(server.closeStdin()).isZero();
      assertThat(warnings).hasSize(5);
      assertThat(warnings.get(0)).isEqualTo("ignored a line on stdin (not JSON): this is not json");
      assertThat(server.stdoutLines())
          .allSatisfy(
              line -> assertThat(MAPPER.readTree(line).path("jsonrpc").asText()).isEqualTo("2.0"));
    }
  }

  @Test
  void rootsListChanged_isDropped_soTheSdkDoesNotAskForRootsAndStopOnTheError() throws Exception {
    // The SDK answers the notification by sending roots/list; when the client answers that with
    // an error, the SDK's inbound processing ends and no later request is answered.
    try (InJvmServer server = InJvmServer.start("--ctgov-url", NOWHERE)) {
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
              + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":"
              + "{\"listChanged\":true}},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
      server.response(0);
      server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
      server.response(1);
      for (String line : server.stdoutLines()) {
        JsonNode message = MAPPER.readTree(line);
        if (message.path("method").asText().equals("roots/list")) {
          server.send(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + message.get("id")
                  + ",\"error\":{\"code\":-32601,\"message\":\"no roots\"}}");
        }
      }
      server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

      assertThat(server.response(2).get("result").isObject()).isTrue();
      assertThat(server.stdoutLines()).noneMatch(line -> line.contains("roots/list"));
      assertThat(warnings).isEmpty();
      assertThat(server.closeStdin()).isZero();
    }
  }
}
