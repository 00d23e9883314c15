package dev.geminipi.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link FakeCamera} as a real child process on this JVM's own java and test class path, the
 * way the daemon runs rpicam-vid. Close it to kill the process.
 */
public final class FakeCameraProcess implements AutoCloseable {
  private final Process process;

  private FakeCameraProcess(Process process) {
    this.process = process;
  }

  /** The argv that starts a FakeCamera with these flags; usable as a camera "command". */
  public static List<String> command(String... flags) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Djava.awt.headless=true");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(FakeCamera.class.getName());
    argv.addAll(List.of(flags));
    return argv;
  }

  /** Starts FakeCamera; its stderr goes to ours, as rpicam's goes to the journal. */
  public static FakeCameraProcess start(String... flags) throws IOException {
    return new FakeCameraProcess(new ProcessBuilder(command(flags))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start());
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public Process process() {
    return process;
  }

  /** Waits for the process to end on its own; the exit code, or -1 if it did not end in time. */
  public int waitForExit(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
