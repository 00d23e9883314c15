package dev.geminipi.config;

import com.eclipsesource.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the sections that hold no pins; {@link PinSections} reads the rest. */
final class Sections {
  private Sections() {
  }

  static Config read(Node root) {
    GeminiConfig gemini = gemini(root.section("gemini"));
    AudioConfig audio = audio(root.section("audio"));
    CameraConfig camera = camera(root.section("camera"));
    GpioSettings gpio = gpio(root.section("gpio"));
    PinSections pins = new PinSections(root, gemini.rules());
    var triggers = pins.triggers();
    var led = pins.led();
    var tools = pins.tools(gemini.transcription());
    var mqttTools = pins.mqttTools();
    var mcp = McpSections.read(root, pins.buttonPins(), gemini.transcription());
    ConversationConfig conversation = conversation(root.section("conversation"));
    ControlConfig control = control(root.section("control"));
    LogConfig log = log(root.section("log"));
    var mqtt = MqttSection.read(root);
    root.rejectUnknownKeys();
    return new Config(gemini, audio, camera, gpio, triggers, led, tools, mqttTools, mcp,
        conversation, control, log, mqtt);
  }

  static GeminiConfig gemini(Node n) {
    GeminiConfig d = GeminiConfig.defaults();
    String endpoint = n.string("endpoint", d.endpoint());
    checkEndpoint(n, endpoint);
    String keyEnv = n.string("apiKeyEnv", d.apiKeyEnv());
    if (!keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      n.problems().error(n.pathOf("apiKeyEnv"), "\"" + keyEnv + "\" is not an environment "
          + "variable name; use letters, digits and _, e.g. \"GEMINI_API_KEY\" (the key itself "
          + "goes in /etc/gemini-pi/env, never in this file)");
    }
    String model = n.string("model", d.model());
    if (model.isBlank()) {
      n.problems().error(n.pathOf("model"), "is empty; use e.g. \"" + d.model() + "\"");
    } else if (!model.startsWith("models/") && !model.startsWith("projects/")) {
      model = "models/" + model;
    }
    checkModel(n, model);
    GeminiConfig g = new GeminiConfig(endpoint, keyEnv, model,
        n.string("voice", d.voice()),
        n.string("languageCode", d.languageCode()),
        n.string("systemInstruction", d.systemInstruction()),
        n.bool("transcription", d.transcription()),
        n.bool("googleSearch", d.googleSearch()),
        n.choice("activityDetection", d.activityDetection(),
            GeminiConfig.ActivityDetection.class),
        vad(n, d.vad()),
        n.bool("sessionResumption", d.sessionResumption()),
        n.bool("contextCompression", d.contextCompression()),
        n.integer("setupTimeoutMs", d.setupTimeoutMs(), 1000, 120_000, "milliseconds"));
    n.rejectUnknownKeys();
    return g;
  }

  /** One table holds what each model takes ({@link LiveModel}); this says what falls outside. */
  private static void checkModel(Node n, String model) {
    String id = model.substring(model.lastIndexOf('/') + 1);
    if (id.startsWith(LiveModel.EXTENDED_THINKING)) {
      n.problems().error(n.pathOf("model"), "\"" + id + "\" is not supported yet (it takes only "
          + "non-blocking tools and ends turns with interactionStatus); use \""
          + GeminiConfig.DEFAULT_MODEL + "\"");
      return;
    }
    Optional<LiveModel> rules = LiveModel.find(model);
    if (rules.isEmpty() && !model.isBlank()) {
      n.problems().warn(n.pathOf("model"), "\"" + id + "\" is not a model gemini-pi knows; it "
          + "is set up like \"" + GeminiConfig.DEFAULT_MODEL + "\", the newest it knows");
    }
    if (n.has("languageCode") && !LiveModel.of(model).takes(LiveModel.SetupField.LANGUAGE_CODE)) {
      n.problems().warn(n.pathOf("languageCode"), "is ignored: \"" + id + "\" picks the "
          + "language from what it hears");
    }
  }

  private static GeminiConfig.Vad vad(Node n, GeminiConfig.Vad d) {
    return new GeminiConfig.Vad(
        n.choice("startOfSpeechSensitivity", d.startOfSpeechSensitivity(),
            GeminiConfig.Sensitivity.class),
        n.choice("endOfSpeechSensitivity", d.endOfSpeechSensitivity(),
            GeminiConfig.Sensitivity.class),
        n.integer("prefixPaddingMs", d.prefixPaddingMs(), 0, 10_000,
            "milliseconds (0 = the service's default)"),
        n.integer("silenceDurationMs", d.silenceDurationMs(), 0, 10_000,
            "milliseconds (0 = the service's default)"));
  }

