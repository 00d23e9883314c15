package dev.geminipi.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.eclipsesource.json.Json;
import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.EverythingServer;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import dev.geminipi.tools.Confirmations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP servers started as a local command (stdio): the reference server from npm, and small
 * shell scripts for the failures (exits at once, never answers, not installed, dies mid-call).
 */
class McpStdioTest {
  /** Answers initialize and tools/list, notes its environment, then dies at tools/call. */
  static final String DIES_AT_CALL = """
      echo "key=${GEMINI_API_KEY:-none} google=${GOOGLE_API_KEY:-none} mark=${MARK:-none}" > "$1"
      id() { printf '%s' "$1" | sed -n 's/.*"id":\\([0-9]*\\).*/\\1/p'; }
      read line
      echo '{"jsonrpc":"2.0","id":'"$(id "$line")"',"result":{"protocolVersion":"2025-06-18",\
      "capabilities":{"tools":{}},"serverInfo":{"name":"scripted","version":"1"}}}'
      read line
      read line
      echo '{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"hello"}}'
      echo 'not json at all'
      echo '{"jsonrpc":"2.0","id":'"$(id "$line")"',"result":{"tools":[{"name":"echo",\
      "description":"Echoes","inputSchema":{"type":"object","properties":\
      {"message":{"type":"string"}}}}]}}'
      read line
      echo "crashed on purpose" >&2
      exit 4
      """;

  @TempDir
  Path dir;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Confirmations gate = new Confirmations(scheduler, scheduler::nanoTime);
  private final BlockingQueue<FunctionResponse> responses = new LinkedBlockingQueue<>();
  private McpTools tools;

  @AfterEach
  void stop() {
    if (tools != null) {
      tools.close();
    }
  }

  private static McpServerConfig server(int timeoutMs, String... command) {
    return new McpServerConfig("lab", Optional.empty(), Optional.empty(), List.of("*"),
        List.of(), Confirmation.NONE, timeoutMs, List.of(command));
  }

  private McpTools start(Map<String, String> env, McpServerConfig s) {
    tools = McpTools.start(List.of(s), env, Set.of("end_conversation"), gate, responses::add,
        "test");
    return tools;
  }

  private FunctionResponse next() throws InterruptedException {
    FunctionResponse r = responses.poll(10, TimeUnit.SECONDS);
    assertNotNull(r, "no function response within 10 s");
    return r;
  }

  @Test
  void referenceServerOverStdio_listsItsTools_andEchoes() throws Exception {
    assumeTrue(Files.isRegularFile(EverythingServer.SCRIPT), "server-everything not installed "
        + "in target/mcp-node");
    start(Map.of("PATH", System.getenv("PATH")), server(20_000, "node",
        EverythingServer.SCRIPT.toString(), "stdio"));
    List<String> names = tools.declarations().stream().map(FunctionDeclaration::name).toList();
    assertTrue(names.contains("echo") && names.contains("get-sum"), names.toString());
    tools.call(new ServerEvent.FunctionCall("c1", "echo",
        Json.parse("{\"message\":\"lights off\"}").asObject()));
    assertEquals("{\"status\":\"ok\",\"output\":\"Echo: lights off\"}",
        next().response().toString());
  }

  @Test
  void check_startsTheCommand_listsItsTools_andStopsIt() {
    assumeTrue(Files.isRegularFile(EverythingServer.SCRIPT), "server-everything not installed "
        + "in target/mcp-node");
    McpServerConfig s = new McpServerConfig("lab", Optional.empty(), Optional.empty(),
        List.of("echo"), List.of(), Confirmation.NONE, 20_000, List.of("node",
        EverythingServer.SCRIPT.toString(), "stdio"));
    try (LogCapture log = LogCapture.open()) {
      List<McpCheck.Line> lines = McpCheck.run(List.of(s), Map.of("PATH",
          System.getenv("PATH")), "test");
      assertTrue(lines.get(0).ok(), lines.toString());
      assertTrue(lines.get(0).text().startsWith("mcp lab (node, stdio): reachable, no token, 13 "
          + "tools (echo, "), lines.get(0).text());
      assertTrue(lines.get(0).text().endsWith("; the model gets echo"), lines.get(0).text());
      assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("INFO [dev.geminipi.mcp."
          + "StdioProcess] mcp lab: stopped (pid ")), "the check stops what it started");
    }
  }

  @Test
  void diesMidCall_theCallIsAnsweredRetryable_andTheChildNeverSawTheApiKey() throws Exception {
    Path script = dir.resolve("server.sh");
    Files.writeString(script, DIES_AT_CALL);
    Path seen = dir.resolve("env.txt");
    start(Map.of("PATH", System.getenv("PATH"), "GEMINI_API_KEY", "secret", "GOOGLE_API_KEY",
        "g", "MARK", "kept"), server(5000, "sh", script.toString(), seen.toString()));
    // declares(), not declarations(): that would list again, beside the call, on this script.
    assertTrue(tools.declares("echo"));
    assertEquals("key=none google=none mark=kept", Files.readString(seen).strip());
    tools.call(new ServerEvent.FunctionCall("c1", "echo",
        Json.parse("{\"message\":\"x\"}").asObject()));
    assertEquals("{\"status\":\"unavailable\",\"retryable\":true,\"message\":\"MCP server "
        + "\\\"lab\\\" (sh, stdio) exited with code 4 (crashed on purpose); trying again in a "
        + "moment may work\"}", next().response().toString());
  }

  @Test
  void serverThatCannotStart_isLeftOutWithOneWarning() {
    try (LogCapture log = LogCapture.open()) {
      start(Map.of("PATH", System.getenv("PATH")), server(2000, "sh", "-c",
          "echo 'no config file' >&2; exit 3"));
      assertFalse(tools.declares("echo"));
      assertEquals(List.of("WARN [dev.geminipi.mcp.McpTools] mcp lab: left out of the next "
          + "session, voice still works: MCP server \"lab\" (sh, stdio) exited with code 3 (no "
          + "config file)"), log.warnings());
    }
  }

  @Test
  void serverThatNeverAnswers_timesOut_andIsLeftOut() {
    try (LogCapture log = LogCapture.open()) {
      start(Map.of("PATH", System.getenv("PATH")), server(500, "sleep", "30"));
      assertEquals(List.of("WARN [dev.geminipi.mcp.McpTools] mcp lab: left out of the next "
          + "session, voice still works: MCP server \"lab\" (sleep, stdio) did not answer "
          + "initialize within 500 ms"), log.warnings());
    }
  }

  @Test
  void commandNotInstalled_saysSo() {
    try (LogCapture log = LogCapture.open()) {
      start(Map.of(), server(2000, "/nonexistent/mcp-server"));
      // The rest is the JDK's own words, which differ between releases.
      String warning = String.join("\n", log.warnings());
      assertTrue(warning.startsWith("WARN [dev.geminipi.mcp.McpTools] mcp lab: left out of the "
          + "next session, voice still works: cannot start MCP server \"lab\" "
          + "(/nonexistent/mcp-server, stdio): Cannot run program \"/nonexistent/mcp-server\""),
          warning);
    }
  }
}
