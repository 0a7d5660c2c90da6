package dev.asyncflow.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which stdin lines reach the SDK's transport, and when the gate reports the end of input. */
class StdinGateTest {
  private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final String RESPONSE = "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}";

  private static StdinGate gate(String stdin) {
    return new StdinGate(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), JSON);
  }

  private static String passed(String stdin) throws Exception {
    StdinGate gate = gate(stdin);
    gate.start();
    String passed = new String(gate.input().readAllBytes(), StandardCharsets.UTF_8);
    gate.ended().get(10, TimeUnit.SECONDS);
    return passed;
  }

  @Test
  void passesDecodableMessages_dropsTheRest_inOrder() throws Exception {
    String stdin =
        String.join(
            "\n",
            PING,
            "this is not json",
            "{\"jsonrpc\":\"2.0\"}",
            "[" + PING + "]",
            "{\"id\":1,\"method\":\"ping\"}",
            "",
            "   ",
            INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
            RESPONSE);

    assertThat(passed(stdin)).isEqualTo(PING + "\n" + INITIALIZED + "\n" + RESPONSE + "\n");
  }

  @Test
  void splitsAtCrLfAndCr_likeTheTransport_andPassesALastLineWithoutNewline() throws Exception {
    assertThat(passed(PING + "\r\n" + INITIALIZED + "\r" + RESPONSE))
        .isEqualTo(PING + "\n" + INITIALIZED + "\n" + RESPONSE + "\n");
  }

  @Test
  void keepsUtf8() throws Exception {
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"search_trials\",\"arguments\":{\"mutation\":\"BRAF V600E — ünïcode\"}}}";

    assertThat(passed(call + "\n")).isEqualTo(call + "\n");
  }

  @Test
  void dropsALineLongerThanTheLimit_andGoesOn() throws Exception {
    String huge = "x".repeat(StdinGate.MAX_LINE_CHARS + 10);

    assertThat(passed(huge + "\n" + PING + "\n")).isEqualTo(PING + "\n");
  }

  @Test
  void verdict_namesWhatIsWrong() {
    StdinGate gate = gate("");

    assertThat(gate.verdict("not json").problem()).isEqualTo("not JSON");
    assertThat(gate.verdict("[1]").problem()).isEqualTo("not a JSON object");
    assertThat(gate.verdict("{\"id\":1,\"method\":\"ping\"}").problem())
        .isEqualTo("no \"jsonrpc\" member");
    assertThat(gate.verdict("{\"jsonrpc\":\"2.0\"}").problem())
        .isEqualTo("no \"method\", \"result\" or \"error\" member");
    assertThat(gate.verdict("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}").problem())
        .startsWith("not a JSON-RPC message the server can decode: ")
        .contains("null IDs are not allowed");
    assertThat(gate.verdict("{\"jsonrpc\":\"\",\"id\":1,\"method\":\"ping\"}").pass()).isFalse();
    assertThat(gate.verdict("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}").pass())
        .isFalse();
    assertThat(gate.verdict(PING)).isEqualTo(StdinGate.Verdict.PASS);
    assertThat(
            gate.verdict("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}"))
        .isEqualTo(StdinGate.Verdict.IGNORE);
  }

  @Test
  void preview_isOneLineAndCut() {
    assertThat(StdinGate.preview("a\tb\u2028c\u0000")).isEqualTo("a\\u0009b\\u2028c\\u0000");
    String cut = StdinGate.preview("y".repeat(500));
    assertThat(cut).isEqualTo("y".repeat(StdinGate.PREVIEW_CHARS) + "… (500 characters)");
  }

  @Test
  void endOfInput_isReportedEvenIfTheTransportNeverReads() throws Exception {
    StdinGate gate = gate(PING + "\n" + PING + "\n");
    gate.start();

    gate.ended().get(10, TimeUnit.SECONDS);

    assertThat(new String(gate.input().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(PING + "\n" + PING + "\n");
  }

  @Test
  void failingStdin_endsTheInputToo() throws Exception {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("stdin broke");
          }
        };
    StdinGate gate = new StdinGate(broken, JSON);
    gate.start();

    gate.ended().get(10, TimeUnit.SECONDS);
    assertThat(gate.input().read()).isEqualTo(-1);
  }
}