  private static void checkEndpoint(Node n, String endpoint) {
    String path = n.pathOf("endpoint");
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("wss") && !scheme.equals("ws")) {
        n.problems().error(path, "\"" + endpoint + "\" must start with wss:// (or ws:// for a "
            + "local test server), e.g. \"" + GeminiConfig.DEFAULT_ENDPOINT + "\"");
      } else if (uri.getHost() == null) {
        n.problems().error(path, "\"" + endpoint + "\" has no host name");
      } else if (scheme.equals("ws") && !isLoopback(uri.getHost())) {
        // ws:// is plain text: the key in the setup headers would cross the network readable.
        n.problems().error(path, "\"" + endpoint + "\" would send the API key unencrypted; "
            + "ws:// is only for a test server on this machine (localhost, 127.0.0.1, [::1]); "
            + "use wss://, e.g. \"" + GeminiConfig.DEFAULT_ENDPOINT + "\"");
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null
          || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
              && !uri.getRawPath().equals("/"))) {
        // The method path is appended by the client; a query could carry a key into logs.
        n.problems().error(path, "give only scheme, host and port, e.g. \""
            + GeminiConfig.DEFAULT_ENDPOINT + "\"; the path is added by gemini-pi and the key "
            + "never goes in the URL");
      }
    } catch (URISyntaxException e) {
      n.problems().error(path, "\"" + endpoint + "\" is not a URL; use e.g. \""
          + GeminiConfig.DEFAULT_ENDPOINT + "\"");
    }
  }

  /** A name or literal that cannot leave this machine; no DNS lookup, which could lie. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  static AudioConfig audio(Node n) {
    AudioConfig d = AudioConfig.defaults();
    Node in = n.section("input");
    AudioConfig.InputConfig di = d.input();
    AudioConfig.InputConfig input = new AudioConfig.InputConfig(
        in.string("device", di.device()), channel(in), in.number("gain", di.gain(), 0.0, 16.0,
            "linear gain"));
    in.rejectUnknownKeys();
    Node out = n.section("output");
    AudioConfig.OutputConfig output = new AudioConfig.OutputConfig(
        out.string("device", d.output().device()),
        out.number("volume", d.output().volume(), 0.0, 1.0, "linear volume"));
    out.rejectUnknownKeys();
    AudioConfig a = new AudioConfig(input, output,
        n.choice("duplex", d.duplex(), AudioConfig.Duplex.class),
        n.softInteger("chunkMs", d.chunkMs(), 10, 100, "milliseconds"),
        n.integer("preRollMs", d.preRollMs(), 0, 5000, "milliseconds"),
        n.integer("tailMs", d.tailMs(), 0, 5000, "milliseconds"),
        n.bool("earcons", d.earcons()));
    n.rejectUnknownKeys();
    return a;
  }

  private static int channel(Node in) {
    JsonValue v = in.raw("channel");
    if (v == null || (v.isString() && v.asString().equals("mix"))) {
      return AudioConfig.InputConfig.MIX;
    }
    if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && v.asDouble() >= 0
        && v.asDouble() <= 7) {
      return (int) v.asDouble();
    }
    in.problems().error(in.pathOf("channel"), v + " is not a channel; use \"mix\" to average "
        + "all channels or a channel index 0-7");
    return AudioConfig.InputConfig.MIX;
  }

  static CameraConfig camera(Node n) {
    CameraConfig d = CameraConfig.defaults();
    CameraConfig.Mode mode = n.choice("mode", d.mode(), CameraConfig.Mode.class);
    CameraConfig.Source source = n.choice("source", d.source(), CameraConfig.Source.class);
    List<String> command = n.strings("command", d.command());
    if (source == CameraConfig.Source.COMMAND && mode != CameraConfig.Mode.OFF
        && command.isEmpty()) {
      n.problems().error(n.pathOf("command"), "is needed when source is \"command\"; give the "
          + "argv of a program that writes JPEG or MJPEG to stdout, e.g. [\"rpicam-vid\", \"-t\", "
          + "\"0\", \"--codec\", \"mjpeg\", \"-o\", \"-\"]");
    }
    CameraConfig c = new CameraConfig(mode, source, command,
        n.string("device", d.device()),
        n.integer("width", d.width(), 64, 4096, "pixels"),
        n.integer("height", d.height(), 64, 4096, "pixels"),
        n.integer("framerate", d.framerate(), 1, 30, "frames per second"),
        n.softInteger("intervalMs", d.intervalMs(), 500, 60_000, "milliseconds"),
        n.integer("maxAgeMs", d.maxAgeMs(), 100, 60_000, "milliseconds"),
        n.integer("timeoutMs", d.timeoutMs(), 500, 120_000, "milliseconds"),
        n.integer("jpegQuality", d.jpegQuality(), 1, 100, "percent"),
        n.bool("sendOnWake", d.sendOnWake()));
    // A frame must be able to be young enough: "taken after the call" needs up to two frame
    // periods, so maxAgeMs below 2.5 of them would refuse every frame.
    int minAgeMs = 2500 / c.framerate();
    if (c.mode() != CameraConfig.Mode.OFF && c.maxAgeMs() < minAgeMs) {
      n.problems().error(n.pathOf("maxAgeMs"), c.maxAgeMs() + " is under 2.5 frames at "
          + "camera.framerate " + c.framerate() + "; raise it to at least " + minAgeMs
          + " or raise the framerate");
    }
    n.rejectUnknownKeys();
    return c;
  }

  static GpioSettings gpio(Node n) {
    GpioSettings d = GpioSettings.defaults();
    GpioSettings g = new GpioSettings(n.choice("provider", d.provider(),
        GpioSettings.Provider.class), n.string("chip", d.chip()));
    n.rejectUnknownKeys();
    return g;
  }

  static ConversationConfig conversation(Node n) {
    ConversationConfig d = ConversationConfig.defaults();
    ConversationConfig c = new ConversationConfig(
        n.integer("idleTimeoutSec", d.idleTimeoutSec(), 3, 3600, "seconds"),
        n.bool("keepWarm", d.keepWarm()),
        n.bool("resume", d.resume()));
    n.rejectUnknownKeys();
    return c;
  }

  static ControlConfig control(Node n) {
    String socket = n.string("socket", ControlConfig.DEFAULT_SOCKET);
    if (!socket.startsWith("/")) {
      n.problems().error(n.pathOf("socket"), "\"" + socket + "\" must be an absolute path, e.g. \""
          + ControlConfig.DEFAULT_SOCKET + "\"");
    }
    n.rejectUnknownKeys();
    return new ControlConfig(socket);
  }

  static LogConfig log(Node n) {
    LogConfig c = new LogConfig(n.bool("transcripts", LogConfig.defaults().transcripts()));
    n.rejectUnknownKeys();
    return c;
  }
}
