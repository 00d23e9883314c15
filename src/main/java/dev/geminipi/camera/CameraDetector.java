package dev.geminipi.camera;

import dev.geminipi.config.CameraConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

// Whether a camera is there, for camera.mode "auto". Cheap checks only: a program on PATH, a
// device node, and for the Pi camera what libcamera itself lists.
final class CameraDetector {
  // libcamera can take a few seconds to enumerate on a cold Pi Zero.
  static final long LIST_TIMEOUT_MS = 10_000;
  private static final long STOP_TIMEOUT_MS = 1000;

  // `rpicam-vid --list-cameras` prints one "0 : imx708 [4608x2592 10-bit RGGB] (/base/...)" line per
  // camera, or "No cameras available!" (rpicam-apps, docs/hardware.md §3.1).
  private static final Pattern CAMERA_LINE = Pattern.compile("(?m)^\\s*\\d+\\s*:\\s*\\S+");

  private CameraDetector() {
  }

  static boolean found(CameraConfig camera, String searchPath, Set<String> hidden) {
    return switch (camera.source()) {
      case RPICAM -> CameraCommands.rpicamProgram(searchPath)
          .map(p -> listsCamera(p, hidden)).orElse(false);
      case V4L2 -> CameraCommands.deviceExists(camera.device());
      case COMMAND -> !camera.command().isEmpty()
          && Programs.find(camera.command().getFirst(), searchPath).isPresent();
    };
  }

  static boolean listsCamera(Path program, Set<String> hidden) {
    Process p;
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of(program.toString(), "--list-cameras"))
          .redirectErrorStream(true);
      ChildEnvironment.scrub(builder.environment(), hidden);
      builder.environment().put("LIBCAMERA_LOG_LEVELS", "*:ERROR");
      p = builder.start();
    } catch (IOException e) {
      return false;
    }
    AtomicReference<String> output = new AtomicReference<>("");
    Thread reader = Thread.ofVirtual().name("camera-list").start(() -> output.set(readAll(p.getInputStream())));
    try {
      if (!p.waitFor(LIST_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        Processes.stop(p, STOP_TIMEOUT_MS);
        return false;
      }
      reader.join(STOP_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Processes.stop(p, STOP_TIMEOUT_MS);
      Thread.currentThread().interrupt();
      return false;
    }
    return lists(output.get());
  }

  static boolean lists(String listOutput) {
    return CAMERA_LINE.matcher(listOutput).find();
  }

  private static String readAll(InputStream in) {
    try (in) {
      // The listing is a few lines per camera; the cap only guards against a runaway program.
      return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
