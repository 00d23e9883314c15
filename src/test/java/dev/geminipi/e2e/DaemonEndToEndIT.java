package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeCameraProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a user runs it: the jar as a process, the strict fake Live server, ALSA
 * devices paced by a private PulseAudio, Pi4J's mock GPIO, the fake camera, and the CLI over
 * the control socket (issue 6, point 9).
 */
class DaemonEndToEndIT {
  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private DaemonProcess daemon;

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.close();
    }
    if (pulse != null) {
      pulse.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** {@code seconds} of a sine at {@code hz}, 16-bit mono, half scale. */
  static byte[] tone(int rateHz, double hz, double seconds) {
    int n = (int) (rateHz * seconds);
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putShort((short) (16_000 * Math.sin(2 * Math.PI * hz * i / rateHz)));
    }
    return b.array();
  }

  static short[] samples(byte[] pcm) {
    ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
    short[] s = new short[pcm.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = b.getShort();
    }
    return s;
  }

  /** Frequency of a tone from its zero crossings. */
  static double frequency(short[] s, int rateHz) {
    int crossings = 0;
    for (int i = 1; i < s.length; i++) {
      if ((s[i - 1] < 0) != (s[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 * rateHz / s.length;
  }

  static double rms(short[] s) {
    double sum = 0;
    for (short v : s) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum / Math.max(1, s.length));
  }

  /** The fake service, and a private PulseAudio playing {@code micPcm} into the microphone. */
  private void startServerAndDevices(byte[] micPcm) throws IOException {
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, micPcm);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
  }

  private Map<String, String> env() {
    return Map.of("HOME", dir.resolve("home").toString(), "GEMINI_API_KEY",
        FakeLiveServer.API_KEY);
  }

  private Path config(String camera) throws IOException {
    Path socket = dir.resolve("control.sock");
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "audio": {"tailMs": 100},
         "camera": %s,
         "gpio": {"provider": "mock"},
         "triggers": [{"type": "button", "pin": 17}],
         "led": {"pin": 25},
         "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22,
                    "action": "switch"}],
         "conversation": {"idleTimeoutSec": 3},
         "control": {"socket": "%s"},
         "log": {"transcripts": true}}
        """.formatted(server.endpoint(), camera, socket));
    return config;
  }

  private DaemonProcess.Run cli(String... args) throws Exception {
    String[] withSocket = Stream.concat(Stream.of(args),
        Stream.of("--socket", dir.resolve("control.sock").toString())).toArray(String[]::new);
    return DaemonProcess.cli(env(), withSocket);
  }

  private JsonObject status() throws Exception {
    DaemonProcess.Run r = cli("status", "--json");
    assertEquals(0, r.code(), r.out());
    return Json.parse(r.out().strip()).asObject();
  }

  /**
   * The longest unbroken run of 10 ms windows in the speaker's recording (channel 0 of
   * played-RATE-CHANNELS.raw) that sound at {@code hz} ± 60 Hz, in seconds. The earcons'
   * 990 Hz notes are 80 ms long, so the model's tone is the longest run; a gap or a dropped
   * chunk would split it.
   */
  private double secondsOfOneUnbrokenTone(double hz) throws IOException {
    Path f;
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      f = files.filter(p -> p.getFileName().toString().startsWith("played-")).findFirst()
          .orElseThrow(() -> new AssertionError("nothing reached the speaker file"));
    }
    String[] parts = f.getFileName().toString().replace(".raw", "").split("-");
    int rateHz = Integer.parseInt(parts[1]);
    int channels = Integer.parseInt(parts[2]);
    short[] all = samples(Files.readAllBytes(f));
    short[] mono = new short[all.length / channels];
    for (int i = 0; i < mono.length; i++) {
      mono[i] = all[i * channels];
    }
    int window = rateHz / 100;
    int run = 0;
    int longest = 0;
    for (int start = 0; start + window <= mono.length; start += window) {
      short[] w = java.util.Arrays.copyOfRange(mono, start, start + window);
      boolean tone = rms(w) > 2000 && Math.abs(frequency(w, rateHz) - hz) <= 60;
      run = tone ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest / 100.0;
  }

  @Test
  void talk_speak_toolCall_goAway_idle_sigterm() throws Exception {
    startServerAndDevices(tone(16_000, 440, 1.5));
    String camera = "{\"mode\": \"on-request\", \"source\": \"command\", \"command\": "
        + Json.array(FakeCameraProcess.command("--fps", "5").toArray(String[]::new))
        + "}";
    daemon = DaemonProcess.start(config(camera), env());
    daemon.awaitLine("ready in", Duration.ofSeconds(20));

    // talk: a session with our tools, and the microphone's tone on the wire.
    DaemonProcess.Run talk = cli("talk");
    assertEquals(0, talk.code(), talk.out());
    Received setup = server.takeMessage("setup", Duration.ofSeconds(10));
    List<String> names = setup.body().get("tools").asArray().get(0).asObject()
        .get("functionDeclarations").asArray().values().stream()
        .map(v -> v.asObject().getString("name", "")).toList();
    assertEquals(List.of("set_lamp", "look", "end_conversation"), names);
    short[] heard = new short[0];
    while (rms(heard) < 3000) {
      heard = samples(server.takeMessage("realtimeInput.audio", Duration.ofSeconds(10)).data());
    }
    assertEquals(440, frequency(heard, 16_000), 30, "the microphone's tone reached the wire");

    // The model answers with a 1 kHz tone: it comes out of the speaker.
    byte[] answer = tone(24_000, 1000, 0.6);
    server.send(ServerMessages.outputTranscript("Hello there."));
    server.send(ServerMessages.audio(java.util.Arrays.copyOfRange(answer, 0, answer.length / 2)));
    server.send(ServerMessages.audio(java.util.Arrays.copyOfRange(answer, answer.length / 2,
        answer.length)));
    server.send(ServerMessages.turnComplete());
    daemon.awaitLine("listening -> speaking", Duration.ofSeconds(5));
    daemon.awaitLine("speaking -> listening (model finished)", Duration.ofSeconds(10));
    daemon.awaitLine("gemini: Hello there.", Duration.ofSeconds(5));

    // A tool call moves the mock pin, and status shows it.
    List<String> ids = server.sendToolCall("set_lamp", "{\"on\":true}");
    JsonObject response = server.takeMessage("toolResponse", Duration.ofSeconds(5)).body()
        .get("functionResponses").asArray().get(0).asObject();
    assertEquals(ids.get(0), response.getString("id", ""));
    assertEquals("{\"status\":\"ok\",\"retryable\":false,\"message\":\"set_lamp is on now\","
        + "\"on\":true}", response.get("response").toString());
    daemon.awaitLine("tool=set_lamp args={\"on\":true} pin=22 level=high", Duration.ofSeconds(5));
    JsonObject status = status();
    assertEquals("{\"pin\":22,\"on\":true}", status.get("outputs").asObject().get("set_lamp")
        .toString());
    assertTrue(status.getBoolean("connected", false));

    // goAway mid-conversation: resumed on a new connection with the newest handle.
    String handle = server.sendResumptionUpdate();
    server.goAway(Duration.ofSeconds(5));
    Received resumed = server.takeMessage("setup", Duration.ofSeconds(10));
    assertEquals(2, resumed.connection());
    assertEquals(handle, resumed.body().get("sessionResumption").asObject()
        .getString("handle", ""));
    daemon.awaitLine("(resumed)", Duration.ofSeconds(10));

    // Quiet for idleTimeoutSec: back to idle.
    daemon.awaitLine("-> idle (nothing said for 3 s)", Duration.ofSeconds(15));
    assertEquals("idle", status().getString("state", ""));
    assertTrue(server.pollRejection().isEmpty(), "the fake server refused something");

    // SIGTERM: every pin to rest, socket removed, exit within 2 s.
    long start = System.nanoTime();
    int code = daemon.terminate(Duration.ofSeconds(5));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms < 2000, "shutdown took " + ms + " ms");
    assertEquals(143, code);
    assertTrue(daemon.lines().stream().anyMatch(l -> l.contains(
        "tool=set_lamp args=shutdown pin=22 level=low")), String.join("\n", daemon.lines()));
    assertTrue(daemon.lines().stream().anyMatch(l -> l.contains("stopped; every pin at rest")));
    assertFalse(Files.exists(dir.resolve("control.sock")));
    assertFalse(daemon.lines().stream().anyMatch(l -> l.startsWith("ERROR")),
        String.join("\n", daemon.lines()));
    assertFalse(String.join("\n", daemon.lines()).contains(FakeLiveServer.API_KEY));
    // Read once the daemon is gone: "model finished" comes when the last chunk is in ALSA's
    // 80 ms buffer, before the file plugin has it all.
    assertEquals(0.6, secondsOfOneUnbrokenTone(1000), 0.04,
        "the model's 0.6 s tone reached the speaker whole, at its pitch, in one piece");
  }

  @Test
  void noKey_talkReportsItPlainly_andTheDaemonLives_journalLinesCarryPriorities()
      throws Exception {
    startServerAndDevices(new byte[0]);
    // As under systemd: stdout is the journal, which files each line under its prefix.
    daemon = DaemonProcess.start(config("{\"mode\": \"off\"}"),
        Map.of("HOME", dir.resolve("home").toString(), "JOURNAL_STREAM", "8:12345"));
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    DaemonProcess.Run talk = DaemonProcess.cli(Map.of(), "talk", "--socket",
        dir.resolve("control.sock").toString());
    assertEquals(1, talk.code(), talk.out());
    assertTrue(talk.out().startsWith("error: the conversation could not start: GEMINI_API_KEY "
        + "is not set"), talk.out());
    daemon.awaitLine("<6>INFO  [Conversation] connecting -> error (GEMINI_API_KEY is not set",
        Duration.ofSeconds(5));
    daemon.awaitLine("<4>WARN  [LiveSession] GEMINI_API_KEY is not set", Duration.ofSeconds(5));
    JsonValue lastError = status().get("lastError");
    assertTrue(lastError.asString().startsWith("GEMINI_API_KEY is not set"), lastError.toString());
    assertEquals(0, server.connectionCount());
    assertEquals(143, daemon.terminate(Duration.ofSeconds(5)));
  }

  /** A datagram listener on NOTIFY_SOCKET, printing each message (Java cannot bind one). */
  private Process notifyListener(Path socket) throws IOException {
    String code = "import socket,sys\n"
        + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
        + "s.bind(sys.argv[1])\nprint('listening',flush=True)\n"
        + "while True:\n  print(s.recv(4096).decode().replace('\\n','|'),flush=True)\n";
    Process p = new ProcessBuilder("/usr/bin/python3", "-u", "-c", code, socket.toString())
        .redirectErrorStream(true).start();
    String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
        .readLine();
    assertEquals("listening", first);
    return p;
  }

  @Test
  void systemdHearsReadyAndWatchdog_sighupReloadsOrKeepsTheConfig() throws Exception {
    startServerAndDevices(new byte[0]);
    Path socket = dir.resolve("notify.sock");
    Process listener = notifyListener(socket);
    java.util.concurrent.BlockingQueue<String> notes = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
          listener.getInputStream()))) {
        String l;
        while ((l = in.readLine()) != null) {
          notes.add(l);
        }
      } catch (IOException e) {
        // listener stopped
      }
    });
    try {
      Path config = config("{\"mode\": \"off\"}");
      java.util.Map<String, String> env = new java.util.HashMap<>(env());
      env.put("NOTIFY_SOCKET", socket.toString());
      env.put("WATCHDOG_USEC", "1000000");
      daemon = DaemonProcess.start(config, env);
      assertEquals("READY=1|STATUS=idle", notes.poll(20, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("WATCHDOG=1", notes.poll(5, java.util.concurrent.TimeUnit.SECONDS));

      String good = Files.readString(config);
      Files.writeString(config, good.replace("\"led\"", "\"ledd\""));
      daemon.hangUp();
      daemon.awaitLine("reload refused: config.json: ledd: unknown key; did you mean \"led\"?",
          Duration.ofSeconds(10));
      daemon.awaitLine("kept the running config", Duration.ofSeconds(5));
      assertEquals("idle", status().getString("state", ""));

      Files.writeString(config, good.replace("\"action\": \"switch\"}]",
          "\"action\": \"switch\"}, {\"name\": \"fan\", \"pin\": 23, \"action\": \"toggle\"}]"));
      daemon.hangUp();
      daemon.awaitLine("reloaded", Duration.ofSeconds(10));
      assertEquals("{\"set_lamp\":{\"pin\":22,\"on\":false},\"fan\":{\"pin\":23,\"on\":false}}",
          status().get("outputs").toString());
      String note;
      do {
        note = notes.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      } while (note != null && !note.equals("RELOADING=1"));
      assertEquals("RELOADING=1", note);
      do {
        note = notes.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      } while (note != null && note.equals("WATCHDOG=1"));
      assertEquals("READY=1|STATUS=idle", note);
      assertEquals(143, daemon.terminate(Duration.ofSeconds(5)));
      do {
        note = notes.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      } while (note != null && note.equals("WATCHDOG=1"));
      assertEquals("STOPPING=1", note);
    } finally {
      listener.destroyForcibly();
    }
  }

  @Test
  void pushToTalk_talkAlternatesActivityStartAndEnd() throws Exception {
    startServerAndDevices(tone(16_000, 440, 1.0));
    Path config = config("{\"mode\": \"off\"}");
    Files.writeString(config, Files.readString(config).replace("{\"gemini\": {",
        "{\"gemini\": {\"activityDetection\": \"manual\", "));
    daemon = DaemonProcess.start(config, env());
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    assertEquals(0, cli("talk").code());
    Received setup = server.takeMessage("setup", Duration.ofSeconds(10));
    assertEquals("{\"disabled\":true}", setup.body().get("realtimeInputConfig").asObject()
        .get("automaticActivityDetection").toString());
    server.takeMessage("realtimeInput.activityStart", Duration.ofSeconds(10));
    server.takeMessage("realtimeInput.audio", Duration.ofSeconds(10));
    assertEquals(0, cli("talk").code());
    server.takeMessage("realtimeInput.activityEnd", Duration.ofSeconds(10));
    daemon.awaitLine("listening -> thinking (end of your turn)", Duration.ofSeconds(5));
    server.send(ServerMessages.audio(tone(24_000, 800, 0.3)));
    server.send(ServerMessages.turnComplete());
    daemon.awaitLine("speaking -> listening (model finished)", Duration.ofSeconds(10));
    assertTrue(server.pollRejection().isEmpty(), "the fake server refused something");
    assertEquals(143, daemon.terminate(Duration.ofSeconds(5)));
  }
}
