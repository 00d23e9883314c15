package dev.geminipi.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/** {@code target/gemini-pi.jar} run as a process, its log read line by line for assertions. */
public final class DaemonProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target/gemini-pi.jar");

  /** What a finished CLI run printed. */
  public record Run(int code, String out) {
  }

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grew = lock.newCondition();

  private final Thread reader;
  /** The daemon's own state directory, unless the test gave one: deleted on close. */
  private final Path stateDir;

  private DaemonProcess(Process process, Path stateDir) {
    this.process = process;
    this.stateDir = stateDir;
    this.reader = Thread.ofVirtual().name("daemon-log").start(this::read);
  }

  /**
   * Every daemon gets a fresh STATE_DIRECTORY unless the test names one, so no tool history
   * (minIntervalSec) leaks between tests or into the home directory of whoever runs them.
   */
  private static Path stateDirectory(ProcessBuilder pb, Map<String, String> env)
      throws IOException {
    if (env.containsKey("STATE_DIRECTORY")) {
      return null;
    }
    Path dir = Files.createTempDirectory("gemini-pi-state");
    pb.environment().put("STATE_DIRECTORY", dir.toString());
    return dir;
  }

  static List<String> java(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx64m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(args);
    return cmd;
  }

  /** Starts {@code gemini-pi run --config CONFIG} with the given environment added. */
  public static DaemonProcess start(Path config, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(java(List.of("run", "--config", config.toString())))
        .redirectErrorStream(true);
    pb.environment().remove("GEMINI_API_KEY");
    pb.environment().remove("NOTIFY_SOCKET");
    pb.environment().putAll(env);
    Path stateDir = stateDirectory(pb, env);
    return new DaemonProcess(pb.start(), stateDir);
  }

  /**
   * Starts the daemon with this exact command line (a benchmark passes the systemd unit's JVM
   * flags) and the given environment added.
   */
  public static DaemonProcess exec(List<String> command, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("GEMINI_API_KEY");
    pb.environment().remove("NOTIFY_SOCKET");
    pb.environment().putAll(env);
    Path stateDir = stateDirectory(pb, env);
    return new DaemonProcess(pb.start(), stateDir);
  }

  public long pid() {
    return process.pid();
  }

  /** Runs a CLI command of the same jar to completion. */
  public static Run cli(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(java(List.of(args))).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("gemini-pi " + String.join(" ", args) + " did not finish in 30 s");
    }
    return new Run(p.exitValue(), out);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println("daemon| " + line);
        lock.lock();
        try {
          lines.add(line);
          grew.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** The first log line containing {@code text}, waiting up to the timeout. */
  public String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        for (String l : lines) {
          if (l.contains(text)) {
            return l;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError("the daemon did not log \"" + text + "\" within "
              + timeout.toMillis() + " ms" + (process.isAlive() ? "" : " (it exited)")
              + "; its log:\n" + String.join("\n", lines));
        }
        grew.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    } finally {
      lock.unlock();
    }
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** SIGTERM, as systemd stops a service; returns the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    // Through the handle: Process.destroy() also closes our end of its stdout, and the lines
    // the daemon logs while it shuts down would be lost.
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the daemon did not exit within " + timeout.toMillis()
          + " ms of SIGTERM");
    }
    reader.join(5000); // the last lines are still in the pipe when the process has exited
    return process.exitValue();
  }

  /** SIGKILL, as the OOM killer or {@code kill -9} ends it: no shutdown hook runs. */
  public int kill(Duration timeout) throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the daemon did not die within " + timeout.toMillis()
          + " ms of SIGKILL");
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** The exit code once the process ends by itself within the timeout. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the daemon still runs after " + timeout.toMillis() + " ms");
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** SIGHUP, as {@code systemctl reload} does. */
  public void hangUp() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    if (stateDir != null) {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is no test failure
      }
    }
  }
}
