package dev.geminipi.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import dev.geminipi.testkit.ScriptedMcpServer;
import dev.geminipi.testkit.ScriptedMcpServer.Reply;
import dev.geminipi.tools.Confirmations;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class McpToolsTest {
  private final ScriptedMcpServer home = ScriptedMcpServer.start();
  private final ScriptedMcpServer lab = ScriptedMcpServer.start();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Confirmations gate = new Confirmations(scheduler, scheduler::nanoTime);
  private final BlockingQueue<FunctionResponse> responses = new LinkedBlockingQueue<>();
  private McpTools tools;

  @AfterEach
  void stop() {
    if (tools != null) {
      tools.close();
    }
    home.close();
    lab.close();
  }

  private static McpServerConfig server(String name, URI url, List<String> allow,
      List<String> confirm, int timeoutMs) {
    return new McpServerConfig(name, url, Optional.empty(), allow, confirm,
        confirm.isEmpty() ? Confirmation.NONE : new Confirmation(Confirmation.Kind.VOICE, 20,
            List.of()), timeoutMs);
  }

  private McpTools start(McpServerConfig... servers) {
    tools = McpTools.start(List.of(servers), Map.of(), Set.of("set_lamp", "end_conversation"),
        gate, responses::add, "test");
    return tools;
  }

  private static ServerEvent.FunctionCall call(String id, String name, String args) {
    return new ServerEvent.FunctionCall(id, name, Json.parse(args).asObject());
  }

  private FunctionResponse next() throws InterruptedException {
    FunctionResponse r = responses.poll(5, TimeUnit.SECONDS);
    assertNotNull(r, "no function response within 5 s");
    return r;
  }

  private static JsonArray named(String... names) {
    JsonArray a = new JsonArray();
    for (String n : names) {
      a.add(new JsonObject().set("name", n).set("description", n + " things")
          .set("inputSchema", new JsonObject().set("type", "object")));
    }
    return a;
  }

  @Test
  void twoServers_onlyAllowed_clashesPrefixed_takenNamesPrefixed() {
    home.tools(named("echo", "set_lamp", "HassTurnOn", "secret"));
    lab.tools(named("echo"));
    start(server("home", home.url(), List.of("echo", "set_lamp", "HassTurnOn"), List.of(),
        2000), server("lab", lab.url(), List.of("*"), List.of(), 2000));
    assertEquals(List.of("home_echo", "home_set_lamp", "HassTurnOn", "lab_echo"),
        tools.declarations().stream().map(FunctionDeclaration::name).toList());
    assertTrue(tools.declares("lab_echo"));
    assertFalse(tools.declares("secret"));
  }

  @Test
  void call_answersWithTheServersResult_andAnAuditLine() throws Exception {
    home.tools(named("HassTurnOn")).reply("HassTurnOn", Reply.text("Turned on the lamp"));
    start(server("home", home.url(), List.of("HassTurnOn"), List.of(), 2000));
    tools.declarations();
    try (LogCapture logs = LogCapture.open()) {
      tools.call(call("c1", "HassTurnOn", "{\"name\":\"lamp\"}"));
      assertEquals(new FunctionResponse("c1", "HassTurnOn",
          Json.parse("{\"status\":\"ok\",\"output\":\"Turned on the lamp\"}").asObject(),
          Optional.of(ToolConfig.Scheduling.WHEN_IDLE)), next());
      assertTrue(logs.lines().contains("INFO [dev.geminipi.mcp.McpTools] tool=HassTurnOn "
          + "args={\"name\":\"lamp\"} source=mcp:home result={\"status\":\"ok\","
          + "\"output\":\"Turned on the lamp\"}"), logs.lines().toString());
    }
    assertEquals("{\"name\":\"HassTurnOn\",\"arguments\":{\"name\":\"lamp\"}}",
        home.take("tools/call").params().toString());
  }

  @Test
  void toolError_andStall_becomeErrorResponses_sayingWhetherToRetry() throws Exception {
    home.tools(named("HassTurnOn", "slow"))
        .reply("HassTurnOn", Reply.toolError("MatchFailedError: no entity named attic"))
        .reply("slow", new Reply.Stall());
    start(server("home", home.url(), List.of("*"), List.of(), 1500));
    tools.declarations();
    tools.call(call("c1", "HassTurnOn", "{\"name\":\"attic\"}"));
    FunctionResponse failed = next();
    assertEquals("{\"status\":\"unavailable\",\"retryable\":false,\"message\":\"the home "
        + "server reports that the tool failed: MatchFailedError: no entity named attic\"}",
        failed.response().toString());
    assertEquals(Optional.of(ToolConfig.Scheduling.INTERRUPT), failed.scheduling());
    tools.call(call("c2", "slow", "{}"));
    assertEquals("{\"status\":\"unavailable\",\"retryable\":true,\"message\":\"MCP server "
        + "\\\"home\\\" (127.0.0.1:" + home.url().getPort() + ") did not answer tools/call "
        + "within 1500 ms; it may still have done it, so check before trying again\"}",
        next().response().toString());
  }

  @Test
  void serverDiesMidCall_errorResponse_retryable() throws Exception {
    home.tools(named("slow")).reply("slow", new Reply.Stall());
    start(server("home", home.url(), List.of("*"), List.of(), 10_000));
    tools.declarations();
    tools.call(call("c1", "slow", "{}"));
    home.take("tools/call");
    home.close();
    JsonObject answer = next().response();
    assertTrue(answer.getString("message", "").startsWith("cannot reach MCP server \"home\" "
        + "(127.0.0.1:" + home.url().getPort() + "): "), answer.toString());
    assertTrue(answer.getString("message", "").endsWith("; trying again in a moment may work"),
        answer.toString());
    assertEquals(true, answer.getBoolean("retryable", false));
  }

  @Test
  void serverDownAtSetup_leftOutWithAWarning_othersStillDeclared() {
    URI gone = lab.url();
    lab.close();
    home.tools(named("echo"));
    try (LogCapture logs = LogCapture.open()) {
      start(server("home", home.url(), List.of("*"), List.of(), 2000),
          server("lab", gone, List.of("*"), List.of(), 2000));
      assertEquals(List.of("WARN [dev.geminipi.mcp.McpTools] mcp lab: left out of the next "
          + "session, voice still works: cannot reach MCP server \"lab\" (127.0.0.1:"
          + gone.getPort() + "): connection refused"), logs.warnings());
    }
    assertEquals(List.of("echo"), tools.declarations().stream().map(FunctionDeclaration::name)
        .toList());
  }

  @Test
  void cancelledCall_getsNoResponse_laterCallsDo() throws Exception {
    home.tools(named("slow", "echo")).reply("slow", new Reply.Stall())
        .reply("echo", Reply.text("hi"));
    start(server("home", home.url(), List.of("*"), List.of(), 5000));
    tools.declarations();
    tools.call(call("c1", "slow", "{}"));
    home.take("tools/call");
    tools.cancel(List.of("c1"));
    tools.call(call("c2", "echo", "{}"));
    assertEquals("c2", next().id());
    home.close(); // releases the stalled request too
    tools.close();
    assertEquals(null, responses.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void confirmByVoice_firstCallAsks_secondAfterYesReachesTheServer() throws Exception {
    home.tools(named("HassTurnOn")).reply("HassTurnOn", Reply.text("done"));
    start(server("home", home.url(), List.of("HassTurnOn"), List.of("HassTurnOn"), 2000));
    assertTrue(tools.declarations().get(0).description().endsWith("once they say yes, call "
        + "this again with the same arguments."));
    gate.conversationStarted(Confirmations.Origin.WAKE_WORD);
    try (LogCapture logs = LogCapture.open()) {
      tools.call(call("c1", "HassTurnOn", "{\"name\":\"heater\"}"));
      assertEquals("{\"status\":\"needs_confirmation\",\"retryable\":true,"
          + "\"message\":\"Nothing happened yet: "
          + "HassTurnOn needs the user's spoken yes. Ask them now whether to go ahead; when "
          + "they say yes, call HassTurnOn again with the same arguments within 20 seconds.\"}",
          next().response().toString());
      gate.modelSaid("Shall I turn on the heater?");
      gate.userSaid("Yes.");
      tools.call(call("c2", "HassTurnOn", "{\"name\":\"heater\"}"));
      assertEquals("{\"status\":\"ok\",\"output\":\"done\"}", next().response().toString());
      assertTrue(logs.lines().contains("INFO [dev.geminipi.tools.Audit] tool=HassTurnOn "
          + "args={\"name\":\"heater\"} pin=-1 source=mcp:home confirm=voice outcome=confirmed "
          + "why=the user said \"Yes.\""), logs.lines().toString());
    }
    home.take("tools/list");
    assertEquals("tools/call", home.take("tools/call").method());
  }
}
