package dev.geminipi.daemon;

import com.eclipsesource.json.Json;
import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigException;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.testkit.FakeCameraProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the soak's device runs against, in this process: the strict fake Live server on
 * loopback, a private PulseAudio reached through ALSA's {@code default} (javax.sound, ALSA's
 * file and pulse plugins, a null sink and source: the real audio path, with a clock), Pi4J's
 * mock GPIO, the fake camera as a child process, and the device itself as {@code gemini-pi run}
 * builds it ({@link Device#start}).
 */
final class SoakRig implements AutoCloseable {
  final FakeLiveServer server;
  final PulseServer pulse;
  final LogLines log;
  final Device device;
  final Path socket;

  private SoakRig(FakeLiveServer server, PulseServer pulse, LogLines log, Device device,
      Path socket) {
    this.server = server;
    this.pulse = pulse;
    this.log = log;
    this.device = device;
    this.socket = socket;
  }

  /**
   * @param dir scratch directory; ALSA reads {@code $HOME/.asoundrc}, so HOME must be inside
   *     it (bench/soak.sh sets both) or a user's own .asoundrc would be overwritten
   */
  static SoakRig start(Path dir) throws IOException, ConfigException {
    Path home = Path.of(System.getenv().getOrDefault("HOME", "/")).toAbsolutePath();
    if (!home.startsWith(dir.toAbsolutePath())) {
      throw new IllegalStateException("HOME (" + home + ") must be inside " + dir.toAbsolutePath()
          + ": the soak writes HOME/.asoundrc; run it through bench/soak.sh");
    }
    Path mic = Files.write(dir.resolve("mic.raw"), new byte[0]); // then silence
    PulseServer pulse = PulseServer.start(dir.resolve("pulse"));
    writeAsoundrc(home, mic, pulse.server());
    FakeLiveServer server = FakeLiveServer.start();
    Path socket = dir.resolve("control.sock");
    Path configFile = dir.resolve("config.json");
    Files.writeString(configFile, config(server.endpoint(), socket));
    Config config = new ConfigLoader(w -> System.out.println("config: " + w)).load(configFile);
    LogLines log = LogLines.attach();
    Device device = Device.start(config, Map.of(config.gemini().apiKeyEnv(),
        FakeLiveServer.API_KEY));
    if (!device.healthy(10_000)) {
      throw new IllegalStateException("the device did not answer within 10 s of its start");
    }
    return new SoakRig(server, pulse, log, device, socket);
  }

  /**
   * ALSA's {@code default}: capture reads {@code micRaw} (then silence) and playback renders, both
   * paced by the private PulseAudio. handle_underrun false, as in AlsaDevices.speakerToPulse: the
   * speaker idles between answers, and the pulse plugin's xrun recovery reports wrong room for a
   * while after each idle, which held every answer's end for seconds.
   */
  private static void writeAsoundrc(Path home, Path micRaw, String server) throws IOException {
    String pulse = "{ type pulse; server \"" + server + "\"; handle_underrun false }";
    Files.createDirectories(home);
    Files.writeString(home.resolve(".asoundrc"), String.join("\n",
        "pcm.!default { type asym; capture.pcm \"soak_mic\"; playback.pcm \"soak_speaker\" }",
        "pcm.soak_mic { type file; slave.pcm " + pulse + "; file \"/dev/null\"; infile \""
            + micRaw + "\"; format \"raw\" }",
        "pcm.soak_speaker " + pulse, ""));
  }

  /**
   * The end-to-end test's config, time-compressed: the shortest idle timeout the loader takes,
   * no earcons (each would add its length to every start and end) and a short mute tail.
   */
  static String config(String endpoint, Path socket) {
    String camera = Json.array(FakeCameraProcess.command("--fps", "10", "--width", "320",
        "--height", "240").toArray(String[]::new)).toString();
    return """
        {"gemini": {"endpoint": "%s"},
         "audio": {"tailMs": 50, "earcons": false},
         "camera": {"mode": "on-request", "source": "command", "command": %s,
                    "width": 320, "height": 240, "framerate": 10},
         "gpio": {"provider": "mock"},
         "triggers": [{"type": "button", "pin": 17}],
         "led": {"pin": 25},
         "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22,
                    "action": "switch", "restOnHangup": true}],
         "conversation": {"idleTimeoutSec": 3},
         "control": {"socket": "%s"}}
        """.formatted(endpoint, camera, socket);
  }

  @Override
  public void close() {
    device.close();
    server.close();
    pulse.close();
  }
}
