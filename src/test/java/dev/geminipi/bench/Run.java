package dev.geminipi.bench;

import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One measured run: both clients stream at once; each is measured when its stream ends. */
final class Run {
  /** CPU and memory of one process at the end of its stream, with its audio counts. */
  record Result(double cpuSec, double cpuStreamSec, long hwmKb, long rssMedianKb,
      long rssMaxKb, double sentSec, double receivedSec, String rssParts) {
  }

  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final Pattern DROP_COUNTERS = Pattern.compile(
      "\"(micChunksSent|micAudioDropped|droppedEvents|droppedMs)\"\\s*:\\s*(\\d+)");

  private final PythonComparison.Options o;
  private final FakeLiveServer server;
  private final ModelTurns turns;
  private final Map<Integer, PythonComparison.Streamed> streamed;
  private final long clk;
  private Result daemonResult;
  private Result pythonResult;
  private String pythonSummary = "";
  private String nmt = "";
  private double pulseCpuSec;
  private double playedSec;
  private long playedGaps;
  private long playedGapMs;
  private String playedGapsAt = "";
  private String dropCounters = "";

  Run(PythonComparison.Options o, FakeLiveServer server, ModelTurns turns,
      Map<Integer, PythonComparison.Streamed> streamed, long clk) {
    this.o = o;
    this.server = server;
    this.turns = turns;
    this.streamed = streamed;
    this.clk = clk;
  }

  private double wakewordAtTalkSec;
  private List<Long> silences = List.of();

  void go(DaemonProcess daemon, MicFeeder feeder, SinkCounter sink, Path mic, Path socket,
      Map<String, String> env) throws Exception {
    ProcStats d = new ProcStats(daemon.pid(), clk);
    try (Sampler sampler = new Sampler()) {
      sampler.add("gemini-pi", d);
      ProcStats.Sample daemonAtTalk = d.sample();
      wakewordAtTalkSec = d.threadCpuSec().getOrDefault("wakeword", 0.0);
      long startNanos = System.nanoTime();
      feeder.play(mic);
      PythonComparison.PythonClient py = new PythonComparison.PythonClient(server.endpoint(),
          mic, o.sessionSec(), o.pythonDevices() ? Path.of(env.get("HOME")) : null);
      ProcStats p = new ProcStats(py.process.pid(), clk);
      sampler.add("python", p);
      DaemonProcess.Run talk = DaemonProcess.cli(env, "talk", "--socket", socket.toString());
      if (talk.code() != 0) {
        throw new IllegalStateException("gemini-pi talk failed: " + talk.out());
      }
      int pythonConnection = 0;
      for (int i = 0; i < 2; i++) {
        FakeLiveServer.Handshake h = server.takeHandshake();
        boolean python = h.headers().entrySet().stream().anyMatch(e ->
            e.getKey().equalsIgnoreCase("user-agent") && e.getValue().contains("websockets"));
        pythonConnection = python ? h.connection() : pythonConnection;
      }
      int daemonConnection = 3 - pythonConnection;
      for (int i = 0; i < 2; i++) {
        int connection = server.takeMessage("setup", Duration.ofSeconds(30)).connection();
        turns.start(connection, connection == daemonConnection);
      }
      long deadline = startNanos + TimeUnit.SECONDS.toNanos(o.sessionSec() + 120L);
      while (daemonResult == null || pythonResult == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the streams did not end in time: gemini-pi "
              + seconds(daemonConnection) + " s streamed, " + sink.loudSec() + " s played; python "
              + seconds(pythonConnection) + " s streamed");
        }
        // Measured once its stream is done and the model audio was all sent and played out
        // (with the default 300 s the last turn ends at 297 s, so the stream is what it waits
        // for; shorter test runs may wait a little for the speaker).
        if (daemonResult == null && seconds(daemonConnection) >= o.sessionSec()
            && turns.sentSec(daemonConnection) >= turns.plannedSec()
            && (turns.interrupting() || sink.loudSec() >= turns.plannedSec() * 0.98)) {
          playedSec = sink.loudSec();
          playedGaps = sink.gaps();
          silences = sink.silenceAfter(turns.interruptNanos());
          playedGapMs = sink.gapMs();
          playedGapsAt = sink.firstGaps();
          dropCounters = dropCounters(env, socket);
          if (o.nmt()) {
            nmt = jcmd(daemon.pid());
          }
          daemonResult = result(d, daemonAtTalk.cpuSec(), sampler.between("gemini-pi",
              startNanos + SETTLE_NANOS, System.nanoTime()), daemonConnection);
          sampler.remove("gemini-pi");
          DaemonProcess.cli(env, "hangup", "--socket", socket.toString());
        }
        if (pythonResult == null && py.summary.isDone()) {
          pythonResult = result(p, 0, sampler.between("python", startNanos + SETTLE_NANOS,
              System.nanoTime()), pythonConnection);
          pythonSummary = py.summary.get();
          sampler.remove("python");
          py.release();
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      writeRss(sampler.between("gemini-pi", startNanos, Long.MAX_VALUE), startNanos,
          o.work().resolve("rss-gemini-pi.csv"));
      writeRss(sampler.between("python", startNanos, Long.MAX_VALUE), startNanos,
          o.work().resolve("rss-python.csv"));
    }
  }

