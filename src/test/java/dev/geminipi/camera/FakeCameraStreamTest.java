package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.FakeCamera;
import dev.geminipi.testkit.FakeCameraProcess;
import dev.geminipi.testkit.TestJpegs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

// FakeCamera as a real child process, its stdout split as the daemon will split rpicam-vid's.
class FakeCameraStreamTest {
  private static final long EXIT_TIMEOUT_SECONDS = 10;

  private static List<FakeCamera.Stamp> stamps(List<byte[]> frames) {
    List<FakeCamera.Stamp> stamps = new ArrayList<>();
    for (byte[] frame : frames) {
      stamps.add(FakeCamera.stampOf(frame));
    }
    return stamps;
  }

  private static void assertInOrderAndFresh(List<FakeCamera.Stamp> stamps, long startedMillis) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < stamps.size(); i++) {
      FakeCamera.Stamp stamp = stamps.get(i);
      assertEquals(i, stamp.frame(), "frame numbers in order");
      assertTrue(stamp.timeMillis() >= startedMillis && stamp.timeMillis() <= now,
          "frame " + i + " stamped " + stamp.timeMillis() + ", test ran " + startedMillis + ".." + now);
      if (i > 0) {
        assertTrue(stamp.timeMillis() >= stamps.get(i - 1).timeMillis(), "time goes forward at frame " + i);
      }
    }
  }

  @Test
  void plainStream_framesArriveInOrderAndCountMatches() throws Exception {
    long started = System.currentTimeMillis();
    try (FakeCameraProcess camera = FakeCameraProcess.start("--fps", "50", "--frames", "8",
        "--width", "320", "--height", "240")) {
      FramePump pump = new FramePump(camera.stdout(), MjpegSplitter.DEFAULT_MAX_FRAME_BYTES);

      List<byte[]> frames = pump.takeUntilEnd();

      assertEquals(0, camera.waitForExit(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(8, frames.size());
      assertInOrderAndFresh(stamps(frames), started);
      for (byte[] frame : frames) {
        assertEquals(new JpegScaler.Size(320, 240), JpegScaler.dimensions(frame));
        assertNotNull(TestJpegs.decode(frame));
      }
      assertEquals(0, pump.splitter().junkBytes());
      assertEquals(0, pump.splitter().droppedFrames());
    }
  }

  @Test
  void fps_framesPacedAtTheRate() throws Exception {
    try (FakeCameraProcess camera = FakeCameraProcess.start("--fps", "20", "--frames", "6",
        "--width", "64", "--height", "48")) {
      FramePump pump = new FramePump(camera.stdout(), MjpegSplitter.DEFAULT_MAX_FRAME_BYTES);

      List<FakeCamera.Stamp> stamps = stamps(pump.takeUntilEnd());

      // The fake sleeps until each frame is due and never wakes early: 5 periods of 50 ms.
      long spanMillis = stamps.getLast().timeMillis() - stamps.getFirst().timeMillis();
      assertTrue(spanMillis >= 5 * 50 - 2, "6 frames at 20 fps spanned " + spanMillis + " ms");
    }
  }

  @Test
  void trickyStream_everyFrameSplitAndDecodes() throws Exception {
    long started = System.currentTimeMillis();
    try (FakeCameraProcess camera = FakeCameraProcess.start("--tricky", "--fps", "100", "--frames", "10")) {
      FramePump pump = new FramePump(camera.stdout(), MjpegSplitter.DEFAULT_MAX_FRAME_BYTES);

      List<byte[]> frames = pump.takeUntilEnd();

      assertEquals(0, camera.waitForExit(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(10, frames.size(), "frame sizes " + Frames.sizes(frames));
      assertInOrderAndFresh(stamps(frames), started);
      for (int i = 0; i < frames.size(); i++) {
        assertNotNull(TestJpegs.decode(frames.get(i)), "frame " + i + " decodes");
      }
      // Each trick really happened: thumbnail inside frame 1, FF D9 in frame 3's COM,
      // frames 4 and 9 large, junk before frames 2 and 7.
      assertEquals(2, TestJpegs.countMarker(frames.get(1), 0xD8));
      assertTrue(TestJpegs.indexOfMarker(frames.get(3), 0xD9, 0) < frames.get(3).length - 2);
      assertTrue(frames.get(4).length > 1 << 20, "large frame of " + frames.get(4).length + " bytes");
      assertEquals(new JpegScaler.Size(FakeCamera.LARGE_WIDTH, FakeCamera.LARGE_HEIGHT),
          JpegScaler.dimensions(frames.get(9)));
      assertTrue(pump.splitter().junkBytes() >= 2 * 64, "junk " + pump.splitter().junkBytes());
      assertEquals(0, pump.splitter().droppedFrames());
    }
  }

  @Test
  void trickyStream_smallLimit_dropsOnlyTheLargeFrames() throws Exception {
    try (FakeCameraProcess camera = FakeCameraProcess.start("--tricky", "--fps", "100", "--frames", "10")) {
      FramePump pump = new FramePump(camera.stdout(), 1 << 20);

      List<byte[]> frames = pump.takeUntilEnd();

      assertEquals(List.of(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L),
          stamps(frames).stream().map(FakeCamera.Stamp::frame).toList());
      assertEquals(2, pump.splitter().oversizedFrames());
    }
  }

  @Test
  void dieAfter_exitsWithCodeAfterThoseFrames() throws Exception {
    try (FakeCameraProcess camera = FakeCameraProcess.start("--fps", "50", "--die-after", "3",
        "--exit-code", "7", "--width", "64", "--height", "48")) {
      FramePump pump = new FramePump(camera.stdout(), MjpegSplitter.DEFAULT_MAX_FRAME_BYTES);

      List<byte[]> frames = pump.takeUntilEnd();

      assertEquals(7, camera.waitForExit(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(List.of(0L, 1L, 2L), stamps(frames).stream().map(FakeCamera.Stamp::frame).toList());
    }
  }

  @Test
  void stallAfter_stopsWritingButStaysAlive() throws Exception {
    try (FakeCameraProcess camera = FakeCameraProcess.start("--fps", "50", "--stall-after", "2",
        "--width", "64", "--height", "48")) {
      FramePump pump = new FramePump(camera.stdout(), MjpegSplitter.DEFAULT_MAX_FRAME_BYTES);

      assertEquals(0, FakeCamera.stampOf(pump.take()).frame());
      assertEquals(1, FakeCamera.stampOf(pump.take()).frame());

      // At 50 fps, ten frame periods with nothing is a stall, not a slow frame.
      assertNull(pump.poll(200, TimeUnit.MILLISECONDS), "nothing after the stall");
      assertTrue(camera.process().isAlive());
      camera.process().getOutputStream().close(); // closing its stdin lets a stalled fake exit
      assertEquals(0, camera.waitForExit(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      FramePump.assertEnd(pump.poll(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
  }

  @Test
  void badFlag_exitsWithUsageCode() throws Exception {
    try (FakeCameraProcess camera = FakeCameraProcess.start("--fps", "fast")) {
      assertEquals(FakeCamera.EXIT_USAGE, camera.waitForExit(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(0, camera.stdout().readAllBytes().length);
    }
  }

  @Test
  void command_runsWithThisJvmAndClassPath() {
    List<String> argv = FakeCameraProcess.command("--frames", "1");

    assertTrue(argv.getFirst().startsWith(System.getProperty("java.home")), argv.getFirst());
    assertEquals(List.of(FakeCamera.class.getName(), "--frames", "1"), argv.subList(argv.size() - 3, argv.size()));
  }
}
