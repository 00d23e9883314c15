package dev.geminipi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.AlsaDevices;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private FakeLiveServer server;
  private final java.util.concurrent.ScheduledExecutorService timers =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    timers.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  private int run(Map<String, String> env, String... args) {
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path config(String endpoint) throws Exception {
    Path c = dir.resolve("config.json");
    Files.writeString(c, "{\"gemini\": {\"endpoint\": \"" + endpoint + "\"}, "
        + "\"gpio\": {\"provider\": \"mock\"}, \"camera\": {\"mode\": \"off\"}}");
    return c;
  }

  /** Two 240 ms chunks of a recognisable ramp, a transcript, and turnComplete. */
  private byte[] scriptReply() {
    byte[] pcm = new byte[2 * 5760];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (byte) (i * 31 + 7);
    }
    server.react(r -> {
      if (r.kind().equals("clientContent")) {
        server.send(ServerMessages.outputTranscript("It is "));
        server.send(ServerMessages.audio(Arrays.copyOfRange(pcm, 0, 5760)));
        server.send(ServerMessages.outputTranscript("noon."));
        server.send(ServerMessages.audio(Arrays.copyOfRange(pcm, 5760, pcm.length)));
        server.send(ServerMessages.generationComplete());
        server.send(ServerMessages.turnComplete());
      }
    });
    return pcm;
  }

  @Test
  void help_listsCommands_exit0() {
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out().startsWith("usage: gemini-pi <command> [options]"));
    for (String c : List.of("run", "check", "devices", "say", "talk", "hangup", "status")) {
      assertTrue(out().contains("\n  " + c + " "), c + " missing in " + out());
    }
    assertTrue(out().contains("'gemini-pi COMMAND --help' shows a command's options."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "check", "devices", "say", "talk", "hangup", "status"})
  void commandHelp_everyCommand_plainTextUsageAndOptions_exit0(String command) {
    assertEquals(0, run(Map.of(), command, "--help"));
    String help = out();
    assertTrue(help.startsWith("usage: gemini-pi " + command), help);
    assertTrue(help.contains("Exit status"), help);
    // Plain text for the man page: printable ASCII, 80 columns, no tabs or escapes.
    assertTrue(help.lines().allMatch(l -> l.length() <= 80
        && l.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)), help);
    assertEquals("", err());
    out.reset();
    assertEquals(0, run(Map.of(), "help", command));
    assertEquals(help, out());
  }

  @Test
  void commandHelp_say_namesBothFormsAndTheLogOptions() {
    assertEquals(0, run(Map.of(), "say", "-h"));
    assertTrue(out().startsWith("usage: gemini-pi say TEXT --out FILE.wav [--config PATH] "
        + "[--timeout SEC]\n                   [--debug | --log-level LEVEL]\n"
        + "       gemini-pi say TEXT [--socket PATH | --config PATH]\n"), out());
    assertTrue(out().contains("--debug "), out());
    assertTrue(out().contains("$GEMINI_PI_SOCKET"), out());
  }

  @Test
  void logLevel_debugFlag_logLevelOption_orByCommand() {
    assertEquals("DEBUG", Cli.logLevel(new String[] {"say", "hi", "--out", "a.wav", "--debug"}));
    assertEquals("TRACE", Cli.logLevel(new String[] {"run", "--log-level", "trace"}));
    assertEquals("WARN", Cli.logLevel(new String[] {"check", "--log-level=warn"}));
    assertEquals("INFO", Cli.logLevel(new String[] {"run"}));
    assertEquals("ERROR", Cli.logLevel(new String[] {"check"}));
    assertEquals("ERROR", Cli.logLevel(new String[] {"say", "hi", "--out", "a.wav"}));
    assertEquals("WARN", Cli.logLevel(new String[] {"status"}));
    assertEquals("INFO", Cli.logLevel(new String[] {"run", "--log-level", "loud"}));
  }

  @Test
  void logLevel_unknown_usageError_exit2() throws Exception {
    assertEquals(2, run(Map.of(), "check", "--log-level", "loud"));
    assertEquals("gemini-pi: --log-level takes one of error, warn, info, debug, trace, not "
        + "\"loud\"\nrun 'gemini-pi --help' for the commands\n", err());
  }

  @Test
  void logOptions_takenByRunSayCheck_refusedByStatus() throws Exception {
    Path c = config("ws://127.0.0.1:9");
    assertEquals(1, run(Map.of(), "check", "--debug", "--config", c.toString()));
    assertEquals(2, run(Map.of(), "status", "--debug"));
    assertTrue(err().contains("unknown option --debug"), err());
  }

  @Test
  void noArguments_printsUsage_exit2() {
    assertEquals(2, run(Map.of()));
    assertTrue(err().startsWith("usage: gemini-pi"));
  }

  @Test
  void version_printsVersion() {
    assertEquals(0, run(Map.of(), "--version"));
    assertTrue(out().matches("gemini-pi \\S+\\n"), out());
  }

  @Test
  void unknownCommand_exit2WithHint() {
    assertEquals(2, run(Map.of(), "dance"));
    assertEquals("gemini-pi: unknown command \"dance\"\nrun 'gemini-pi --help' for the commands\n",
        err());
  }

  @Test
  void say_writesReplyWavAndTranscript_exit0() throws Exception {
    server = FakeLiveServer.start();
    byte[] pcm = scriptReply();
    Path wav = dir.resolve("reply.wav");
    int code = run(Map.of("GEMINI_API_KEY", FakeLiveServer.API_KEY), "say", "what time is it",
        "--out", wav.toString(), "--config", config(server.endpoint()).toString());
    assertEquals(0, code, err());
    assertEquals("you: what time is it\ngemini: It is noon.\nwrote " + wav
        + " (0.2 s of audio at 24000 Hz)\n", out());
    // 3.8: the text goes in as a complete user turn.
    Received text = server.takeMessage("clientContent");
    assertEquals("what time is it", text.body().get("turns").asArray().get(0).asObject()
        .get("parts").asArray().get(0).asObject().getString("text", ""));
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      AudioFormat f = in.getFormat();
      assertEquals(24_000f, f.getSampleRate());
      assertEquals(1, f.getChannels());
      assertEquals(16, f.getSampleSizeInBits());
      assertFalse(f.isBigEndian());
      assertArrayEquals(pcm, in.readAllBytes());
    }
  }

  @Test
  void say_withoutKey_namesTheVariableAndWhereItGoes_exit1() throws Exception {
    assertEquals(1, run(Map.of(), "say", "hi", "--out", dir.resolve("r.wav").toString(),
        "--config", config("ws://127.0.0.1:9").toString()));
    assertEquals("error: GEMINI_API_KEY is not set; put GEMINI_API_KEY=<your key> in "
        + "/etc/gemini-pi/env (systemd reads it through EnvironmentFile=), or export "
        + "GEMINI_API_KEY in this shell (get a key at https://aistudio.google.com/apikey)\n",
        err());
  }

  @Test
  void say_badKey_saysTheKeyWasRefused_exit1() throws Exception {
    server = FakeLiveServer.start();
    assertEquals(1, run(Map.of("GEMINI_API_KEY", "AIza-wrong"), "say", "hi", "--out",
        dir.resolve("r.wav").toString(), "--config", config(server.endpoint()).toString()));
    assertTrue(err().contains("error: the service refused the API key; check GEMINI_API_KEY"),
        err());
    assertEquals(1, server.connectionCount());
    assertEquals("1008 API key not valid. Please pass a valid API key.", server.takeRefusal());
  }

  /** A loopback port nobody listens on: connecting there is refused at once. */
  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private long attemptsLogged(LogCapture logs) {
    return logs.lines().stream().filter(l -> l.contains("[dev.geminipi.live.LiveSession] "
        + "connecting to ")).count();
  }

  @Test
  void say_connectionRefused_oneErrorLineAfterThreeAttempts_exit1() throws Exception {
    try (LogCapture logs = LogCapture.open()) {
      assertEquals(1, run(Map.of("GEMINI_API_KEY", FakeLiveServer.API_KEY), "say", "hi",
          "--out", dir.resolve("r.wav").toString(), "--config",
          config("ws://127.0.0.1:" + closedPort()).toString()));
      assertEquals("error: cannot reach the service (Connection refused); check the network "
          + "(gave up after 3 attempts)\n", err());
      assertEquals(3, attemptsLogged(logs));
      assertTrue(logs.lines().stream().anyMatch(l -> l.endsWith("attempt 2 of 3, after: cannot "
          + "reach the service (Connection refused); check the network)")), logs.lines()
          .toString());
    }
    assertFalse(Files.exists(dir.resolve("r.wav")));
  }

  @Test
  void say_unresolvableHost_oneErrorLineNamingTheHost_exit1() throws Exception {
    try (LogCapture logs = LogCapture.open()) {
      assertEquals(1, run(Map.of("GEMINI_API_KEY", FakeLiveServer.API_KEY), "say", "hi",
          "--out", dir.resolve("r.wav").toString(), "--config",
          config("wss://nonexistent.invalid").toString()));
      assertEquals("error: cannot resolve nonexistent.invalid (DNS); check the network "
          + "(gave up after 3 attempts)\n", err());
      assertEquals(3, attemptsLogged(logs));
    }
  }

  @Test
  void say_withoutOut_asksTheDaemon() {
    assertEquals(1, run(Map.of(), "say", "hi", "--socket", dir.resolve("none.sock").toString()));
    assertTrue(err().startsWith("error: no daemon is listening at "), err());
    assertEquals(2, run(Map.of(), "say"));
  }

  @Test
  void say_badConfig_printsEveryProblem_exit1() throws Exception {
    Path c = dir.resolve("config.json");
    Files.writeString(c, "{\"audio\": {\"volume\": 1}}");
    assertEquals(1, run(Map.of("GEMINI_API_KEY", "k"), "say", "hi", "--out", "x.wav",
        "--config", c.toString()));
    assertEquals("error: config.json: audio.volume: unknown key; known keys here: input, output, "
        + "duplex, chunkMs, preRollMs, tailMs, earcons\n", err());
  }

  @Test
  void check_allGood_printsTicks_exit0() throws Exception {
    byte[] hum = new byte[2 * 32_000];
    for (int i = 0; i < hum.length / 2; i++) {
      short s = (short) (4000 * Math.sin(2 * Math.PI * 200 * i / 16_000.0));
      hum[2 * i] = (byte) s;
      hum[2 * i + 1] = (byte) (s >> 8);
    }
    AlsaDevices.micFromFile(hum);
    AlsaDevices.speakerToFiles();
    javax.sound.sampled.AudioSystem.getMixerInfo(); // enumerate with both devices present
    server = FakeLiveServer.start();
    Path c = config(server.endpoint());
    assertEquals(0, run(Map.of("GEMINI_API_KEY", FakeLiveServer.API_KEY), "check", "--config",
        c.toString()), out());
    List<String> lines = out().lines().toList();
    assertEquals("\u2713 config " + c + " is valid", lines.get(0));
    assertEquals("\u2713 API key: GEMINI_API_KEY is set (an API key, not shown)", lines.get(1));
    assertTrue(lines.get(2).startsWith("\u2713 capture: "), lines.get(2));
    assertTrue(lines.get(3).startsWith("\u2713 playback: "), lines.get(3));
    assertEquals("\u2713 GPIO: the mock platform (gpio.provider \"mock\"): no pin moves",
        lines.get(4));
    assertTrue(lines.get(5).startsWith("\u2713 camera"), lines.get(5));
    assertTrue(lines.get(6).startsWith("\u2713 clock: 20"), lines.get(6));
    assertTrue(lines.get(7).startsWith("\u2713 endpoint: ws://127.0.0.1 answered the WebSocket "
        + "handshake in "), lines.get(7));
    assertTrue(lines.get(8).matches("\u2713 key accepted by the service \\(session ready in "
        + "\\d+ ms\\)"), lines.get(8));
    assertEquals(List.of("setup"), server.history().stream().map(Received::kind).toList(),
        "check sends the setup and nothing else");
  }

  /** A microphone that hums at 200 Hz and a speaker into files: both open, neither hears. */
  private static void humAndFiles() {
    byte[] hum = new byte[2 * 64_000];
    for (int i = 0; i < hum.length / 2; i++) {
      short s = (short) (4000 * Math.sin(2 * Math.PI * 200 * i / 16_000.0));
      hum[2 * i] = (byte) s;
      hum[2 * i + 1] = (byte) (s >> 8);
    }
    AlsaDevices.micFromFile(hum);
    AlsaDevices.speakerToFiles();
  }

  private int runOnTerminal(List<String> asked, boolean answer, String... args) {
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), q -> {
          asked.add(q);
          return answer;
        }).run(args);
  }

  @Test
  void check_onATerminal_asksBeforeTheSound_noMeansNoSweep() throws Exception {
    humAndFiles();
    List<String> asked = new java.util.ArrayList<>();
    runOnTerminal(asked, false, "check", "--config", config("ws://127.0.0.1:9").toString());
    assertEquals(List.of("Play a short test sound on the speaker to check that the microphone "
        + "hears it? [y/N] "), asked);
    assertFalse(out().contains("sound:"), out());
  }

  @Test
  void check_onATerminal_yes_playsTheSweepAndSaysWhatTheMicHeard() throws Exception {
    humAndFiles();
    runOnTerminal(new java.util.ArrayList<>(), true, "check", "--config",
        config("ws://127.0.0.1:9").toString());
    // The file speaker reaches no microphone: the hum is all it hears.
    assertTrue(out().contains("\n\u2717 sound: the microphone did not hear the speaker's test "
        + "sweep (it was at -"), out());
  }

  @Test
  void check_soundFlag_needsNoTerminal() throws Exception {
    humAndFiles();
    List<String> asked = new java.util.ArrayList<>();
    runOnTerminal(asked, false, "check", "--sound", "--config",
        config("ws://127.0.0.1:9").toString());
    assertEquals(List.of(), asked);
    assertTrue(out().contains("\u2717 sound: "), out());
  }

  @Test
  void check_unreachableEndpoint_crossAndExit1() throws Exception {
    Path c = config("ws://127.0.0.1:9");
    assertEquals(1, run(Map.of("GEMINI_API_KEY", "k"), "check", "--config", c.toString()));
    assertTrue(out().contains("\u2717 endpoint: cannot reach the service"), out());
  }

  @Test
  void check_badConfig_listsProblems_exit1() throws Exception {
    Path c = dir.resolve("config.json");
    Files.writeString(c, "{\"tools\": [{\"name\": \"x\", \"pin\": 99, \"action\": \"switch\"}]}");
    assertEquals(1, run(Map.of(), "check", "--config", c.toString()));
    assertEquals("\u2717 config " + c + " has problems:\n    config.json: tools[0].pin: 99 is "
        + "not a GPIO line of a Raspberry Pi header (0-27); use the BCM number, e.g. 17 for "
        + "physical pin 11\n", out());
  }

  @Test
  void wholeSession_neverShowsTheKey() throws Exception {
    server = FakeLiveServer.start();
    scriptReply();
    try (LogCapture logs = LogCapture.open()) {
      Path c = config(server.endpoint());
      Map<String, String> env = Map.of("GEMINI_API_KEY", FakeLiveServer.API_KEY);
      assertEquals(0, run(env, "say", "hello", "--out", dir.resolve("a.wav").toString(),
          "--config", c.toString()));
      run(env, "check", "--config", c.toString()); // ✓ or ✗ alike: only the key matters here
      String wrong = "wrong-key-but-still-secret-0123456789";
      run(Map.of("GEMINI_API_KEY", wrong), "say", "hello", "--out",
          dir.resolve("b.wav").toString(), "--config", c.toString());
      String everything = String.join("\n", logs.lines()) + out() + err();
      assertFalse(logs.lines().isEmpty());
      assertFalse(everything.contains(FakeLiveServer.API_KEY), everything);
      assertFalse(everything.contains(wrong), everything);
      assertFalse(everything.contains("0123456789"), everything);
    }
    assertEquals("1008 API key not valid. Please pass a valid API key.", server.takeRefusal());
  }

  @Test
  void status_printsPlainWords_andJsonOnRequest() throws Exception {
    Path socket = dir.resolve("c.sock");
    String status = "{\"ok\":true,\"state\":\"listening\",\"connected\":true,"
        + "\"sessionId\":\"s-1\",\"lastError\":\"\",\"uptimeSec\":3725,\"outputs\":{"
        + "\"set_lamp\":{\"pin\":22,\"on\":true},\"fan\":{\"pin\":18,\"percent\":40}}}";
    try (var server = dev.geminipi.control.ControlServer.start(socket, r ->
        java.util.concurrent.CompletableFuture.completedFuture(
            com.eclipsesource.json.Json.parse(status).asObject()), timers)) {
      assertEquals(0, run(Map.of(), "status", "--socket", socket.toString()));
      assertEquals("state: listening\nconnected: yes (session s-1)\nuptime: 1 h 2 min\n"
          + "last error: none\noutputs:\n  set_lamp             GPIO 22  on\n"
          + "  fan                  GPIO 18  40 %\n", out());
      out.reset();
      assertEquals(0, run(Map.of(), "status", "--json", "--socket", socket.toString()));
      assertEquals(status + "\n", out());
    }
  }

  /** A daemon whose answers are these states, one per request, the last one repeated. */
  private dev.geminipi.control.ControlServer daemon(Path socket, List<String> seen,
      String... states) throws Exception {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return dev.geminipi.control.ControlServer.start(socket, r -> {
      seen.add(r.toString());
      String state = states[Math.min(n.getAndIncrement(), states.length - 1)];
      String lastError = state.startsWith("idle: ") ? state.substring(6) : "";
      return java.util.concurrent.CompletableFuture.completedFuture(
          new com.eclipsesource.json.JsonObject().add("ok", true)
              .add("state", lastError.isEmpty() ? state : "idle").add("lastError", lastError));
    }, timers);
  }

  @Test
  void talkSayHangup_sendTheirCommand() throws Exception {
    Path socket = dir.resolve("c.sock");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var server = daemon(socket, seen, "connecting", "listening", "thinking", "idle")) {
      assertEquals(0, run(Map.of(), "talk", "--socket", socket.toString()));
      assertEquals(0, run(Map.of(), "say", "lights on", "--socket", socket.toString()));
      assertEquals(0, run(Map.of(), "hangup", "--socket", socket.toString()));
      assertEquals(List.of("{\"cmd\":\"talk\"}", "{\"cmd\":\"status\"}",
          "{\"cmd\":\"say\",\"text\":\"lights on\"}", "{\"cmd\":\"hangup\"}"), seen);
      assertEquals("listening\nthinking\nidle\n", out());
    }
  }

  @Test
  void talk_waitsWhileConnectingAndOffline_untilListening_exit0() throws Exception {
    Path socket = dir.resolve("c.sock");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var server = daemon(socket, seen, "connecting", "connecting", "offline", "listening")) {
      assertEquals(0, run(Map.of(), "talk", "--socket", socket.toString()));
      assertEquals("listening\n", out());
      assertEquals(4, seen.size(), seen.toString());
    }
  }

  @Test
  void talk_conversationCannotConnect_exit1WithTheReason() throws Exception {
    Path socket = dir.resolve("c.sock");
    String why = "cannot resolve generativelanguage.googleapis.com (DNS); check the network "
        + "(gave up after 5 attempts)";
    try (var server = daemon(socket, new java.util.ArrayList<>(), "connecting", "offline",
        "idle: " + why)) {
      assertEquals(1, run(Map.of(), "talk", "--socket", socket.toString()));
      assertEquals("error: the conversation could not start: " + why + "\n", err());
      assertEquals("", out());
    }
  }

  @Test
  void talk_daemonStuckConnecting_givesUpAfterTimeout_exit1() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (var server = daemon(socket, new java.util.ArrayList<>(), "connecting")) {
      assertEquals(1, run(Map.of(), "talk", "--timeout", "0", "--socket", socket.toString()));
      assertEquals("error: still connecting after 0 s; 'gemini-pi status' shows more\n", err());
    }
  }

  @Test
  void status_findsTheSocketFromTheEnvironment() throws Exception {
    Path socket = dir.resolve("env.sock");
    try (var server = daemon(socket, new java.util.ArrayList<>(), "idle")) {
      assertEquals(0, run(Map.of("GEMINI_PI_SOCKET", socket.toString()), "status"));
      assertTrue(out().startsWith("state: idle\n"), out());
    }
  }

  @Test
  void hangup_findsTheSocketFromTheConfig() throws Exception {
    Path socket = dir.resolve("conf.sock");
    Path c = dir.resolve("desk.json");
    Files.writeString(c, "{\"control\": {\"socket\": \"" + socket + "\"}}");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var server = daemon(socket, seen, "idle")) {
      // --config beats $GEMINI_PI_SOCKET: the file was named on purpose.
      assertEquals(0, run(Map.of("GEMINI_PI_SOCKET", dir.resolve("other.sock").toString()),
          "hangup", "--config", c.toString()));
      assertEquals(List.of("{\"cmd\":\"hangup\"}"), seen);
    }
  }

  @Test
  void status_configBrokenAfterAReload_stillReachesTheDaemonOnItsSocket() throws Exception {
    // The daemon refused to reload this file and runs on with the config it had.
    Path socket = dir.resolve("kept.sock");
    Path c = dir.resolve("broken.json");
    Files.writeString(c, "{\"control\": {\"socket\": \"" + socket + "\"}, \"toolz\": []}");
    try (var server = daemon(socket, new java.util.ArrayList<>(), "idle")) {
      assertEquals(0, run(Map.of(), "status", "--config", c.toString()));
      assertTrue(out().startsWith("state: idle\n"), out());
      assertEquals("warning: the config has errors (gemini-pi check lists them); using the "
          + "control socket " + socket + "\n", err());
    }
  }

  @Test
  void say_withoutOutAndWithoutDaemon_pointsToOut() {
    assertEquals(1, run(Map.of("GEMINI_PI_SOCKET", dir.resolve("none.sock").toString()), "say",
        "hello"));
    assertTrue(err().endsWith("\nwithout a daemon, 'gemini-pi say TEXT --out FILE.wav' talks to "
        + "the model directly\n"), err());
    assertTrue(err().startsWith("error: no daemon is listening at "), err());
  }

  @Test
  void talk_refused_printsTheError_exit1() throws Exception {
    Path socket = dir.resolve("c.sock");
    try (var server = dev.geminipi.control.ControlServer.start(socket, r ->
        java.util.concurrent.CompletableFuture.completedFuture(
            dev.geminipi.control.ControlServer.error("GEMINI_API_KEY is not set")), timers)) {
      assertEquals(1, run(Map.of(), "talk", "--socket", socket.toString()));
      assertEquals("error: GEMINI_API_KEY is not set\n", err());
    }
  }

  @Test
  void talk_noDaemon_exit1() {
    assertEquals(1, run(Map.of(), "talk", "--socket", dir.resolve("x.sock").toString()));
    assertTrue(err().startsWith("error: no daemon is listening at "), err());
  }
}