  private double seconds(int connection) {
    PythonComparison.Streamed s = streamed.get(connection);
    return s == null ? 0 : s.seconds();
  }

  private Result result(ProcStats p, double cpuAtStart, List<ProcStats.Sample> window,
      int connection) throws IOException {
    double cpu = p.cpuSec();
    List<Long> rss = window.stream().map(ProcStats.Sample::rssKb).sorted().toList();
    long median = rss.isEmpty() ? 0 : rss.get(rss.size() / 2);
    long max = rss.stream().max(Comparator.naturalOrder()).orElse(0L);
    String threads = p.threadCpuSec().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
        .collect(java.util.stream.Collectors.joining(", "));
    String parts = "CPU s by thread: " + threads + wakewordShare(p, cpuAtStart == 0 ? null
        : seconds(connection)) + "\n  RssAnon "
        + p.statusKb("RssAnon")
        + " kB, RssFile " + p.statusKb("RssFile") + " kB, RssShmem " + p.statusKb("RssShmem")
        + " kB" + tmpLibraries(p.pid());
    return new Result(cpu, cpu - cpuAtStart, p.hwmKb(), median, max, seconds(connection),
        turns.sentSec(connection), parts);
  }

  /**
   * The wake-word detector's CPU per second of audio: its thread hears the microphone from the
   * start of the process on (the device opens within about half a second of it), so its CPU
   * over the process's age. Empty without a wake word.
   */
  private String wakewordShare(ProcStats p, Double streamedSec) throws IOException {
    Double cpu = p.threadCpuSec().get("wakeword");
    java.util.Optional<java.time.Instant> start = ProcessHandle.of(p.pid())
        .flatMap(h -> h.info().startInstant());
    if (cpu == null || start.isEmpty()) {
      return "";
    }
    double ageSec = java.time.Duration.between(start.get(), java.time.Instant.now()).toMillis()
        / 1000.0;
    String steady = streamedSec == null || streamedSec <= 0 ? ""
        : String.format(Locale.ROOT, "; from `talk` on (models loaded, first steps run): %.2f"
            + " CPU s over %.1f s streamed: %.1f ms per s of audio", cpu - wakewordAtTalkSec,
            streamedSec, (cpu - wakewordAtTalkSec) * 1000 / streamedSec);
    return String.format(Locale.ROOT, "\n  wakeword thread: %.2f CPU s over the process's %.1f s:"
        + " %.1f ms per s of audio", cpu, ageSec, cpu * 1000 / ageSec) + steady;
  }

