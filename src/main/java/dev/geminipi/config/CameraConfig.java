package dev.geminipi.config;

import java.util.List;

/**
 * The {@code camera} section.
 *
 * @param command argv for {@link Source#COMMAND}; a program that writes JPEG or MJPEG to stdout
 * @param device the video device for {@link Source#V4L2}
 * @param width largest width sent to the model; bigger frames are scaled down, aspect kept
 * @param height largest height sent to the model
 * @param framerate frames per second asked of a streaming source (kept low so the Pi stays cool)
 * @param intervalMs time between frames in {@link Mode#STREAM}
 * @param maxAgeMs a frame older than this is never sent
 * @param timeoutMs no frame for this long disables vision
 * @param jpegQuality quality of re-encoded frames, 1-100
 * @param sendOnWake send one frame when a conversation starts
 */
public record CameraConfig(
    Mode mode,
    Source source,
    List<String> command,
    String device,
    int width,
    int height,
    int framerate,
    int intervalMs,
    int maxAgeMs,
    int timeoutMs,
    int jpegQuality,
    boolean sendOnWake) {

  public CameraConfig {
    command = List.copyOf(command);
  }

  /** AUTO means on-request when a camera is found, off otherwise. */
  public enum Mode { AUTO, OFF, ON_REQUEST, STREAM }

  /** Where frames come from. */
  public enum Source { RPICAM, V4L2, COMMAND }

  public static CameraConfig defaults() {
    return new CameraConfig(Mode.AUTO, Source.RPICAM, List.of(), "/dev/video0", 1024, 1024, 2,
        1000, 1500, 5000, 80, false);
  }
}
