package dev.geminipi.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.live.Credential;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.LiveSession;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.EventRecorder;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class ToolDeclarationsTest {

  static GeminiConfig gemini(String endpoint) {
    return dev.geminipi.testkit.GeminiConfigBuilder.gemini().endpoint(endpoint)
        .setupTimeoutMs(2000).build();
  }

  static JsonArray asJson(List<FunctionDeclaration> declarations) {
    JsonArray a = new JsonArray();
    for (FunctionDeclaration f : declarations) {
      JsonObject o = new JsonObject().set("name", f.name()).set("description", f.description());
      f.parameters().ifPresent(p -> o.set("parameters", p));
      o.set("behavior", f.behavior().name());
      a.add(o);
    }
    return a;
  }

  @Test
  void of_sampleConfig_matchesExpectedJsonExactly() {
    assertEquals(Json.parse(SampleTools.DECLARATIONS_JSON),
        asJson(ToolDeclarations.of(SampleTools.ALL)));
  }

  @Test
  void description_confirm_tellsTheModelHowTheUserConfirms() {
    assertEquals("Opens the garage door. Each call switches it on for 400 ms and then off "
        + "again; takes no arguments. gemini-pi does this only once the user presses the "
        + "button on the device, and waits 20 seconds for the press: tell them to press it "
        + "when you call this.", ToolDeclarations.description(ConfirmationsTest.GARAGE));
    assertEquals("The heater. Set \"on\" to true to switch it on or false to switch it off. "
        + "gemini-pi does this only after it hears the user say yes: call this as soon as it "
        + "is wanted, without asking first; then ask the user whether to go ahead, and once "
        + "they say yes, call this again with the same arguments.",
        ToolDeclarations.description(ConfirmationsTest.HEATER));
  }

  @Test
  void of_pulse_neverLetsTheModelChooseTheDuration() {
    FunctionDeclaration garage = ToolDeclarations.of(SampleTools.GARAGE);
    assertTrue(garage.parameters().isEmpty());
  }

  @Test
  void description_withoutFullStop_getsOneBeforeTheAddedText() {
    ToolConfig t = new ToolConfig("bell", "Rings the bell", 6, ToolConfig.Action.PULSE, true,
        200, ToolConfig.States.defaults(), 1000, 0, 0, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(ToolConfig.Action.PULSE), ToolConfig.Scheduling.WHEN_IDLE);
    assertEquals("Rings the bell. Each call switches it on for 200 ms and then off again; "
        + "takes no arguments.", ToolDeclarations.description(t));
  }

  @Test
  void of_sampleConfig_parsesInTheOfficialSdkTypes() {
    for (FunctionDeclaration f : ToolDeclarations.of(SampleTools.ALL)) {
      JsonObject o = asJson(List.of(f)).get(0).asObject();
      com.google.genai.types.FunctionDeclaration sdk =
          com.google.genai.types.FunctionDeclaration.fromJson(o.toString());
      assertEquals(f.name(), sdk.name().orElseThrow());
      f.parameters().ifPresent(p -> assertEquals("OBJECT",
          sdk.parameters().orElseThrow().type().orElseThrow().toString()));
    }
    com.google.genai.types.Schema fan = com.google.genai.types.FunctionDeclaration.fromJson(
        asJson(ToolDeclarations.of(List.of(SampleTools.FAN))).get(0).toString())
        .parameters().orElseThrow().properties().orElseThrow().get("percent");
    assertEquals("NUMBER", fan.type().orElseThrow().toString());
    assertEquals(100.0, fan.maximum().orElseThrow());
  }

  @Test
  void setup_withSampleDeclarations_isAcceptedByStrictFakeServer() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "test-live-scheduler");
      t.setDaemon(true);
      return t;
    });
    EventRecorder events = new EventRecorder();
    try (FakeLiveServer server = FakeLiveServer.start()) {
      LiveSession session = new LiveSession(gemini(server.endpoint()),
          ToolDeclarations.of(SampleTools.ALL), Credential.of(FakeLiveServer.API_KEY), events,
          scheduler, new Random(1), LiveSession.Limits.defaults());
      try {
        session.open(false);
        Received setup = server.takeMessage("setup");
        events.take(ServerEvent.SetupComplete.class);
        assertTrue(server.pollRejection().isEmpty(), () -> server.pollRejection().toString());
        assertEquals(Json.parse(SampleTools.DECLARATIONS_JSON), setup.body().get("tools")
            .asArray().get(0).asObject().get("functionDeclarations"));
      } finally {
        session.close();
      }
    } finally {
      scheduler.shutdownNow();
    }
  }
}
