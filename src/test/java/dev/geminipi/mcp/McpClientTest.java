package dev.geminipi.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.testkit.ScriptedMcpServer;
import dev.geminipi.testkit.ScriptedMcpServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class McpClientTest {
  private final ScriptedMcpServer server = ScriptedMcpServer.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
    http.shutdownNow();
  }

  static McpServerConfig config(String name, URI url, int timeoutMs) {
    return new McpServerConfig(name, url, Optional.of("HA_TOKEN"), List.of("*"), List.of(),
        Confirmation.NONE, timeoutMs);
  }

  private McpClient client(Optional<String> token, int timeoutMs) {
    return new McpClient(config("home", server.url(), timeoutMs), token, http, "1.2.3");
  }

  static JsonArray echoTool() {
    return new JsonArray().add(new JsonObject().set("name", "echo").set("description",
        "Echoes").set("inputSchema", new JsonObject().set("type", "object")
        .set("properties", new JsonObject().set("message", new JsonObject()
            .set("type", "string")))));
  }

  @Test
  void listTools_initializesOnce_thenCarriesSessionVersionAndToken() throws Exception {
    server.tools(echoTool()).requireToken("t0ken");
    McpClient c = client(Optional.of("t0ken"), 2000);
    List<McpTool> tools = c.listTools();
    assertEquals(List.of("echo"), tools.stream().map(McpTool::name).toList());

    ScriptedMcpServer.Request init = server.take();
    assertEquals("initialize", init.method());
    assertEquals(Optional.empty(), init.sessionId());
    assertEquals(Optional.of("Bearer t0ken"), init.authorization());
    assertEquals("{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":"
        + "{\"name\":\"gemini-pi\",\"version\":\"1.2.3\"}}", init.params().toString());
    ScriptedMcpServer.Request initialized = server.take();
    assertEquals("notifications/initialized", initialized.method());
    assertEquals(Optional.of("session-1"), initialized.sessionId());
    ScriptedMcpServer.Request list = server.take();
    assertEquals("tools/list", list.method());
    assertEquals(Optional.of("session-1"), list.sessionId());
    assertEquals(Optional.of("2025-06-18"), list.protocolVersion());
  }

  @Test
  void sseAnswer_notificationSkipped_responseRead() throws Exception {
    server.sse(true).tools(echoTool()).reply("echo", Reply.text("Echo: hi"));
    JsonObject r = client(Optional.empty(), 2000).callTool("echo",
        new JsonObject().set("message", "hi"));
    assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"Echo: hi\"}]}", r.toString());
  }

  @Test
  void sessionForgotten_initializesAgain_andTheCallGoesThrough() throws Exception {
    server.tools(echoTool()).reply("echo", Reply.text("ok"));
    McpClient c = client(Optional.empty(), 2000);
    c.listTools();
    server.expireSessions();
    assertEquals("ok", c.callTool("echo", new JsonObject()).get("content").asArray().get(0)
        .asObject().getString("text", ""));
    server.take("tools/list");
    assertEquals(Optional.of("session-1"), server.take("tools/call").sessionId());
    server.take("initialize");
    assertEquals(Optional.of("session-2"), server.take("tools/call").sessionId());
  }

  @Test
  void wrongToken_unauthorized_namesTheVariable() {
    server.requireToken("right");
    McpException e = assertThrows(McpException.class,
        () -> client(Optional.of("wrong"), 2000).listTools());
    assertEquals(McpException.Kind.UNAUTHORIZED, e.kind());
    assertEquals("MCP server \"home\" (127.0.0.1:" + server.url().getPort() + ") refused the "
        + "token (HTTP 401); check HA_TOKEN in /etc/gemini-pi/env (a Home Assistant long-lived "
        + "access token)", e.getMessage());
  }

  @Test
  void serverDown_unreachable_retryable() {
    URI url = server.url();
    server.close();
    McpClient c = new McpClient(config("home", url, 2000), Optional.empty(), http, "1");
    McpException e = assertThrows(McpException.class, c::listTools);
    assertEquals(McpException.Kind.UNREACHABLE, e.kind());
    assertEquals("cannot reach MCP server \"home\" (127.0.0.1:" + url.getPort() + "): "
        + "connection refused", e.getMessage());
  }

  @Test
  void stalledCall_timesOut_atTimeoutMs() throws Exception {
    server.tools(echoTool()).reply("echo", new Reply.Stall());
    McpClient c = client(Optional.empty(), 1500);
    c.listTools();
    McpException e = assertThrows(McpException.class, () -> c.callTool("echo",
        new JsonObject()));
    assertEquals(McpException.Kind.TIMEOUT, e.kind());
    assertEquals("MCP server \"home\" (127.0.0.1:" + server.url().getPort() + ") did not "
        + "answer tools/call within 1500 ms", e.getMessage());
  }

  @Test
  void malformedAnswer_andRpcError_areNotRetryable() throws Exception {
    server.tools(echoTool()).reply("echo", new Reply.Raw("<html>oops</html>"))
        .reply("other", new Reply.RpcError(-32602, "Invalid params: message is required"));
    McpClient c = client(Optional.empty(), 2000);
    McpException bad = assertThrows(McpException.class, () -> c.callTool("echo",
        new JsonObject()));
    assertEquals(McpException.Kind.PROTOCOL, bad.kind());
    McpException refused = assertThrows(McpException.class, () -> c.callTool("other",
        new JsonObject()));
    assertEquals("MCP server \"home\" (127.0.0.1:" + server.url().getPort() + ") refused "
        + "tools/call: Invalid params: message is required (JSON-RPC error -32602)",
        refused.getMessage());
  }
}
