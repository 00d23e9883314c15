package dev.geminipi.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.live.ClientMessages;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.EverythingServer;
import dev.geminipi.testkit.ManualScheduler;
import dev.geminipi.testkit.SdkMessageCheck;
import dev.geminipi.tools.Confirmations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the MCP project's reference server from npm, run by Node (skipped without them). */
class McpEverythingTest {
  private EverythingServer server;
  private McpTools tools;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final BlockingQueue<FunctionResponse> responses = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    server = EverythingServer.start();
    tools = McpTools.start(List.of(new McpServerConfig("everything", server.url(),
        Optional.empty(), List.of("*"), List.of(), Confirmation.NONE, 10_000)), Map.of(),
        Set.of(), new Confirmations(scheduler, scheduler::nanoTime), responses::add, "test");
  }

  @AfterEach
  void stop() throws Exception {
    if (tools != null) {
      tools.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void declarations_includeEchoAndSum_andTheSdkParsesTheSetup() {
    List<FunctionDeclaration> d = tools.declarations();
    List<String> names = d.stream().map(FunctionDeclaration::name).toList();
    assertTrue(names.containsAll(List.of("echo", "get-sum")), names.toString());
    FunctionDeclaration sum = d.stream().filter(f -> f.name().equals("get-sum")).findFirst()
        .orElseThrow();
    assertEquals("{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"NUMBER\","
        + "\"description\":\"First number\"},\"b\":{\"type\":\"NUMBER\",\"description\":"
        + "\"Second number\"}},\"required\":[\"a\",\"b\"]}", sum.parameters().orElseThrow().toString());
    SdkMessageCheck.assertKept(ClientMessages.setup(GeminiConfig.defaults(), d,
        Optional.empty()));
  }

  @Test
  void call_echoAndSum_answerWithTheServersResult() throws Exception {
    tools.declarations();
    tools.call(new ServerEvent.FunctionCall("c1", "echo",
        Json.parse("{\"message\":\"lights off\"}").asObject()));
    FunctionResponse echo = responses.poll(10, TimeUnit.SECONDS);
    assertNotNull(echo, "no response to echo within 10 s");
    assertEquals(new FunctionResponse("c1", "echo", Json.parse(
        "{\"status\":\"ok\",\"output\":\"Echo: lights off\"}").asObject(),
        Optional.of(ToolConfig.Scheduling.WHEN_IDLE)), echo);
    tools.call(new ServerEvent.FunctionCall("c2", "get-sum",
        Json.parse("{\"a\":2,\"b\":40}").asObject()));
    FunctionResponse sum = responses.poll(10, TimeUnit.SECONDS);
    assertNotNull(sum, "no response to get-sum within 10 s");
    assertTrue(sum.response().toString().contains("42"), sum.response().toString());
  }
}
