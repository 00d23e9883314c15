package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.camera.FrameSource.Frame;
import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Mode;
import dev.geminipi.testkit.CameraConfigBuilder;
import dev.geminipi.testkit.FakeCamera;
import dev.geminipi.testkit.FakeCameraProcess;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.TestJpegs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The process-backed source with FakeCamera (and a few shell commands) as real child processes.
class ProcessFrameSourceTest {
  // Generous: a fresh JVM on a loaded 2-core CI box can take seconds to its first frame.
  static final long STARTUP_NANOS = TimeUnit.SECONDS.toNanos(20);
  static final String FIX = "run camera.command by hand to see why, or set camera.mode \"off\"";

  private final LogCapture logs = LogCapture.open();
  private final List<FrameSource> sources = new ArrayList<>();

  @AfterEach
  void tearDown() {
    sources.forEach(FrameSource::close);
    logs.close();
    assertEquals(List.of(), fakeCameras(), "no camera process outlives its source");
  }

  static List<String> fakeCameras() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains(FakeCamera.class.getName())).toList();
  }

  static ProcessPolicy policy(int maxRestarts) {
    return new ProcessPolicy(maxRestarts, 100, 400, 20_000, 2000);
  }

  private ProcessFrameSource open(CameraConfig camera, ProcessPolicy policy) {
    FrameSource source = new Cameras(System.getenv("PATH"), System::nanoTime, policy, "GEMINI_API_KEY")
        .open(camera, Mode.ON_REQUEST);
    sources.add(source);
    return (ProcessFrameSource) source;
  }

  private ProcessFrameSource fake(ProcessPolicy policy, String... flags) {
    return open(CameraConfigBuilder.command(FakeCameraProcess.command(flags)).build(), policy);
  }

  private List<String> warnings() {
    return logs.warnings().stream().map(l -> l.replaceFirst(" \\[[^]]*] ", " ")).toList();
  }

  @Test
  void awaitFrame_afterAMoment_givesAFrameExposedAfterIt() throws Exception {
    ProcessFrameSource source = fake(policy(0), "--fps", "10", "--width", "64", "--height", "48");
    Frame first = source.awaitFrame(System.nanoTime(), STARTUP_NANOS);

    long momentMillis = System.currentTimeMillis();
    long moment = System.nanoTime();
    Frame next = source.awaitFrame(moment, TimeUnit.SECONDS.toNanos(5));

    assertTrue(next.capturedNanos() > moment);
    assertTrue(next.sequence() > first.sequence());
    FakeCamera.Stamp stamp = FakeCamera.stampOf(next.jpeg());
    assertTrue(stamp.timeMillis() >= momentMillis, "stamped " + stamp.timeMillis() + ", asked " + momentMillis);
    assertTrue(stamp.frame() > FakeCamera.stampOf(first.jpeg()).frame());
    assertTrue(source.newest().orElseThrow().sequence() >= next.sequence());
    assertEquals(Optional.empty(), source.problem());
  }

  @Test
  void awaitFrame_newestAlreadyAfterTheMoment_returnsItAtOnce() throws Exception {
    ProcessFrameSource source = fake(policy(0), "--fps", "10", "--width", "64", "--height", "48");
    Frame frame = source.awaitFrame(System.nanoTime(), STARTUP_NANOS);

    assertEquals(frame.sequence(), source.awaitFrame(frame.capturedNanos() - 1, 0).sequence());
  }

  @Test
  void crash_restartsWithBackoff_andFramesComeAgain() throws Exception {
    ProcessFrameSource source = fake(policy(2), "--fps", "20", "--die-after", "3", "--width", "64",
        "--height", "48");

    Frame again = source.slot().awaitSequence(3, STARTUP_NANOS);

    assertNotNull(again, "a frame after the restart");
    // Each run numbers its frames 0, 1, 2; the sequence goes on across runs.
    assertEquals((again.sequence() - 1) % 3, FakeCamera.stampOf(again.jpeg()).frame());
    assertEquals(List.of("WARN camera: java exited with code 3; restarting it in 100 ms"), warnings());
    assertTrue(logs.lines().contains("INFO [" + ProcessFrameSource.class.getName()
        + "] camera: java gives frames again"), logs.lines().toString());
  }

  @Test
  void crashes_restartsExhausted_givesUpWithOneLineThatSaysWhatToDo() throws Exception {
    ProcessFrameSource source = fake(policy(1), "--die-after", "0", "--exit-code", "5");

    assertEquals(FrameSlot.State.FAILED, source.slot().awaitState(FrameSlot.State.FAILED, STARTUP_NANOS));

    String problem = "java exited with code 5; " + FIX;
    assertEquals(Optional.of(problem), source.problem());
    CameraException e = assertThrows(CameraException.class, () -> source.awaitFrame(System.nanoTime(),
        TimeUnit.SECONDS.toNanos(5)));
    assertEquals(problem, e.getMessage());
    assertEquals(List.of("WARN camera: java exited with code 5; restarting it in 100 ms",
        "WARN camera: java exited with code 5; gave up after 1 restart, vision is off until gemini-pi "
            + "restarts; " + FIX), warnings());
  }

  @Test
  void stall_noFrameForTimeout_processStoppedAndCameraGivenUp() throws Exception {
    CameraConfig camera = CameraConfigBuilder.command(FakeCameraProcess.command("--fps", "20", "--stall-after",
        "2", "--width", "64", "--height", "48")).timeoutMs(500).build();
    ProcessFrameSource source = open(camera, policy(0));

    assertEquals(FrameSlot.State.FAILED, source.slot().awaitState(FrameSlot.State.FAILED, STARTUP_NANOS));

    String cause = "java stopped giving frames (none for 500 ms, camera.timeoutMs)";
    assertEquals(Optional.of(cause + "; " + FIX), source.problem());
    assertEquals(List.of("WARN camera: " + cause + "; vision is off until gemini-pi restarts; " + FIX),
        warnings());
    assertEquals(List.of(), fakeCameras(), "the stalled process was stopped");
  }

  @Test
  void silentAtStart_noFrameWithinStartup_givenUp() throws Exception {
    CameraConfig camera = CameraConfigBuilder.command(List.of("sleep", "30")).timeoutMs(500).build();
    ProcessFrameSource source = open(camera, new ProcessPolicy(0, 100, 400, 0, 2000));

    assertEquals(FrameSlot.State.FAILED, source.slot().awaitState(FrameSlot.State.FAILED, STARTUP_NANOS));

    assertEquals(Optional.of("sleep gave no frame within 500 ms of starting; " + FIX), source.problem());
  }

  @Test
  void exit_stderrTailNamesTheCause() throws Exception {
    CameraConfig camera = CameraConfigBuilder.command(List.of("sh", "-c",
        "echo starting >&2; echo 'ERROR: *** no cameras available ***' >&2; exit 255")).build();
    ProcessFrameSource source = open(camera, policy(0));

    assertEquals(FrameSlot.State.FAILED, source.slot().awaitState(FrameSlot.State.FAILED, STARTUP_NANOS));

    assertEquals(Optional.of("sh exited with code 255 (stderr: \"ERROR: *** no cameras available ***\"); " + FIX),
        source.problem());
  }

  @Test
  void stderrFlood_isDrained_soFramesStillFlow() throws Exception {
    // 300 KB on stderr before the camera starts: far past the 64 KiB pipe buffer, so the script
    // would block forever if nobody read stderr (docs/hardware.md §3.1).
    List<String> argv = new ArrayList<>(List.of("sh", "-c",
        "head -c 300000 /dev/zero | tr '\\000' x >&2; echo >&2; exec \"$0\" \"$@\""));
    argv.addAll(FakeCameraProcess.command("--fps", "20", "--width", "64", "--height", "48"));
    ProcessFrameSource source = open(CameraConfigBuilder.command(argv).build(), policy(0));

    Frame first = source.slot().awaitSequence(0, STARTUP_NANOS);

    assertNotNull(first, "no frame: stderr not drained?");
    assertEquals(new JpegScaler.Size(64, 48), JpegScaler.dimensions(first.jpeg()),
        "a whole frame from the camera");
  }

  @Test
  void oneShotCommand_exitZeroAfterAFrame_isRunAgainWithoutWarning() throws Exception {
    CameraConfig camera = CameraConfigBuilder.command(FakeCameraProcess.command("--frames", "1", "--width", "64",
        "--height", "48")).framerate(5).build();
    ProcessFrameSource source = open(camera, policy(0));

    Frame first = source.slot().awaitSequence(0, STARTUP_NANOS);
    Frame second = source.awaitFrame(first.capturedNanos(), STARTUP_NANOS);

    assertTrue(second.sequence() >= 2, "a frame of a later run: " + second.sequence());
    assertEquals(0, FakeCamera.stampOf(second.jpeg()).frame(), "a second run");
    assertEquals(List.of(), warnings());
  }

  @Test
  void oneShotCommand_exitingAsSoonAsItWrote_neverLosesItsFrame(@TempDir Path dir) throws Exception {
    // cat ends the moment the last of its frame is in the pipe, often before our reader has read
    // it (bench/soak.sh found this). No restarts allowed, so one lost frame turns vision off.
    Path jpeg = dir.resolve("frame.jpg");
    Files.write(jpeg, TestJpegs.baseline(TestJpegs.noise(1280, 960, 1), 90)); // ~1 MB, like a still
    CameraConfig camera = CameraConfigBuilder.command(List.of("cat", jpeg.toString())).framerate(50).build();
    ProcessFrameSource source = open(camera, policy(0));

    Frame frame = source.slot().awaitSequence(0, STARTUP_NANOS);
    for (int run = 0; run < 150; run++) {
      frame = source.awaitFrame(frame.capturedNanos(), STARTUP_NANOS);
    }

    assertEquals(List.of(), warnings());
  }

  @Test
  void close_stopsTheProcess_andWaitersFail() throws Exception {
    ProcessFrameSource source = fake(policy(0), "--fps", "10", "--width", "64", "--height", "48");
    source.awaitFrame(System.nanoTime(), STARTUP_NANOS);

    source.close();

    assertEquals(List.of(), fakeCameras());
    CameraException e = assertThrows(CameraException.class, () -> source.awaitFrame(System.nanoTime(),
        TimeUnit.SECONDS.toNanos(5)));
    assertEquals("the camera is closed", e.getMessage());
    assertEquals(List.of(), warnings());
  }

  @Test
  void close_processIgnoresSigterm_killedAfterTheDeadline(@TempDir Path dir) throws Exception {
    Path ready = dir.resolve("ready");
    assertEquals(0, new ProcessBuilder("mkfifo", ready.toString()).start().waitFor());
    // An ignored signal stays ignored across exec, so this sleep shrugs off SIGTERM; the fifo
    // tells the test when the trap is set.
    CameraConfig camera = CameraConfigBuilder.command(List.of("sh", "-c",
        "trap '' TERM; echo > " + FakePrograms.quote(ready.toString()) + "; exec sleep 30"))
        .timeoutMs(60_000).build();
    ProcessFrameSource source = open(camera, new ProcessPolicy(0, 100, 400, 60_000, 300));
    Files.readAllBytes(ready);

    long startNanos = System.nanoTime();
    source.close();
    long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

    assertTrue(closeMs >= 300, "SIGKILL only after the 300 ms deadline, was " + closeMs + " ms");
    assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(h -> h.info().commandLine().orElse("?")).toList());
  }

  @Test
  void cannotStart_countsAsAFailedRun_andIsGivenUp(@TempDir Path dir) throws Exception {
    // Executable, so it passes the PATH check, but exec fails: its interpreter does not exist.
    Path broken = FakePrograms.script(dir, "broken", "");
    Files.writeString(broken, "#!/nonexistent/interpreter\n");
    ProcessFrameSource source = open(CameraConfigBuilder.command(List.of(broken.toString())).build(), policy(1));

    assertEquals(FrameSlot.State.FAILED, source.slot().awaitState(FrameSlot.State.FAILED, STARTUP_NANOS));

    String problem = source.problem().orElseThrow();
    assertTrue(problem.startsWith("could not start broken: Cannot run program"), problem);
    assertTrue(problem.endsWith("; " + FIX), problem);
    assertEquals(2, warnings().size(), "one restart, then given up: " + warnings());
  }
}
