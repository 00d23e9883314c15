package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraDetectorTest {
  @Test
  void lists_cameraLine_found() {
    assertTrue(CameraDetector.lists(FakePrograms.LISTING));
  }

  @Test
  void lists_usbCameraThroughLibcamera_found() {
    assertTrue(CameraDetector.lists("Available cameras\n-----------------\n"
        + "0 : uvcvideo [1280x720] (/base/scb/pcie@7d500000/pci@0,0/usb@0,0-1:1.0-046d:0825)\n"));
  }

  @Test
  void lists_noCameras_notFound() {
    assertFalse(CameraDetector.lists("No cameras available!\n"));
  }

  @Test
  void lists_errorsOnly_notFound() {
    assertFalse(CameraDetector.lists("[0:00:01.123] [842] ERROR CameraManager camera_manager.cpp:123 failed\n"));
  }

  @Test
  void lists_empty_notFound() {
    assertFalse(CameraDetector.lists(""));
  }

  @Test
  void listsCamera_childGetsNoHiddenVariable(@TempDir Path dir) throws Exception {
    // The test JVM holds no key, so a variable it does hold stands in for one: HOME.
    Path program = dir.resolve("rpicam-vid");
    Files.writeString(program, "#!/bin/sh\nenv > \"" + dir.resolve("env.txt") + "\"\n"
        + "printf '%s' \"$1\"\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    assertTrue(System.getenv().containsKey("HOME"));
    CameraDetector.listsCamera(program, ChildEnvironment.hidden("HOME"));
    String env = Files.readString(dir.resolve("env.txt"));
    assertFalse(env.lines().anyMatch(l -> l.startsWith("HOME=")), env);
    assertTrue(env.contains("LIBCAMERA_LOG_LEVELS=*:ERROR"), env);
    assertTrue(ChildEnvironment.hidden("MY_KEY").containsAll(Set.of("GEMINI_API_KEY",
        "GOOGLE_API_KEY", "MY_KEY")));
  }
}
