package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.EverythingServer;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.SdkMessageCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as a process with an MCP server configured: the MCP project's reference server from
 * npm (skipped without Node or the package). The strict fake Live server calls one of its
 * tools; the daemon forwards it; the response carries the server's result.
 */
class McpEndToEndIT {
  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private DaemonProcess daemon;
  private EverythingServer everything;

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    if (pulse != null) {
      pulse.close();
    }
    if (server != null) {
      server.close();
    }
    if (everything != null) {
      everything.close();
    }
  }

  @Test
  void modelCallsAnMcpTool_daemonForwardsIt_responseCarriesTheServersResult() throws Exception {
    everything = EverythingServer.start();
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[0]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "camera": {"mode": "off"},
         "gpio": {"provider": "mock"},
         "mcp": [{"name": "everything", "url": "%s", "allow": ["echo", "get-sum"]}],
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), everything.url(), dir.resolve("control.sock")));
    daemon = DaemonProcess.start(config, Map.of("HOME", dir.resolve("home").toString(),
        "GEMINI_API_KEY", FakeLiveServer.API_KEY));
    daemon.awaitLine("ready in", Duration.ofSeconds(30));

    DaemonProcess.Run say = DaemonProcess.cli(Map.of(), "say", "Say it back: lights off.",
        "--socket", dir.resolve("control.sock").toString());
    assertEquals(0, say.code(), say.out());
    Received setup = server.takeMessage("setup", Duration.ofSeconds(10));
    SdkMessageCheck.assertKept(setup.raw());
    assertEquals(Optional.empty(), server.pollRejection());
    JsonObject echo = declaration(setup, "echo");
    assertEquals("{\"type\":\"OBJECT\",\"properties\":{\"message\":{\"type\":\"STRING\","
        + "\"description\":\"Message to echo\"}},\"required\":[\"message\"]}",
        echo.get("parameters").toString());
    daemon.awaitLine("connecting -> ", Duration.ofSeconds(10));

    server.sendToolCall("echo", "{\"message\":\"lights off\"}");
    JsonObject response = server.takeMessage("toolResponse", Duration.ofSeconds(15)).body()
        .get("functionResponses").asArray().get(0).asObject();
    assertEquals("echo", response.getString("name", ""));
    assertEquals("{\"status\":\"ok\",\"output\":\"Echo: lights off\"}",
        response.get("response").toString());
    daemon.awaitLine("tool=echo args={\"message\":\"lights off\"} source=mcp:everything "
        + "result={\"status\":\"ok\",\"output\":\"Echo: lights off\"}", Duration.ofSeconds(5));
  }

  @Test
  void modelCallsAStdioMcpTool_daemonStartsTheCommand_responseCarriesItsResult()
      throws Exception {
    assumeTrue(Files.isRegularFile(EverythingServer.SCRIPT), "server-everything not installed "
        + "in target/mcp-node");
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[0]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "camera": {"mode": "off"},
         "gpio": {"provider": "mock"},
         "mcp": [{"name": "everything", "command": ["node", "%s", "stdio"],
                  "allow": ["get-sum"], "timeoutMs": 20000}],
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), EverythingServer.SCRIPT.toAbsolutePath(),
        dir.resolve("control.sock")));
    daemon = DaemonProcess.start(config, Map.of("HOME", dir.resolve("home").toString(),
        "GEMINI_API_KEY", FakeLiveServer.API_KEY));
    daemon.awaitLine("ready in", Duration.ofSeconds(30));

    DaemonProcess.Run say = DaemonProcess.cli(Map.of(), "say", "Add two and three.",
        "--socket", dir.resolve("control.sock").toString());
    assertEquals(0, say.code(), say.out());
    Received setup = server.takeMessage("setup", Duration.ofSeconds(10));
    assertEquals(Optional.empty(), server.pollRejection());
    declaration(setup, "get-sum");
    daemon.awaitLine("connecting -> ", Duration.ofSeconds(10));

    server.sendToolCall("get-sum", "{\"a\":2,\"b\":3}");
    JsonObject response = server.takeMessage("toolResponse", Duration.ofSeconds(15)).body()
        .get("functionResponses").asArray().get(0).asObject();
    assertEquals("{\"status\":\"ok\",\"output\":\"The sum of 2 and 3 is 5.\"}",
        response.get("response").toString());
    daemon.awaitLine("mcp everything: started node ", Duration.ofSeconds(5));
  }

  private static JsonObject declaration(Received setup, String name) {
    for (JsonValue tool : setup.body().get("tools").asArray()) {
      JsonValue fds = tool.asObject().get("functionDeclarations");
      if (fds == null) {
        continue;
      }
      for (JsonValue f : fds.asArray()) {
        if (f.asObject().getString("name", "").equals(name)) {
          return f.asObject();
        }
      }
    }
    assertTrue(false, "setup declares no " + name + ": " + setup.raw());
    return new JsonObject();
  }
}