  /**
   * Native libraries the process maps from /tmp (Pi4J, JNA and ONNX Runtime unpack theirs into
   * java.io.tmpdir): on a tmpfs /tmp their pages are memory that counts toward MemoryMax.
   */
  private static String tmpLibraries(long pid) throws IOException {
    java.util.Set<String> paths = new java.util.TreeSet<>();
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
      int slash = line.indexOf(" /tmp/");
      if (slash > 0) {
        paths.add(line.substring(slash + 1).replace(" (deleted)", ""));
      }
    }
    long bytes = 0;
    for (String path : paths) {
      Path file = Path.of(path);
      bytes += Files.exists(file) ? Files.size(file) : 0;
    }
    return "; " + paths.size() + " files mapped from /tmp, " + bytes / 1024 + " kB";
  }

  private static String jcmd(long pid) throws IOException, InterruptedException {
    Process j = new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary")
        .redirectErrorStream(true).start();
    String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    j.waitFor();
    return out;
  }

  private static void writeRss(List<ProcStats.Sample> samples, long startNanos, Path file)
      throws IOException {
    StringBuilder b = new StringBuilder("seconds,rss_kb,cpu_sec\n");
    for (ProcStats.Sample s : samples) {
      b.append(String.format(Locale.ROOT, "%.1f,%d,%.2f%n",
          (s.nanos() - startNanos) / 1e9, s.rssKb(), s.cpuSec()));
    }
    Files.writeString(file, b);
  }

  /** Prints the figures as Markdown and fails if either client did not do its share. */
  void report(ProcStats pulse) throws IOException {
    pulseCpuSec = pulse.cpuSec();
    Result j = daemonResult;
    Result py = pythonResult;
    System.out.println();
    System.out.println("| per process | gemini-pi (unit's JVM flags) | Python reference | "
        + "ratio java/python |");
    System.out.println("|---|---|---|---|");
    row("CPU s (user+sys), whole process, to the end of its stream", j.cpuSec(), py.cpuSec(),
        "%.2f");
    row("CPU s (user+sys) from `talk` / client start to the end of its stream",
        j.cpuStreamSec(), py.cpuStreamSec(), "%.2f");
    row("peak RSS (VmHWM), MiB", j.hwmKb() / 1024.0, py.hwmKb() / 1024.0, "%.1f");
    row("RSS while streaming (from 30 s on), median, MiB", j.rssMedianKb() / 1024.0,
        py.rssMedianKb() / 1024.0, "%.1f");
    row("RSS while streaming, max, MiB", j.rssMaxKb() / 1024.0, py.rssMaxKb() / 1024.0,
        "%.1f");
    row("16 kHz audio the fake received, s", j.sentSec(), py.sentSec(), "%.1f");
    row("24 kHz audio the fake sent, s", j.receivedSec(), py.receivedSec(), "%.1f");
    System.out.printf(Locale.ROOT, "%nmodel audio planned per client: %.1f s; played by "
        + "gemini-pi's speaker (10 ms windows with sound at the sink): %.1f s%n",
        turns.plannedSec(), playedSec);
    System.out.printf(Locale.ROOT, "gemini-pi's speaker: %d gaps of 10-500 ms inside the sound"
        + " (underruns), %d ms in all%s; status: %s%n", playedGaps, playedGapMs,
        playedGapsAt.isEmpty() ? "" : " (at " + playedGapsAt + " of the sink's time)",
        dropCounters);
    if (turns.interrupting()) {
      System.out.println("gemini-pi's speaker, interrupted -> silence (the fake's send of"
          + " `interrupted` -> the end of the last 10 ms of sound the sink rendered), ms: "
          + silences);
    }
    System.out.printf(Locale.ROOT, "PulseAudio (the daemon's sound server, counted for "
        + "neither): %.2f CPU s over its whole life%n", pulseCpuSec);
    System.out.println("gemini-pi at the end of its stream: " + j.rssParts());
    System.out.println("python at the end of its stream: " + py.rssParts());
    System.out.println("Python's own summary: " + pythonSummary);
    if (!nmt.isEmpty()) {
      Files.writeString(o.work().resolve("nmt.txt"), nmt);
      System.out.println("\nNMT summary at the end of the stream:\n" + nmt);
    }
    check(j.sentSec() >= o.sessionSec() * 0.98 && py.sentSec() >= o.sessionSec() * 0.98,
        "each client streamed the whole session");
    check(Math.abs(j.receivedSec() - turns.plannedSec()) < 0.5
        && Math.abs(py.receivedSec() - turns.plannedSec()) < 0.5,
        "each client was sent all the model audio");
    check(pythonSummary.contains("\"receivedBytes\": "
        + Math.round(turns.plannedSec() * ModelTurns.RATE_HZ * 2)),
        "the Python client received all the model audio");
  }

  private static void row(String what, double java, double python, String format) {
    System.out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " | %.2f |%n", what,
        java, python, python == 0 ? 0 : java / python);
  }

  private static void check(boolean ok, String what) {
    System.out.println((ok ? "ok: " : "FAILED: ") + what);
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /** The daemon's own drop counters from `status`, as "name=value" pairs. */
  private static String dropCounters(Map<String, String> env, Path socket) throws Exception {
    String out = DaemonProcess.cli(env, "status", "--json", "--socket",
        socket.toString()).out();
    Matcher m = DROP_COUNTERS.matcher(out);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1) + "=" + m.group(2));
    }
    return found.isEmpty() ? "(no drop counters in status)" : String.join(", ", found);
  }
}
