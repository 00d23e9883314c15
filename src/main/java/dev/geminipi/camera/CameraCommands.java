package dev.geminipi.camera;

import dev.geminipi.config.CameraConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

// The argv that streams MJPEG for each camera.source, or why there is none. The texts are public
// surface: they reach the journal, `gemini-pi check` and the tests.
final class CameraCommands {
  static final String RPICAM_VID = "rpicam-vid";
  // Removed in rpicam-apps 1.8.0 (docs/hardware.md §3.1), still the only name on older images.
  static final String LEGACY_VID = "libcamera-vid";
  static final String FFMPEG = "ffmpeg";

  static final String OFF_HINT = "set camera.mode \"off\"";

  /** How to run the camera, or why it cannot run. */
  sealed interface Plan {
  }

  /**
   * @param name the program's file name, for log lines
   * @param fix what the user should try when the program fails, ending with the way out
   */
  record Run(String name, List<String> argv, Map<String, String> environment, String fix) implements Plan {
    Run {
      argv = List.copyOf(argv);
      environment = Map.copyOf(environment);
    }
  }

  record Unavailable(String problem) implements Plan {
  }

  private CameraCommands() {
  }

  static Plan plan(CameraConfig camera, String searchPath) {
    return switch (camera.source()) {
      case RPICAM -> rpicamPlan(camera, searchPath);
      case V4L2 -> v4l2Plan(camera, searchPath);
      case COMMAND -> commandPlan(camera, searchPath);
    };
  }

  /** rpicam-vid, else its legacy name; empty when neither is installed. */
  static Optional<Path> rpicamProgram(String searchPath) {
    return Programs.find(RPICAM_VID, searchPath).or(() -> Programs.find(LEGACY_VID, searchPath));
  }

  private static Plan rpicamPlan(CameraConfig camera, String searchPath) {
    Optional<Path> program = rpicamProgram(searchPath);
    if (program.isEmpty()) {
      return new Unavailable(RPICAM_VID + " not found; install rpicam-apps or " + OFF_HINT);
    }
    // libcamera logs INFO lines to stderr on every start; errors are what we want to keep.
    return new Run(program.get().getFileName().toString(), rpicam(program.get().toString(), camera),
        Map.of("LIBCAMERA_LOG_LEVELS", "*:ERROR"),
        "check the camera cable and \"rpicam-hello --list-cameras\", or " + OFF_HINT);
  }

  /**
   * One long-running MJPEG stream (docs/hardware.md §3.1): {@code -t 0} runs forever (the default
   * stops after 5 s), {@code --flush} writes each frame whole instead of holding its tail in a
   * block-buffered pipe, {@code -n} skips the preview window and {@code -v 0} keeps stderr quiet.
   */
  static List<String> rpicam(String program, CameraConfig camera) {
    int[] size = captureSize(camera);
    return List.of(program, "-n", "-t", "0", "--codec", "mjpeg",
        "--width", Integer.toString(size[0]), "--height", Integer.toString(size[1]),
        "--framerate", Integer.toString(camera.framerate()), "-q", Integer.toString(camera.jpegQuality()),
        "--flush", "-v", "0", "-o", "-");
  }

  private static Plan v4l2Plan(CameraConfig camera, String searchPath) {
    Optional<Path> ffmpeg = Programs.find(FFMPEG, searchPath);
    if (ffmpeg.isEmpty()) {
      return new Unavailable(FFMPEG + " not found (camera.source \"v4l2\" needs it); install it with "
          + "\"sudo apt install ffmpeg\", or " + OFF_HINT);
    }
    if (!deviceExists(camera.device())) {
      return new Unavailable(missingDevice(camera.device()));
    }
    return new Run(FFMPEG, v4l2(ffmpeg.get().toString(), camera), Map.of(),
        "check the webcam with \"v4l2-ctl -d " + camera.device() + " --list-formats-ext\", or " + OFF_HINT);
  }

  static String missingDevice(String device) {
    return device + " not found; plug in the webcam and set camera.device (see ls /dev/v4l/by-id), or "
        + OFF_HINT;
  }

  /**
   * The webcam's own MJPEG, copied without re-encoding (docs/hardware.md §3.3). Most webcams offer
   * only 15 or 30 fps; the driver picks the nearest rate and the source keeps the newest frame.
   */
  static List<String> v4l2(String ffmpeg, CameraConfig camera) {
    return List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "v4l2", "-input_format", "mjpeg",
        "-video_size", captureSize(camera)[0] + "x" + captureSize(camera)[1], "-framerate",
        Integer.toString(camera.framerate()), "-i", camera.device(), "-c:v", "copy", "-f", "mjpeg", "-");
  }

  /**
   * What to ask the camera for. A square bound (the default 1024x1024 is a limit on what the
   * model gets, not a shape) becomes the largest 4:3 picture inside it, the sensor's and most
   * webcams' own shape; any other width x height is taken as the size the owner wants.
   */
  static int[] captureSize(CameraConfig camera) {
    if (camera.width() != camera.height()) {
      return new int[] {camera.width(), camera.height()};
    }
    int width = camera.width() & ~1;
    int height = (width * 3 / 4) & ~1;
    return new int[] {width, height};
  }

  private static Plan commandPlan(CameraConfig camera, String searchPath) {
    List<String> command = camera.command();
    if (command.isEmpty()) {
      return new Unavailable("camera.command is empty; give the argv of a program that writes JPEG or "
          + "MJPEG to stdout, or " + OFF_HINT);
    }
    String program = command.getFirst();
    Optional<Path> found = Programs.find(program, searchPath);
    if (found.isEmpty()) {
      return new Unavailable(program + " not found (camera.command[0]); fix camera.command or " + OFF_HINT);
    }
    List<String> argv = new ArrayList<>(command);
    argv.set(0, found.get().toString());
    return new Run(Programs.name(program), argv, Map.of(),
        "run camera.command by hand to see why, or " + OFF_HINT);
  }

  static boolean deviceExists(String device) {
    try {
      return !device.isEmpty() && Files.exists(Path.of(device));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
