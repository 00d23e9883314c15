package dev.geminipi.camera;

import java.util.Optional;

// Mode "off": callers keep one code path instead of asking whether there is a camera.
enum NoFrameSource implements FrameSource {
  INSTANCE;

  // Public surface: tests pin it.
  static final String OFF = "the camera is off (camera.mode \"off\")";

  @Override
  public Optional<Frame> newest() {
    return Optional.empty();
  }

  @Override
  public Frame awaitFrame(long afterNanos, long timeoutNanos) throws CameraException {
    throw new CameraException(OFF);
  }

  @Override
  public Optional<String> problem() {
    return Optional.empty();
  }

  @Override
  public void close() {
  }
}
