package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Mosquitto;
import dev.geminipi.testkit.PulseServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake arbitration between daemon jars on one real broker (issue 17, point 3): three devices
 * hear the same "hey jarvis" through the real wake-word stack (ONNX Runtime in each), from
 * microphones at 0, -4.4 and -9.1 dB; exactly one session reaches the fake Live service, the
 * loudest device's. With the broker down, each answers on its own.
 *
 * <p>The window is 2000 ms here, not the default 300: each daemon's file microphone starts when
 * its own JVM opens it, so the "same" word reaches the three detectors up to a second or two
 * apart on a loaded machine; devices in one room hear it at the same moment.
 */
class WakeArbitrationIT {
  static final Path MODELS = Path.of("target", "wakeword-models").toAbsolutePath();

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
  }

  /** 4 s of silence (the detector warms up), "hey jarvis" at {@code gain}, 4 s of silence. */
  private byte[] micAt(Path speech, double gain) throws IOException {
    short[] s = new short[Files.readAllBytes(speech).length / 2];
    ByteBuffer.wrap(Files.readAllBytes(speech)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
        .get(s);
    ByteBuffer out = ByteBuffer.allocate((s.length + 8 * 16_000) * 2)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.position(4 * 16_000 * 2);
    for (short v : s) {
      out.putShort((short) Math.round(v * gain));
    }
    return out.array();
  }

  private DaemonProcess device(String node, byte[] mic, FakeLiveServer server, String broker)
      throws IOException {
    PulseServer pulse = PulseServer.start(dir.resolve("pulse-" + node));
    open.add(pulse);
    Path micFile = dir.resolve("mic-" + node + ".raw");
    Files.write(micFile, mic);
    Files.createDirectories(dir.resolve("out-" + node));
    pulse.writeAsoundrc(dir.resolve("home-" + node), micFile, dir.resolve("out-" + node));
    Path config = dir.resolve(node + ".json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "gpio": {"provider": "mock"},
         "triggers": [{"type": "wakeword", "model": "%s", "threshold": 0.5}],
         "control": {"socket": "%s"},
         "mqtt": {"broker": "%s", "nodeId": "%s", "arbitrationWindowMs": 2000}}
        """.formatted(server.endpoint(), MODELS.resolve("hey_jarvis_v0.1.onnx"),
        dir.resolve(node + ".sock"), broker, node));
    DaemonProcess d = DaemonProcess.start(config, Map.of("HOME",
        dir.resolve("home-" + node).toString(), "GEMINI_API_KEY", FakeLiveServer.API_KEY));
    open.add(d);
    return d;
  }

  private Path heyJarvis() throws Exception {
    run("bash", "scripts/fetch-wakeword-models.sh", MODELS.toString());
    Path wav = dir.resolve("hey-jarvis.wav");
    Path raw = dir.resolve("hey-jarvis.raw");
    run("espeak-ng", "-v", "en-us", "-s", "130", "-w", wav.toString(), "hey jarvis");
    run("sox", "-R", wav.toString(), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-t",
        "raw", "-L", raw.toString(), "norm", "-3");
    return raw;
  }

  @Test
  void threeDevicesHearTheWakeWord_onlyTheLoudestConnects() throws Exception {
    Path raw = heyJarvis();
    Mosquitto broker = Mosquitto.start(dir.resolve("broker"));
    open.add(broker);
    FakeLiveServer server = FakeLiveServer.start();
    open.add(server);

    DaemonProcess near = device("near", micAt(raw, 1.0), server, broker.url());
    DaemonProcess middle = device("middle", micAt(raw, 0.6), server, broker.url());
    DaemonProcess far = device("far", micAt(raw, 0.35), server, broker.url());

    near.awaitLine("wake arbitration: this device answers", Duration.ofSeconds(180));
    middle.awaitLine("wake arbitration: near answers", Duration.ofSeconds(60));
    far.awaitLine("wake arbitration: near answers", Duration.ofSeconds(60));
    server.takeMessage("setup", Duration.ofSeconds(10));
    near.awaitLine("idle -> connecting", Duration.ofSeconds(5));
    assertEquals(1, server.connectionCount(), "exactly one device connected");
    for (DaemonProcess d : List.of(middle, far)) {
      assertTrue(d.lines().stream().noneMatch(l -> l.contains("idle -> connecting")),
          "a quieter device stayed idle");
    }
  }

  @Test
  void brokerDown_eachDeviceAnswersOnItsOwn() throws Exception {
    Path raw = heyJarvis();
    String deadBroker;
    try (Mosquitto gone = Mosquitto.start(dir.resolve("gone"))) {
      deadBroker = gone.url();
    }
    FakeLiveServer server = FakeLiveServer.start();
    open.add(server);

    DaemonProcess near = device("near", micAt(raw, 1.0), server, deadBroker);
    DaemonProcess far = device("far", micAt(raw, 0.35), server, deadBroker);

    for (DaemonProcess d : List.of(near, far)) {
      d.awaitLine("wake arbitration: answering at once", Duration.ofSeconds(180));
      d.awaitLine("idle -> connecting", Duration.ofSeconds(5));
    }
    server.takeMessage("setup", Duration.ofSeconds(10));
    server.takeMessage("setup", Duration.ofSeconds(10));
    assertEquals(2, server.connectionCount(), "both devices connected, each on its own");
  }
}
