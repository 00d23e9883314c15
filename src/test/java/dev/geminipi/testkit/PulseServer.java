package dev.geminipi.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PulseAudio with a null sink and a null source: a real clock for a daemon under
 * test, with no sound card (DESIGN "How we test"). {@link #writeAsoundrc} gives a process an
 * ALSA {@code default} whose capture plays a raw file into the microphone and whose playback
 * writes what the speaker rendered to a file — both paced by this server's clock, through
 * ALSA's file plugin over the pulse plugin.
 */
public final class PulseServer implements AutoCloseable {
  private final Process process;
  private final Path dir;

  private PulseServer(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** A null sink and a null source, the defaults (end-to-end tests). */
  public static PulseServer start(Path dir) throws IOException {
    return start(dir, List.of(
        "load-module module-null-sink sink_name=gp_sink rate=48000 channels=2",
        "load-module module-null-source source_name=gp_src rate=16000 channels=1",
        "set-default-sink gp_sink", "set-default-source gp_src"));
  }

  /**
   * A server with these {@code default.pa} lines plus the native protocol on a socket in
   * {@code dir}; returns once it says it is up.
   */
  public static PulseServer start(Path dir, List<String> modules) throws IOException {
    Path runtime = dir.resolve("runtime");
    Files.createDirectories(runtime);
    Files.createDirectories(dir.resolve("pulse-home"));
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    Files.deleteIfExists(socket(dir));
    List<String> lines = new java.util.ArrayList<>(modules);
    lines.add("load-module module-native-protocol-unix auth-anonymous=1 socket=" + socket(dir));
    lines.add("");
    Files.writeString(dir.resolve("default.pa"), String.join("\n", lines));
    ProcessBuilder pb = new ProcessBuilder("pulseaudio", "-n", "--daemonize=no",
        "--exit-idle-time=-1", "--use-pid-file=no", "-F", dir.resolve("default.pa").toString(),
        "--log-target=stderr", "--log-level=info")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.resolve("pulse-home").toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("XDG_CONFIG_HOME", dir.resolve("pulse-home").toString());
    env.remove("DBUS_SESSION_BUS_ADDRESS");
    env.remove("DISPLAY");
    env.remove("PULSE_SERVER");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("tests that need a clock run a private PulseAudio and it "
          + "did not start (" + e.getMessage() + "); install pulseaudio and libasound2-plugins "
          + "(.ci/run does)", e);
    }
    BufferedReader log = new BufferedReader(new InputStreamReader(p.getErrorStream(),
        StandardCharsets.UTF_8));
    StringBuilder tail = new StringBuilder();
    String line;
    while ((line = log.readLine()) != null) {
      tail.append(line).append('\n');
      if (line.contains("Daemon startup complete")) {
        Thread.ofVirtual().start(() -> drain(log));
        return new PulseServer(p, dir);
      }
    }
    throw new IllegalStateException("pulseaudio exited during startup:\n" + tail);
  }

  /** The address for ALSA's pulse plugin ({@code server} in a pcm of type pulse). */
  public String server() {
    return "unix:" + socket(dir);
  }

  /** The server's process id, for measuring what it costs next to a client. */
  public long pid() {
    return process.pid();
  }

  private static Path socket(Path dir) {
    return dir.resolve("native");
  }

  private static void drain(BufferedReader log) {
    try {
      while (log.readLine() != null) {
        // keep the pipe from filling
      }
    } catch (IOException e) {
      // the server is gone
    }
  }

  /**
   * Writes {@code home/.asoundrc}: capture reads {@code micRaw} (s16le in the format the line
   * opens with, then zeros), playback is written to {@code played-RATE-CHANNELS.raw} in
   * {@code outDir}; both at this server's pace.
   */
  public void writeAsoundrc(Path home, Path micRaw, Path outDir) {
    String pulse = "{ type pulse; server \"unix:" + socket(dir) + "\" }";
    try {
      Files.createDirectories(home);
      Files.writeString(home.resolve(".asoundrc"), String.join("\n", List.of(
          "pcm.!default { type asym; capture.pcm \"gp_mic\"; playback.pcm \"gp_speaker\" }",
          "pcm.gp_mic { type file; slave.pcm " + pulse + "; file \"/dev/null\"; infile \""
              + micRaw + "\"; format \"raw\" }",
          "pcm.gp_speaker { type file; slave.pcm " + pulse + "; file \""
              + outDir.resolve("played-%r-%c.raw") + "\"; format \"raw\" }", "")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
