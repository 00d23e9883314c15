package dev.geminipi.bench;

import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.PulseServer;
import dev.geminipi.testkit.Received;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 7 points 4 and 5: gemini-pi next to the Python reference (bench/python/live_client.py,
 * written from Google's raw-WebSocket guide) in one run against one FakeLiveServer. Each
 * streams {@code sessionSec} of 16 kHz audio at real-time pace and receives {@code modelSec}
 * of 24 kHz audio. The daemon runs as the service does: the JVM flags and environment of
 * systemd/gemini-pi.service, mock GPIO, its microphone a PulseAudio pipe source fed at
 * real-time pace and its speaker a clock-paced pipe sink. Prints CPU, peak RSS and RSS over
 * time for both. Run by bench/python-compare.sh; usage there.
 */
public final class PythonComparison {
  private static final int MIC_RATE_HZ = 16_000;
  private static final int TURNS = 10;

  record Options(Path work, int sessionSec, int modelSec, boolean nmt, String wakeword,
      String vad, boolean cds, List<String> overrides, int cpuQuotaPct, int cpuPeriodMs,
      String cpus, boolean room, boolean interrupts, boolean pythonDevices) {
    static Options parse(String[] args) {
      Path work = Path.of(args[0]);
      int session = 300;
      int model = 120;
      boolean nmt = false;
      boolean cds = true;
      String wakeword = "";
      String vad = "";
      List<String> overrides = new ArrayList<>();
      int quota = 0;
      int period = 100;
      String cpus = "";
      boolean room = false;
      boolean interrupts = false;
      boolean pythonDevices = false;
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--session-sec" -> session = Integer.parseInt(args[++i]);
          case "--model-sec" -> model = Integer.parseInt(args[++i]);
          case "--nmt" -> nmt = true;
          case "--no-cds" -> cds = false;
          case "--wakeword" -> wakeword = Path.of(args[++i]).toAbsolutePath().toString();
          case "--override" -> overrides.add(args[++i]);
          case "--vad" -> vad = Boolean.toString(Boolean.parseBoolean(args[++i]));
          case "--cpu-quota" -> quota = Integer.parseInt(args[++i]);
          case "--cpu-period-ms" -> period = Integer.parseInt(args[++i]);
          case "--cpus" -> cpus = args[++i];
          case "--room" -> room = true;
          case "--interrupts" -> interrupts = true;
          case "--python-devices" -> pythonDevices = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(work, session, model, nmt, wakeword, vad, cds, overrides, quota, period,
          cpus, room, interrupts, pythonDevices);
    }
  }

  /** Audio a client streamed to the fake, counted per connection. */
  static final class Streamed {
    final AtomicLong bytes = new AtomicLong();

    double seconds() {
      return bytes.get() / (MIC_RATE_HZ * 2.0);
    }
  }

  private PythonComparison() {
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Files.createDirectories(o.work());
    Path mic = o.work().resolve("mic.raw");
    Files.write(mic, o.room() ? roomAudio(o.sessionSec()) : micAudio(o.sessionSec()));
    Map<Integer, Streamed> streamed = new ConcurrentHashMap<>();
    long clk = ProcStats.clockTicks();
    try (FakeLiveServer server = FakeLiveServer.start(FakeLiveServer.Policy.RECORD_NO_AUDIO);
        ModelTurns turns = new ModelTurns(server, o.sessionSec(), o.modelSec(), TURNS,
            o.interrupts());
        PulseServer pulse = PulseServer.start(o.work().resolve("pulse"), pulseModules(o.work()))) {
      server.react(r -> count(r, streamed));
      Path home = o.work().resolve("alsa-home");
      writeAsoundrc(home, pulse.server());
      MicFeeder feeder = new MicFeeder(o.work().resolve("mic.fifo"));
      SinkCounter sink = new SinkCounter(o.work().resolve("speaker.fifo"));
      Path socket = o.work().resolve("control.sock");
      Path config = writeConfig(o, server.endpoint(), socket);
      Map<String, String> env = new HashMap<>(UnitCommand.parse(
          Path.of("systemd/gemini-pi.service")).env());
      env.put("HOME", home.toString());
      env.put("GEMINI_API_KEY", FakeLiveServer.API_KEY);
      List<String> command = daemonCommand(o, config);
      System.out.println("daemon command: " + String.join(" ", command));
      System.out.println("daemon environment added: MALLOC_ARENA_MAX="
          + env.get("MALLOC_ARENA_MAX") + " (from the unit), HOME, GEMINI_API_KEY (test key)");
      if (o.cds()) {
        makeArchive(command, env, o.work().resolve("gemini-pi.jsa"));
      }
      try (CpuLimit limit = CpuLimit.create(o);
          DaemonProcess daemon = DaemonProcess.exec(limit.wrap(command), env)) {
        daemon.awaitLine("ready in", Duration.ofSeconds(60));
        Run run = new Run(o, server, turns, streamed, clk);
        run.go(daemon, feeder, sink, mic, socket, env);
        run.report(new ProcStats(pulse.pid(), clk));
        daemon.terminate(Duration.ofSeconds(10));
      } finally {
        feeder.stop();
      }
    }
  }

  private static void count(Received r, Map<Integer, Streamed> streamed) {
    if (r.kind().equals("realtimeInput.audio")) {
      String b64 = r.body().get("audio").asObject().getString("data", "");
      int pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
      streamed.computeIfAbsent(r.connection(), c -> new Streamed()).bytes
          .addAndGet(b64.length() / 4 * 3 - pad);
    }
  }

  /**
   * What the microphone hears: a 440 Hz tone at -12 dBFS under a slow swell, loud enough to
   * count as speech for the idle timer (MicRouter.SPEECH_RMS) throughout.
   */
  static byte[] micAudio(int seconds) {
    int n = MIC_RATE_HZ * seconds;
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      double t = (double) i / MIC_RATE_HZ;
      double swell = 0.75 + 0.25 * Math.sin(2 * Math.PI * 0.5 * t);
      b.putShort((short) (8_000 * swell * Math.sin(2 * Math.PI * 440 * t)));
    }
    return b.array();
  }

  /**
   * A quiet room where someone speaks now and then (--room): noise at -70 dBFS RMS (a silent
   * room on a quiet microphone), and for 2 s of every 10 the tone of {@link #micAudio} over it.
   */
  static byte[] roomAudio(int seconds) {
    byte[] tone = micAudio(seconds);
    java.util.Random noise = new java.util.Random(1);
    ByteBuffer b = ByteBuffer.wrap(tone).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < tone.length / 2; i++) {
      boolean speaking = i % (10 * MIC_RATE_HZ) < 2 * MIC_RATE_HZ;
      short floor = (short) Math.round(noise.nextGaussian() * 10);
      b.putShort(i * 2, speaking ? (short) (b.getShort(i * 2) + floor) : floor);
    }
    return tone;
  }

  /** A pipe source and a pipe sink, both paced by the system clock (bench/audio-latency.sh). */
  static List<String> pulseModules(Path work) {
    return List.of("load-module module-pipe-sink sink_name=bench_speaker file="
            + work.resolve("speaker.fifo") + " format=s16le rate=48000 channels=2"
            + " use_system_clock_for_timing=yes",
        "load-module module-pipe-source source_name=bench_mic file=" + work.resolve("mic.fifo")
            + " format=s16le rate=16000 channels=1",
        "load-module module-null-sink sink_name=python_speaker",
        "set-default-sink bench_speaker", "set-default-source bench_mic");
  }

  static void writeAsoundrc(Path home, String pulseServer) throws IOException {
    Files.createDirectories(home);
    Files.writeString(home.resolve(".asoundrc"), String.join("\n",
        "pcm.!default { type pulse; server \"" + pulseServer + "\"; handle_underrun false }",
        "ctl.!default { type pulse; server \"" + pulseServer + "\" }", ""));
  }

  /**
   * Full duplex, so the daemon streams the whole session as the Python client does (half
   * duplex mutes the mic while the model speaks); a long idle timeout, as the "speech" never
   * stops anyway; no camera.
   */
  static Path writeConfig(Options o, String endpoint, Path socket) throws IOException {
    String triggers = o.wakeword().isEmpty() ? "[]"
        : "[{\"type\": \"wakeword\", \"model\": \"" + o.wakeword() + "\""
            + (o.vad().isEmpty() ? "" : ", \"vad\": " + o.vad()) + "}]";
    Path config = o.work().resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "audio": {"duplex": "full"},
         "camera": {"mode": "off"},
         "gpio": {"provider": "mock"},
         "triggers": %s,
         "conversation": {"idleTimeoutSec": 3600},
         "control": {"socket": "%s"}}
        """.formatted(endpoint, triggers, socket));
    return config;
  }

  static List<String> daemonCommand(Options o, Path config) throws IOException {
    UnitCommand unit = UnitCommand.parse(Path.of("systemd/gemini-pi.service"));
    Map<String, String> paths = new java.util.LinkedHashMap<>();
    paths.put("/usr/lib/gemini-pi/java", Path.of(System.getProperty("java.home"), "bin", "java")
        .toString());
    paths.put("/usr/share/gemini-pi/gemini-pi.jar", DaemonProcess.JAR.toAbsolutePath().toString());
    paths.put("/etc/gemini-pi/config.json", config.toString());
    paths.put("/var/cache/gemini-pi/", o.work() + "/");
    List<String> extra = new ArrayList<>();
    if (o.nmt()) {
      extra.add("-XX:NativeMemoryTracking=summary");
    }
    List<String> command = unit.localized(paths, extra);
    // After the unit's flags, so they win: for trying a flag before it goes into the unit.
    command.addAll(command.indexOf("-jar"), o.overrides());
    if (!o.cds()) {
      command.removeIf(a -> a.startsWith("-XX:SharedArchiveFile=")
          || a.equals("-XX:+AutoCreateSharedArchive"));
    }
    return command;
  }

  /**
   * The unit's -XX:+AutoCreateSharedArchive writes the archive when a run ends: one start and
   * stop first, so the measured run maps it as every start after the first does.
   */
  static void makeArchive(List<String> command, Map<String, String> env, Path jsa)
      throws Exception {
    try (DaemonProcess first = DaemonProcess.exec(command, env)) {
      first.awaitLine("ready in", Duration.ofSeconds(60));
      first.terminate(Duration.ofSeconds(10));
    }
    if (!Files.exists(jsa)) {
      throw new IllegalStateException("no CDS archive at " + jsa + " after a first run");
    }
    System.out.println("CDS archive made by a first start and stop: " + Files.size(jsa)
        + " bytes");
  }

  /** The Python reference as a process, its summary line read as it comes. */
  static final class PythonClient {
    final Process process;
    final CompletableFuture<String> summary = new CompletableFuture<>();

    /**
     * Streams {@code mic}, or with {@code devicesHome} (--python-devices) as many seconds from
     * the default sound devices that home's .asoundrc names: the same PulseAudio source as the
     * daemon, and a sink of its own, so the daemon's speaker recording holds only the daemon.
     */
    PythonClient(String endpoint, Path mic, int seconds, Path devicesHome) throws IOException {
      List<String> source = devicesHome == null ? List.of("--pcm", mic.toString())
          : List.of("--devices", Integer.toString(seconds));
      List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
          "bench/python/live_client.py", "--endpoint", endpoint));
      command.addAll(source);
      command.addAll(List.of("--chunk-ms", "20", "--hold"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("GEMINI_API_KEY", FakeLiveServer.API_KEY);
      if (devicesHome != null) {
        pb.environment().put("HOME", devicesHome.toString());
        pb.environment().put("PULSE_SINK", "python_speaker");
      }
      process = pb.start();
      Thread.ofVirtual().start(this::read);
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          System.out.println("python| " + line);
          if (line.startsWith("{")) {
            summary.complete(line);
          }
        }
        summary.complete("");
      } catch (IOException e) {
        summary.completeExceptionally(e);
      }
    }

    /** Lets a --hold client exit. */
    void release() throws IOException, InterruptedException {
      OutputStream in = process.getOutputStream();
      in.write('\n');
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
