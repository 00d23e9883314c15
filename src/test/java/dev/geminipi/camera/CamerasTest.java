package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.CameraConfig;
import dev.geminipi.config.CameraConfig.Mode;
import dev.geminipi.config.CameraConfig.Source;
import dev.geminipi.testkit.CameraConfigBuilder;
import dev.geminipi.testkit.FakeCamera;
import dev.geminipi.testkit.FakeCameraProcess;
import dev.geminipi.testkit.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamerasTest {
  private static final CameraConfig AUTO_RPICAM = CameraConfigBuilder.defaults().mode(Mode.AUTO).build();

  @TempDir
  Path bin;

  private final LogCapture logs = LogCapture.open();

  @AfterEach
  void tearDown() {
    logs.close();
    assertEquals(List.of(), ProcessFrameSourceTest.fakeCameras());
  }

  private Cameras cameras() {
    return new Cameras(bin.toString(), System::nanoTime, ProcessFrameSourceTest.policy(0),
        "GEMINI_API_KEY");
  }

  private List<String> lines(String level) {
    return logs.lines().stream().filter(l -> l.startsWith(level + " [" + Cameras.class.getName() + "] "))
        .map(l -> l.substring(l.indexOf("] ") + 2)).toList();
  }

  @Test
  void mode_autoRpicamListsACamera_onRequest() throws Exception {
    FakePrograms.script(bin, "rpicam-vid", FakePrograms.rpicamBody(FakePrograms.LISTING, bin.resolve("args"),
        List.of("false")));

    assertEquals(Mode.ON_REQUEST, cameras().mode(AUTO_RPICAM));
    assertEquals(List.of("camera: found one for camera.source \"rpicam\", so vision is on-request "
        + "(camera.mode \"auto\")"), lines("INFO"));
  }

  @Test
  void mode_autoRpicamListsNone_off() throws Exception {
    FakePrograms.script(bin, "rpicam-vid", FakePrograms.rpicamBody("No cameras available!\n",
        bin.resolve("args"), List.of("false")));

    assertEquals(Mode.OFF, cameras().mode(AUTO_RPICAM));
    assertEquals(List.of("camera: none found for camera.source \"rpicam\", so vision is off (camera.mode "
        + "\"auto\")"), lines("INFO"));
  }

  @Test
  void mode_autoLegacyLibcameraVidListsACamera_onRequest() throws Exception {
    FakePrograms.script(bin, "libcamera-vid", FakePrograms.rpicamBody(FakePrograms.LISTING, bin.resolve("args"),
        List.of("false")));

    assertEquals(Mode.ON_REQUEST, cameras().mode(AUTO_RPICAM));
  }

  @Test
  void mode_autoNoRpicamInstalled_offWithoutWarning() {
    assertEquals(Mode.OFF, cameras().mode(AUTO_RPICAM));
    assertEquals(List.of(), logs.warnings());
  }

  @Test
  void mode_autoV4l2_followsTheDeviceNode() throws Exception {
    Path device = Files.createFile(bin.resolve("video0"));
    CameraConfigBuilder webcam = CameraConfigBuilder.defaults().mode(Mode.AUTO).source(Source.V4L2);

    assertEquals(Mode.ON_REQUEST, cameras().mode(webcam.device(device.toString()).build()));
    assertEquals(Mode.OFF, cameras().mode(webcam.device(bin.resolve("video1").toString()).build()));
  }

  @Test
  void mode_autoCommand_followsTheProgram() {
    CameraConfigBuilder custom = CameraConfigBuilder.command(List.of()).mode(Mode.AUTO);

    assertEquals(Mode.ON_REQUEST, cameras().mode(custom.argv(FakeCameraProcess.command()).build()));
    assertEquals(Mode.OFF, cameras().mode(custom.argv(List.of("no-such-camera-tool")).build()));
  }

  @Test
  void mode_explicit_keptWithoutLookingForACamera() {
    assertEquals(Mode.STREAM, cameras().mode(CameraConfigBuilder.defaults().mode(Mode.STREAM).build()));
    assertEquals(List.of(), logs.lines());
  }

  @Test
  void open_off_isTheEmptySource() {
    FrameSource none = cameras().open(CameraConfigBuilder.defaults().build(), Mode.OFF);

    assertSame(FrameSource.none(), none);
    CameraException e = assertThrows(CameraException.class, () -> none.awaitFrame(0, 0));
    assertEquals("the camera is off (camera.mode \"off\")", e.getMessage());
    assertEquals(Optional.empty(), none.problem());
  }

  @Test
  void open_auto_refused() {
    assertThrows(IllegalArgumentException.class, () -> cameras().open(AUTO_RPICAM, Mode.AUTO));
  }

  @Test
  void open_rpicam_runsRpicamVidWithStreamFlags() throws Exception {
    Path args = bin.resolve("args");
    FakePrograms.script(bin, "rpicam-vid", FakePrograms.rpicamBody(FakePrograms.LISTING, args,
        FakeCameraProcess.command("--fps", "10", "--width", "64", "--height", "48")));
    CameraConfig camera = CameraConfigBuilder.defaults().size(800, 600).framerate(4).jpegQuality(70).build();

    try (FrameSource source = cameras().open(camera, Mode.ON_REQUEST)) {
      FrameSource.Frame first = ((ProcessFrameSource) source).slot().awaitSequence(0,
          ProcessFrameSourceTest.STARTUP_NANOS);

      assertTrue(FakeCamera.stampOf(first.jpeg()).frame() >= 0, "a frame from the fake camera");
    }
    assertEquals(List.of("-n", "-t", "0", "--codec", "mjpeg", "--width", "800", "--height", "600", "--framerate",
        "4", "-q", "70", "--flush", "-v", "0", "-o", "-"), Files.readAllLines(args));
    assertEquals(List.of("camera: starting rpicam-vid for camera.source \"rpicam\" (4 fps asked)"), lines("INFO"));
  }

  @Test
  void open_rpicamMissing_oneWarningAndEveryRequestFailsWithIt() {
    FrameSource source = cameras().open(CameraConfigBuilder.defaults().build(), Mode.ON_REQUEST);

    String problem = "rpicam-vid not found; install rpicam-apps or set camera.mode \"off\"";
    assertEquals(List.of("WARN [" + Cameras.class.getName() + "] camera: " + problem), logs.warnings());
    CameraException e = assertThrows(CameraException.class, () -> source.awaitFrame(0, TimeUnit.SECONDS.toNanos(5)));
    assertEquals(problem, e.getMessage());
    assertEquals(Optional.of(problem), source.problem());
    assertFalse(source.newest().isPresent());
  }

  @Test
  void check_off_passes() {
    assertEquals(new Cameras.CheckResult(true, "camera off (camera.mode \"off\")"),
        cameras().check(CameraConfigBuilder.defaults().mode(Mode.OFF).build()));
  }

  @Test
  void check_autoWithoutCamera_passesSayingVisionIsOff() {
    assertEquals(new Cameras.CheckResult(true, "no camera found for camera.source \"rpicam\", so vision is off "
        + "(camera.mode \"auto\")"), cameras().check(AUTO_RPICAM));
  }

  @Test
  void check_workingCommand_givesAFrame() {
    CameraConfig camera = CameraConfigBuilder.command(FakeCameraProcess.command("--fps", "10", "--width", "320",
        "--height", "240")).build();

    Cameras.CheckResult result = cameras().check(camera);

    assertTrue(result.ok(), result.line());
    assertTrue(result.line().matches("camera gives a frame \\(320x240 JPEG from java in \\d+ ms\\)"),
        result.line());
  }

  @Test
  void check_rpicamMissing_failsWithTheFix() {
    assertEquals(new Cameras.CheckResult(false, "camera gives a frame: rpicam-vid not found; install rpicam-apps "
        + "or set camera.mode \"off\""), cameras().check(CameraConfigBuilder.defaults().mode(Mode.ON_REQUEST).build()));
  }

  @Test
  void check_dyingCommand_failsWithItsStderr() {
    CameraConfig camera = CameraConfigBuilder.command(List.of("sh", "-c", "echo 'no camera here' >&2; exit 1"))
        .build();

    assertEquals(new Cameras.CheckResult(false, "camera gives a frame: sh exited with code 1 (stderr: \"no camera "
        + "here\"); run camera.command by hand to see why, or set camera.mode \"off\""),
        new Cameras(System.getenv("PATH"), System::nanoTime, ProcessPolicy.defaults(),
            "GEMINI_API_KEY").check(camera));
  }

  @Test
  void check_configuredCameraAbsent_rpicamFindsNone_crossWithTheFix() throws Exception {
    // What rpicam-vid does on a Pi with rpicam-apps but no camera on the ribbon cable.
    Path fake = bin.resolve("rpicam-vid");
    java.nio.file.Files.writeString(fake, "#!/bin/sh\necho 'ERROR: *** no cameras available ***' >&2\n"
        + "exit 255\n");
    fake.toFile().setExecutable(true);

    assertEquals(new Cameras.CheckResult(false, "camera gives a frame: rpicam-vid exited with code 255 (stderr: "
        + "\"ERROR: *** no cameras available ***\"); check the camera cable and \"rpicam-hello "
        + "--list-cameras\", or set camera.mode \"off\""),
        cameras().check(CameraConfigBuilder.defaults().mode(Mode.ON_REQUEST).build()));
  }
}
