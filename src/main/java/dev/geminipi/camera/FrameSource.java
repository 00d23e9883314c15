package dev.geminipi.camera;

import java.util.Optional;

/**
 * A camera seen as a stream of JPEG frames of which only the newest is kept, so a slow reader
 * never gets a backlog of stale pictures. Sources run their own threads; every method may be
 * called from any thread, and only {@link #awaitFrame} waits.
 */
public interface FrameSource extends AutoCloseable {
  /**
   * One picture as the camera wrote it.
   *
   * @param jpeg the JPEG bytes, shared: never modify them
   * @param sequence counts frames from 1 over the source's life, across process restarts
   * @param capturedNanos the earliest moment the picture can have been taken, on the source's
   *     time source ({@link System#nanoTime} in production)
   */
  record Frame(byte[] jpeg, long sequence, long capturedNanos) {
  }

  /** The newest frame, if there is one; never waits. */
  Optional<Frame> newest();

  /**
   * The first frame captured after {@code afterNanos}: the newest one if it already is, else the
   * next to arrive.
   *
   * @throws CameraException if none arrives within {@code timeoutNanos}, or at once if the camera
   *     is down or has failed; the message says why and what to do
   */
  Frame awaitFrame(long afterNanos, long timeoutNanos) throws CameraException, InterruptedException;

  /** Why the camera is not working, with the fix; empty while it works (or is off). */
  Optional<String> problem();

  /** Stops the camera: its process gets SIGTERM, then SIGKILL after a deadline. */
  @Override
  void close();

  /** The source for {@code camera.mode "off"}: never has a frame (STYLE 17). */
  static FrameSource none() {
    return NoFrameSource.INSTANCE;
  }
}
