package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Source;
import dev.geminipi.testkit.CameraConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraCommandsTest {
  @TempDir
  Path bin;

  private final CameraConfig camera = CameraConfigBuilder.defaults().size(640, 480).framerate(3).jpegQuality(75)
      .build();

  @Test
  void rpicam_streamsMjpegForeverToStdout() {
    assertEquals(List.of("/usr/bin/rpicam-vid", "-n", "-t", "0", "--codec", "mjpeg", "--width", "640",
        "--height", "480", "--framerate", "3", "-q", "75", "--flush", "-v", "0", "-o", "-"),
        CameraCommands.rpicam("/usr/bin/rpicam-vid", camera));
  }

  @Test
  void plan_rpicamOnPath_runsItByAbsolutePathWithQuietLibcamera() throws Exception {
    Path program = FakePrograms.script(bin, "rpicam-vid", "exit 0");

    CameraCommands.Run run = (CameraCommands.Run) CameraCommands.plan(camera, bin.toString());

    assertEquals(CameraCommands.rpicam(program.toString(), camera), run.argv());
    assertEquals("rpicam-vid", run.name());
    assertEquals(Map.of("LIBCAMERA_LOG_LEVELS", "*:ERROR"), run.environment());
  }

  @Test
  void plan_onlyLegacyLibcameraVid_usesIt() throws Exception {
    Path legacy = FakePrograms.script(bin, "libcamera-vid", "exit 0");

    CameraCommands.Run run = (CameraCommands.Run) CameraCommands.plan(camera, "/nonexistent:" + bin);

    assertEquals(legacy.toString(), run.argv().getFirst());
    assertEquals("libcamera-vid", run.name());
  }

  @Test
  void plan_bothNames_prefersRpicamVid() throws Exception {
    FakePrograms.script(bin, "libcamera-vid", "exit 0");
    Path current = FakePrograms.script(bin, "rpicam-vid", "exit 0");

    assertEquals(current.toString(), ((CameraCommands.Run) CameraCommands.plan(camera, bin.toString())).argv()
        .getFirst());
  }

  @Test
  void plan_noRpicam_saysInstallOrTurnOff() {
    assertEquals(new CameraCommands.Unavailable("rpicam-vid not found; install rpicam-apps or set camera.mode \"off\""),
        CameraCommands.plan(camera, bin.toString()));
  }

  @Test
  void v4l2_copiesTheWebcamsOwnMjpeg() {
    CameraConfig webcam = CameraConfigBuilder.defaults().source(Source.V4L2).device("/dev/video2")
        .size(1280, 720).framerate(15).build();

    assertEquals(List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "v4l2", "-input_format",
        "mjpeg", "-video_size", "1280x720", "-framerate", "15", "-i", "/dev/video2", "-c:v", "copy", "-f",
        "mjpeg", "-"), CameraCommands.v4l2("/usr/bin/ffmpeg", webcam));
  }

  @Test
  void plan_v4l2WithoutFfmpeg_saysInstallIt() {
    CameraConfig webcam = CameraConfigBuilder.defaults().source(Source.V4L2).build();

    assertEquals(new CameraCommands.Unavailable("ffmpeg not found (camera.source \"v4l2\" needs it); install it "
        + "with \"sudo apt install ffmpeg\", or set camera.mode \"off\""),
        CameraCommands.plan(webcam, bin.toString()));
  }

  @Test
  void plan_v4l2DeviceMissing_saysWhereToLook() throws Exception {
    FakePrograms.script(bin, "ffmpeg", "exit 0");
    CameraConfig webcam = CameraConfigBuilder.defaults().source(Source.V4L2).device("/dev/nonexistent-video9")
        .build();

    assertEquals(new CameraCommands.Unavailable("/dev/nonexistent-video9 not found; plug in the webcam and set "
        + "camera.device (see ls /dev/v4l/by-id), or set camera.mode \"off\""),
        CameraCommands.plan(webcam, bin.toString()));
  }

  @Test
  void plan_v4l2DevicePresent_runsFfmpeg() throws Exception {
    Path ffmpeg = FakePrograms.script(bin, "ffmpeg", "exit 0");
    Path device = Files.createFile(bin.resolve("video0"));
    CameraConfig webcam = CameraConfigBuilder.defaults().source(Source.V4L2).device(device.toString()).build();

    CameraCommands.Run run = (CameraCommands.Run) CameraCommands.plan(webcam, bin.toString());

    assertEquals(CameraCommands.v4l2(ffmpeg.toString(), webcam), run.argv());
  }

  @Test
  void plan_command_resolvedOnPathArgumentsKept() throws Exception {
    Path program = FakePrograms.script(bin, "snap", "exit 0");
    CameraConfig custom = CameraConfigBuilder.command(List.of("snap", "--jpeg", "-")).build();

    CameraCommands.Run run = (CameraCommands.Run) CameraCommands.plan(custom, bin.toString());

    assertEquals(List.of(program.toString(), "--jpeg", "-"), run.argv());
    assertEquals("snap", run.name());
  }

  @Test
  void plan_commandMissing_namesTheKey() {
    CameraConfig custom = CameraConfigBuilder.command(List.of("snap", "-")).build();

    assertEquals(new CameraCommands.Unavailable("snap not found (camera.command[0]); fix camera.command or set "
        + "camera.mode \"off\""), CameraCommands.plan(custom, bin.toString()));
  }

  @Test
  void plan_commandNotExecutable_isMissing() throws Exception {
    Path notExecutable = Files.writeString(bin.resolve("snap"), "#!/bin/sh\n");
    CameraConfig custom = CameraConfigBuilder.command(List.of(notExecutable.toString())).build();

    assertEquals(CameraCommands.Unavailable.class, CameraCommands.plan(custom, "").getClass());
  }

  @Test
  void captureSize_squareDefaultBound_asksFor4to3_otherSizesAsGiven() {
    assertArrayEquals(new int[] {1024, 768}, CameraCommands.captureSize(CameraConfig.defaults()));
    CameraConfig d = CameraConfig.defaults();
    CameraConfig wide = new CameraConfig(d.mode(), d.source(), d.command(), d.device(), 1280, 720,
        d.framerate(), d.intervalMs(), d.maxAgeMs(), d.timeoutMs(), d.jpegQuality(), d.sendOnWake());
    assertArrayEquals(new int[] {1280, 720}, CameraCommands.captureSize(wide));
  }
}
