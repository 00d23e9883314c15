package dev.geminipi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.GeminiConfig.ActivityDetection;
import dev.geminipi.live.ClientMessages;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FakeLiveServer's rules (LiveRules plus its per-connection order checks), fed over a real
 * socket: every message our client builds passes, and the known-bad ones of
 * docs/protocol.md §4, §10 and §11 are closed with 1007 and the service-style reason.
 */
class FakeLiveServerStrictnessTest {
  private static final List<String> FUNCTIONS = List.of("set_lamp", "set_fan", "read_door");

  /**
   * A message the service refuses.
   *
   * @param setup the setup sent first, or null if the bad message is the first one
   * @param sdkCatches whether SdkMessageCheck also reports it; where it does not, the SDK
   *     has no opinion (it keeps empty lists, any enum string, odd byte counts) and the
   *     rule comes from the service's refusals in docs/protocol.md
   */
  record Bad(String name, String setup, String message, String reason, boolean sdkCatches) {
    @Override
    public String toString() {
      return name;
    }
  }

  private FakeLiveServer server;
  private final List<RawLiveClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() {
    server = FakeLiveServer.start();
  }

  @AfterEach
  void tearDown() {
    clients.forEach(RawLiveClient::close);
    server.close();
  }

  @Test
  void setup_defaults_isNotRefused() {
    RawLiveClient c = connect();
    c.send(OurMessages.setupDefaults());
    c.takeFrame("setupComplete");
    assertEquals(OurMessages.setupDefaults(), server.takeMessage("setup").raw());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  @Test
  void setup_fullConfigResumingAnIssuedHandle_isNotRefused() {
    RawLiveClient first = connect();
    first.send(OurMessages.setupDefaults());
    first.takeFrame("setupComplete");
    String handle = first.takeFrame("sessionResumptionUpdate").getString("newHandle", "");
    first.close();

    RawLiveClient second = connect();
    second.send(OurMessages.setupFull(handle));
    second.takeFrame("setupComplete");
    server.takeMessage("setup");
    Received resumed = server.takeMessage("setup");
    assertEquals(2, resumed.connection());
    assertEquals(OurMessages.setupFull(handle), resumed.raw());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.geminipi.testkit.OurMessages#afterSetup")
  void ourMessage_afterSetup_isNotRefused(OurMessages.Sample sample) {
    RawLiveClient c = connect();
    c.send(OurMessages.setup(sample.activityDetection()));
    c.takeFrame("setupComplete");
    server.takeMessage("setup");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sample.toolCalls(); i++) {
      ids.addAll(server.sendToolCall(FUNCTIONS.get(i), "{}"));
    }
    String message = sample.build().apply(ids);
    c.send(message);
    assertEquals(message, server.takeMessage().raw());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  static Stream<Bad> badMessages() {
    String setup = OurMessages.setupDefaults();
    String manual = OurMessages.setup(ActivityDetection.MANUAL);
    String setup31 = ClientMessages.setup(GeminiConfigBuilder.gemini()
        .model("models/gemini-3.1-flash-live-preview").build(), List.of(), Optional.empty());
    return Stream.of(
        new Bad("config instead of setup (§4)", null,
            "{\"config\":{\"model\":\"models/gemini-3.1-flash-live-preview\","
                + "\"responseModalities\":[\"AUDIO\"]}}",
            "Invalid JSON payload received. Unknown name \"config\": Cannot find field.", true),
        new Bad("two top-level keys (§2)", setup,
            "{\"realtimeInput\":{\"text\":\"a\"},\"toolResponse\":{\"functionResponses\":[]}}",
            "Request contains an invalid argument. exactly one top-level field per message; "
                + "got [realtimeInput, toolResponse]", true),
        new Bad("unknown field in setup (§2)", null,
            setupWith(s -> s.set("bogusField", true)),
            "Invalid JSON payload received. Unknown name \"bogusField\" at 'setup': Cannot find "
                + "field.", true),
        new Bad("tools: [] (§10)", null, setupWith(s -> s.set("tools", new JsonArray())),
            "Request contains an invalid argument. empty list at 'setup.tools'", false),
        new Bad("sessionResumption.handle: null (§10)", null,
            setupWith(s -> s.set("sessionResumption", new JsonObject().set("handle", Json.NULL))),
            "Request contains an invalid argument. null value at "
                + "'setup.session_resumption.handle'", true),
        new Bad("lowercase schema type (§3.1)", null, ClientMessages.setup(
            GeminiConfig.defaults(), List.of(new FunctionDeclaration(
                "set_lamp", "Switch the lamp", Optional.of(Json.parse("{\"type\":\"object\","
                    + "\"properties\":{\"on\":{\"type\":\"BOOLEAN\"}}}").asObject()),
                ToolConfig.Behavior.BLOCKING)), Optional.empty()),
            "Request contains an invalid argument. Invalid value at "
                + "'setup.tools.function_declarations.parameters.type' (type.googleapis", false),
        new Bad("mediaChunks on 3.1 (§3.3)", setup, "{\"realtimeInput\":{\"mediaChunks\":"
            + "[{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\"AAAA\"}]}}",
            "Request contains an invalid argument. mediaChunks is not supported by this model; "
                + "use audio or video", false),
        new Bad("thinkingConfig on 3.8", null, setupWith(s -> s.get("generationConfig")
            .asObject().set("thinkingConfig", new JsonObject().set("thinkingLevel", "MINIMAL"))),
            "Request contains an invalid argument. thinking_config is not supported by "
                + "models/gemini-3.8-live", false),
        new Bad("enableAffectiveDialog: false on 3.8", null, setupWith(s -> s.get(
            "generationConfig").asObject().set("enableAffectiveDialog", false)),
            "Request contains an invalid argument. enable_affective_dialog is not supported by "
                + "models/gemini-3.8-live", false),
        new Bad("proactiveAudio: false on 3.8", null, setupWith(s -> s.set("proactivity",
            new JsonObject().set("proactiveAudio", false))),
            "Request contains an invalid argument. proactivity is not supported by "
                + "models/gemini-3.8-live", false),
        new Bad("scheduling INTERRUPTED (not the enum's spelling)", setup, ClientMessages
            .toolResponse(GeminiConfig.defaults().rules(), List.of(new FunctionResponse("x",
                "set_lamp", new JsonObject(), Optional.of(ToolConfig.Scheduling.INTERRUPT))))
            .replace("INTERRUPT", "INTERRUPTED"), "Request contains an invalid argument. Invalid "
                + "value at 'tool_response.function_responses[0].scheduling', \"INTERRUPTED\"",
            false),
        new Bad("clientContent on 3.1 after setup (§3.2)", setup31, "{\"clientContent\":{\"turns\":"
            + "[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}],\"turnComplete\":true}}",
            "Request contains an invalid argument.", false),
        new Bad("activityStart with server VAD (§3.3)", setup, ClientMessages.activityStart(),
            "Request contains an invalid argument. activity signals need "
                + "automaticActivityDetection.disabled", false),
        new Bad("audioStreamEnd with manual activity (§3.3)", manual,
            ClientMessages.audioStreamEnd(), "Request contains an invalid argument. "
                + "audioStreamEnd is only for automatic activity detection", false),
        new Bad("audio with an odd byte count (§11.6)", setup,
            ClientMessages.audio(OurMessages.capture(), 0, 641),
            "Request contains an invalid argument. audio data has an odd number of bytes: 641",
            false),
        new Bad("toolResponse for an id never issued (§11.5)", setup,
            OurMessages.toolResponse(List.of("function-call-7", "function-call-8",
                "function-call-9")),
            "Request contains an invalid argument. no pending function call with id "
                + "function-call-7", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  void badMessage_isRefusedWith1007AndTheReason(Bad bad) {
    RawLiveClient c = connect();
    if (bad.setup() != null) {
      c.send(bad.setup());
      c.takeFrame("setupComplete");
    }
    c.send(bad.message());
    LiveRules.Rejection r = server.takeRejection();
    assertEquals(new LiveRules.Rejection(1007, bad.reason()), r);
    assertEquals(new RawLiveClient.Closed(1007, bad.reason()), c.takeClose());
    assertEquals(bad.sdkCatches(), SdkMessageCheck.problem(bad.message()).isPresent(),
        () -> "SdkMessageCheck: " + SdkMessageCheck.problem(bad.message()));
  }

  private RawLiveClient connect() {
    RawLiveClient c = RawLiveClient.connect(server);
    clients.add(c);
    return c;
  }

  /** Our setup for {@code {}} with one change. */
  private static String setupWith(Consumer<JsonObject> change) {
    JsonObject message = Json.parse(OurMessages.setupDefaults()).asObject();
    change.accept(message.get("setup").asObject());
    return message.toString();
  }
}
